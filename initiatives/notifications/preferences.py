"""Each user's choices: per kind of notice a channel, the digest's time and days, the language."""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.core.rules import RuleError
from initiatives.extensions import db
from initiatives.notifications.events import DEFAULT_CHANNELS, Channel, Event
from initiatives.notifications.models import NotificationChoice, NotificationSettings

DIGEST_HOUR = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class PreferenceError(RuleError):
    """A choice the rules refuse (an unknown channel, a time that is no time)."""


def settings_for(user):
    """The user's settings row, made with the defaults the first time it is needed."""
    settings = db.session.get(NotificationSettings, user.id)
    if settings is None:
        settings = NotificationSettings(user_id=user.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def channels_for(user):
    """{event: channel} for every event: the user's choice, else the default."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationChoice.event, NotificationChoice.channel).where(
                NotificationChoice.user_id == user.id
            )
        ).all()
    )
    return {event: Channel(chosen.get(event, DEFAULT_CHANNELS[event])) for event in Event}


def channel_for(user, event):
    choice = db.session.get(NotificationChoice, (user.id, event))
    return Channel(choice.channel) if choice else DEFAULT_CHANNELS[Event(event)]


def choose(user, channels=None, *, digest_hour=None, digest_on_weekends=None, language=None):
    """Save the user's choices; what is not given stays. Raises PreferenceError at the field."""
    settings = settings_for(user)
    for key, value in (channels or {}).items():
        try:
            event = Event(key)
        except ValueError:
            raise PreferenceError(_("Unknown kind of notification."), field=str(key)) from None
        try:
            channel = Channel(value)
        except ValueError:
            raise PreferenceError(_("Choose e-mail, digest, in the app or off."), field=str(key)) from None
        choice = db.session.get(NotificationChoice, (user.id, event))
        if choice is None:
            db.session.add(NotificationChoice(user_id=user.id, event=event, channel=channel))
        else:
            choice.channel = channel
    if digest_hour is not None:
        if not DIGEST_HOUR.match(digest_hour):
            raise PreferenceError(_("Enter a time as hours and minutes, such as 07:30."), field="digest_hour")
        settings.digest_hour = digest_hour
    if digest_on_weekends is not None:
        settings.digest_on_weekends = bool(digest_on_weekends)
    if language is not None:
        settings.language = language
    db.session.flush()
    return settings
