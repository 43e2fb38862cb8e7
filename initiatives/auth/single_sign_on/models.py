"""The binding of a local account to a person at the OpenID Connect provider."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db


class OidcIdentity(db.Model):
    """The person at an OpenID Connect provider (issuer + subject) bound to a local account."""

    __tablename__ = "oidc_identities"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identities_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One binding per account: a second provider identity for the same account is refused.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str] = mapped_column(sa.String(255))
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self):
        return f"<OidcIdentity {self.issuer} {self.subject} of user {self.user_id}>"
