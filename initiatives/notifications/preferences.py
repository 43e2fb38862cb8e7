"""Each user's choices: per kind of notice a channel, the digest's time and days, the language."""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import record
from initiatives.core.rules import RuleError
from initiatives.extensions import db
from initiatives.notifications.events import DEFAULT_CHANNELS, DEFAULT_DIGEST_HOUR, Channel, Event
from initiatives.notifications.models import NotificationChoice, NotificationSettings

#: The audit action of a change of preferences.
PREFERENCES_CHANGED = "notifications.preferences_changed"

#: The language of mails until the user chooses one (the settings' column default).
DEFAULT_LANGUAGE = "nl"

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


def preferences_of(user):
    """Everything the user chose, by the API's names: a channel per event, the digest's time and
    days, the language."""
    # Read without making the settings row, so showing the page writes nothing.
    settings = db.session.get(NotificationSettings, user.id)
    return {
        **{event.value: channel for event, channel in channels_for(user).items()},
        "digest_hour": settings.digest_hour if settings else DEFAULT_DIGEST_HOUR,
        "digest_on_weekends": settings.digest_on_weekends if settings else False,
        "language": settings.language if settings else DEFAULT_LANGUAGE,
    }


def change_preferences(user, channels=None, *, digest_hour=None, digest_on_weekends=None, language=None):
    """`choose`, and log what changed ({name: [old, new]}) when anything did: on every channel
    (the preferences page, the API, the language switch) the same rules and the same entry."""
    before = preferences_of(user)
    choose(
        user,
        channels,
        digest_hour=digest_hour,
        digest_on_weekends=digest_on_weekends,
        language=language,
    )
    after = preferences_of(user)
    changed = {name: [before[name], value] for name, value in after.items() if before[name] != value}
    if changed:
        record(
            PREFERENCES_CHANGED,
            user,
            summary=f"changed the notification preferences of {user.username}",
            data=changed,
        )
    return changed
