"""The daily digests: at each user's hour (in the municipality's time zone), on working days unless
they chose weekends too, one mail carrying the notices they chose to get in the digest.

A digest carries the notices made before that day's hour that still matter, are unread and no
mail carried yet; one made later waits for the next digest. Without such notices, no mail.
"""

from datetime import datetime, time

import sqlalchemy as sa

from initiatives.auth.models import User
from initiatives.core.dates import local_time_zone
from initiatives.extensions import db
from initiatives.notifications.events import DEFAULT_DIGEST_HOUR, Channel
from initiatives.notifications.models import Notification, NotificationSettings, OutboxKind, OutboxMessage
from initiatives.notifications.preferences import settings_for
from initiatives.notifications.queries import reason_holds
from initiatives.notifications.scans import WORKING_DAYS


def waiting_for_digest(user_id):
    """SQL: the user's digest notices that still matter, unread, not yet in a mail."""
    return sa.and_(
        Notification.user_id == user_id,
        Notification.channel == Channel.DIGEST,
        Notification.outbox_id.is_(None),
        Notification.read_at.is_(None),
        reason_holds(),
    )


def digest_moment(day, hour, zone):
    """The moment (timezone-aware) of `hour` ("HH:MM") on `day` in `zone`."""
    hours, minutes = (int(part) for part in hour.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=zone)


def make_digests(now):
    """Make today's digests whose hour has come by `now` (timezone-aware): (users, mails made)."""
    zone = local_time_zone()
    local_now = now.astimezone(zone)
    today, clock = local_now.date(), local_now.strftime("%H:%M")
    hour = sa.func.coalesce(NotificationSettings.digest_hour, DEFAULT_DIGEST_HOUR)
    conditions = [
        User.active,
        User.email.is_not(None),
        User.email != "",
        hour <= clock,
        sa.or_(NotificationSettings.last_digest_on.is_(None), NotificationSettings.last_digest_on < today),
        sa.select(Notification.id).where(waiting_for_digest(User.id)).exists(),
    ]
    if today.weekday() not in WORKING_DAYS:
        conditions.append(sa.func.coalesce(NotificationSettings.digest_on_weekends, sa.false()))
    users = db.session.scalars(
        sa.select(User)
        .outerjoin(NotificationSettings, NotificationSettings.user_id == User.id)
        .where(*conditions)
        .order_by(User.id)
    ).all()
    made = 0
    for user in users:
        settings = settings_for(user)
        moment = digest_moment(today, settings.digest_hour, zone)
        notices = db.session.scalars(
            sa.select(Notification)
            .where(waiting_for_digest(user.id), Notification.created_at <= moment)
            .order_by(Notification.created_at, Notification.id)
            # Another deliverer making this digest now holds them: it sends it, not this one.
            .with_for_update(skip_locked=True, of=Notification)
        ).all()
        if not notices:
            continue  # only notices made since today's hour: they wait for tomorrow's digest
        message = OutboxMessage(user_id=user.id, kind=OutboxKind.DIGEST)
        db.session.add(message)
        for notice in notices:
            notice.outbox_message = message
        settings.last_digest_on = today
        made += 1
    db.session.flush()
    return len(users), made
