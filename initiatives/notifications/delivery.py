"""Sending the outbox: each pending mail whose time has come, oldest first, once.

A deliverer claims one mail in a short write transaction: on PostgreSQL the row is locked with
`FOR UPDATE SKIP LOCKED`, so deliverers on several app servers each take another one, and the
claim moves the mail's next attempt a lease ahead, so no one else takes it while it is being sent.
It is sent outside any transaction (a slow SMTP server then holds no lock, nor SQLite's one write
lock) and the outcome is written in a second short transaction: sent; tried again later with
backoff when the server is down or answers 4xx; failed, shown to the admin, on a 5xx answer or
after the last attempt. A deliverer that dies while sending leaves the mail to be tried again
when the lease ends (with the same Message-ID, so a receiver can tell it is the same mail).

A mail with nothing left to tell (the immediate notice's reason went away: the follow-up moved,
the case closed; or the user is deactivated or has no address any more) is not sent: it is
marked sent, with `last_error` starting with SKIPPED and saying why, and no Message-ID.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.cases.queries import SCREENING
from initiatives.core.db import utcnow, writing
from initiatives.extensions import db
from initiatives.notifications.mails import NothingToSend, compose, composer_for, new_message_id
from initiatives.notifications.models import Notification, OutboxMessage, OutboxStatus
from initiatives.notifications.preferences import settings_for
from initiatives.notifications.queries import reason_holds
from initiatives.notifications.transport import Refused, TryAgain

#: Minutes to wait after each failed attempt; after the last one the mail has failed.
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
#: How long a claimed mail is left to the deliverer sending it.
LEASE = timedelta(minutes=10)
#: What a skipped mail's last_error starts with.
SKIPPED = "not sent:"


@dataclass
class Outcome:
    sent: int = 0
    skipped: int = 0
    retried: int = 0
    failed: int = 0
    errors: list = field(default_factory=list)
    #: The server could not be reached: the rest waits for the next run.
    stopped: bool = False


def due_messages(now):
    return (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    )


def _claim(now):
    """Claim the oldest due mail: (id, mail to send, None), or (id, None, why) when it was skipped
    or could not be composed (then failed); None when nothing is due. Commits."""
    message = db.session.scalars(due_messages(now).limit(1).with_for_update(skip_locked=True)).first()
    if message is None:
        db.session.rollback()
        return None
    composer = composer_for(message.kind)
    if composer is None:
        composer = _notices_mail
    first_message_id = message.message_id
    message.message_id = message.message_id or new_message_id()
    try:
        mail = composer(message)
    except NothingToSend as nothing:
        message.status, message.sent_at = OutboxStatus.SENT, now
        message.last_error, message.message_id = f"{SKIPPED} {nothing}", first_message_id
        db.session.commit()
        return message.id, None, OutboxStatus.SENT
    except Exception as error:
        message.attempts += 1
        message.status, message.next_attempt_at = OutboxStatus.FAILED, now
        message.last_error = f"could not be composed: {error!r}"[:1000]
        db.session.commit()
        return message.id, None, OutboxStatus.FAILED
    message.attempts += 1
    message.next_attempt_at = now + LEASE
    db.session.commit()
    return message.id, mail, None


def _notices_mail(message):
    """The mail of a user's notices (one at once, or the digest), in the user's language."""
    user = message.user
    if not user.active:
        raise NothingToSend("the account is deactivated")
    if not user.email:
        raise NothingToSend("the account has no e-mail address")
    notices = db.session.scalars(
        sa.select(Notification)
        .where(Notification.outbox_id == message.id, reason_holds())
        .order_by(Notification.created_at, Notification.id)
        # A digest tells many cases: their teams and initiators (the privacy screen) in one go.
        .options(selectinload(Notification.initiative).options(*SCREENING))
    ).all()
    if not notices:
        raise NothingToSend("what it told no longer holds")
    return compose(message, notices, settings_for(user).language)


def _record(message_id, now, error=None):
    message = db.session.get(OutboxMessage, message_id)
    if error is None:
        message.status, message.sent_at = OutboxStatus.SENT, now
        message.last_error = ""
    elif isinstance(error, TryAgain) and message.attempts < MAX_ATTEMPTS:
        message.next_attempt_at = now + timedelta(minutes=BACKOFF_MINUTES[message.attempts - 1])
        message.last_error = str(error)
    else:  # its last attempt's moment, which the admin's page shows
        message.status, message.last_error = OutboxStatus.FAILED, str(error)
        message.next_attempt_at = now
    db.session.commit()
    return message.status


def send_due(transport, *, now=None, limit=None):
    """Send the mails due by `now` with `transport`, one transaction per mail: an Outcome."""
    outcome = Outcome()
    handled = 0
    try:
        while limit is None or handled < limit:
            moment = now or utcnow()
            with writing():
                claimed = _claim(moment)
            if claimed is None:
                break
            handled += 1
            message_id, mail, settled = claimed
            if settled == OutboxStatus.FAILED:
                outcome.failed += 1
                outcome.errors.append(f"mail {message_id}: could not be composed")
                continue
            if mail is None:
                outcome.skipped += 1
                continue
            error = None
            try:
                transport.send(mail)
            except (TryAgain, Refused) as failure:
                error = failure
            with writing():
                status = _record(message_id, moment, error)
            if error is None:
                outcome.sent += 1
                continue
            outcome.errors.append(f"mail {message_id}: {error}")
            if status == OutboxStatus.FAILED:
                outcome.failed += 1
            else:
                outcome.retried += 1
            if getattr(error, "server_unreachable", False):
                outcome.stopped = True
                break
    finally:
        transport.close()
        db.session.rollback()
    return outcome


def retry(message):
    """The admin's "try again": a failed mail is pending again, with all its attempts."""
    message.status = OutboxStatus.PENDING
    message.attempts = 0
    message.next_attempt_at = utcnow()
    db.session.flush()


def failed_messages():
    return (
        sa.select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.FAILED)
        .order_by(OutboxMessage.next_attempt_at.desc(), OutboxMessage.id.desc())
    )


def pending_count():
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING)
    )
