"""What notifications keep: each user's choices, the notices, the outbox of mails and the
calendar feed's secret.

A notice is unique per (user, event, case, reference): the reference says which occurrence (the
follow-up date, the barrier and its threshold, the hand-over's moment), so a reminder goes once
and a moved follow-up date arms it again. That uniqueness is the sent-log.
"""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db
from initiatives.notifications.events import DEFAULT_DIGEST_HOUR, Channel, Event


class NotificationSettings(db.Model):
    """A user's digest time and days and the language of their mails; the choices per event are
    `NotificationChoice` rows (an event without one has its default)."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    #: "HH:MM", in the municipality's time zone.
    digest_hour: Mapped[str] = mapped_column(sa.String(5), default=DEFAULT_DIGEST_HOUR)
    #: False: the digest comes on working days only (Monday to Friday).
    digest_on_weekends: Mapped[bool] = mapped_column(default=False)
    #: The language of mails and of the calendar feed ("nl" or "en"): the one last chosen in the app.
    language: Mapped[str] = mapped_column(sa.String(5), default="nl")
    #: The day the last digest was made, so that one goes per day.
    last_digest_on: Mapped[date | None] = mapped_column(sa.Date)

    user: Mapped[User] = relationship()


class NotificationChoice(db.Model):
    """How one user receives one kind of notice."""

    __tablename__ = "notification_choices"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    event: Mapped[Event] = mapped_column(enum_column_type(Event, "notification_event"), primary_key=True)
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "notification_channel"))


class Notification(db.Model):
    """A notice to one user about one case."""

    __tablename__ = "notifications"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "event", "initiative_id", "reference"),
        # The header's count and the page: a user's unread notices, newest first.
        sa.Index("ix_notifications_user_id_read_at", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    event: Mapped[Event] = mapped_column(enum_column_type(Event, "notification_event"))
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    #: Which occurrence: a follow-up's date, "barrier 12: 30 days", a hand-over's moment.
    reference: Mapped[str] = mapped_column(sa.String(64), default="")
    #: The channel chosen when the notice was made (email, digest or in_app; never off).
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "notification_channel"))
    #: What the text needs besides the case (a barrier's number, a help's decision...): no
    #: resident's personal data, which is looked up, with the recipient's rights, when shown.
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Its reason went away (the follow-up moved, the case closed): no longer shown or sent.
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The mail that carried it (at once, or in a digest); None while none has.
    outbox_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notification_outbox.id", ondelete="SET NULL"), index=True
    )

    user: Mapped[User] = relationship()
    initiative = relationship("Initiative")
    outbox_message = relationship("OutboxMessage", back_populates="notifications")


class OutboxKind(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    #: A mail to a case's contact person (a resident), written and sent for the case's owner:
    #: composed by the domain that queued it (`mails.register_composer`).
    STATUS = "status"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"  # given up: shown to the admin


class OutboxMessage(db.Model):
    """A mail to send, written in the transaction that caused it; `flask notifications deliver`
    renders it in the recipient's language and sends it, retrying with backoff.

    Most go to a user. A status mail goes to a case's contact person (`initiator_id`), and its
    user is the case's owner, for whom it is sent."""

    __tablename__ = "notification_outbox"
    __table_args__ = (
        # The deliverer's question: what is pending and due now, oldest first.
        sa.Index("ix_notification_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutboxKind] = mapped_column(enum_column_type(OutboxKind, "outbox_kind"))
    status: Mapped[OutboxStatus] = mapped_column(
        enum_column_type(OutboxStatus, "outbox_status"), default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    #: The Message-ID header, fixed when first sent so that a retry is the same mail.
    message_id: Mapped[str] = mapped_column(sa.String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A status mail's recipient: a contact person of the case (deleted with them).
    initiator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("initiators.id", ondelete="CASCADE"), index=True
    )
    #: What a status mail tells besides its recipient (the stage the case moved to); no personal data.
    data: Mapped[dict | None] = mapped_column(sa.JSON)

    user: Mapped[User] = relationship()
    initiator = relationship("Initiator")
    notifications: Mapped[list[Notification]] = relationship(
        back_populates="outbox_message", order_by=Notification.created_at
    )


class CalendarFeed(db.Model):
    """A user's secret calendar address. The token in the URL is HMAC(SECRET_KEY, nonce): shown
    again whenever asked, found by its hash; revoking deletes the row (the old URL then gives 404)."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    nonce: Mapped[str] = mapped_column(sa.String(64))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()
