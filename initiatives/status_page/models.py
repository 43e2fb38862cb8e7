"""A case's status link: only the hash of its secret is stored, one link per case."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db


class StatusLink(db.Model):
    __tablename__ = "status_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Unique: making a new link replaces the case's old one.
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    #: sha256 of the secret in the URL (`core.tokens.hash_token`); the secret itself is not kept.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The last day the link works; each use moves it on (`operations.VALIDITY_MONTHS`).
    expires_on: Mapped[date]
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative")
    created_by: Mapped[User] = relationship()
