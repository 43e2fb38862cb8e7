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
    #: It is HMAC(SECRET_KEY, nonce) (`operations.link_secret`), so the status mails can carry
    #: the link again; the database alone does not give it. Links made before have no nonce.
    nonce: Mapped[str | None] = mapped_column(sa.String(64))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The last day the link works; each use moves it on (`operations.VALIDITY_MONTHS`).
    expires_on: Mapped[date]
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative")
    created_by: Mapped[User] = relationship()


class StatusMailSettings(db.Model):
    """Whether a case's contact persons get a mail when the case moves to another stage, and the
    owner's own sentence in it. Turned on by the owner from the preview, off by anyone on the team."""

    __tablename__ = "status_mail_settings"

    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    #: The owner's personal sentence, the same in every mail of the case.
    personal_sentence: Mapped[str] = mapped_column(sa.String(300), default="")
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by: Mapped[User] = relationship()
