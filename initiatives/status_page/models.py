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


class SatisfactionAnswer(db.Model):
    """The initiators' answer to the closed case's one question: how satisfied they are (1 to 5),
    with an optional comment. One per case: they share one link, and answering again replaces it."""

    __tablename__ = "satisfaction_answers"
    __table_args__ = (
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="score_from_1_to_5"),
        # Covering index for the dashboard's figures: the case, then its score (0022).
        sa.Index("ix_satisfaction_answers_dashboard", "initiative_id", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    #: 1 very dissatisfied ... 5 very satisfied (`operations.SATISFACTION_SCORES`).
    score: Mapped[int]
    #: The initiators' own words: for the case's team only, anonymised with the case's texts.
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative")
