"""Making notices: one function every producer calls, inside the unit of work of the change that
caused it, so a rolled-back change leaves no notice and no mail."""

import sqlalchemy as sa

from initiatives.extensions import db
from initiatives.notifications.events import Channel
from initiatives.notifications.models import Notification, OutboxKind, OutboxMessage
from initiatives.notifications.preferences import channel_for


def notify(recipient, event, initiative, *, reference="", data=None):
    """Notify `recipient` of `event` on `initiative`, once per `reference` (the sent-log): the
    notice in the app, and at once an outbox mail when the user chose e-mail. Returns the new
    notice, or None when the user chose off, is inactive, or has had this one already."""
    if recipient is None or not recipient.active:
        return None
    channel = channel_for(recipient, event)
    if channel is Channel.OFF:
        return None
    exists = db.session.scalar(
        sa.select(Notification.id).where(
            Notification.user_id == recipient.id,
            Notification.event == event,
            Notification.initiative_id == initiative.id,
            Notification.reference == reference,
        )
    )
    if exists is not None:
        return None
    notification = Notification(
        user_id=recipient.id,
        event=event,
        initiative_id=initiative.id,
        reference=reference,
        channel=channel,
        data=data or {},
    )
    db.session.add(notification)
    # Mails go only to those with an address; the admin's page lists the users without one.
    if channel is Channel.EMAIL and recipient.email:
        message = OutboxMessage(user_id=recipient.id, kind=OutboxKind.IMMEDIATE)
        db.session.add(message)
        notification.outbox_message = message
    db.session.flush()
    return notification
