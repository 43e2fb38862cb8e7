"""The API's shape of one's notification preferences: one key per kind of notice with its channel
as value, and the digest's time and days and the mails' language."""

from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from initiatives.api.schemas import ApiSchema, enum
from initiatives.core.i18n import LANGUAGE_NAMES
from initiatives.notifications.events import DEFAULT_CHANNELS, DEFAULT_DIGEST_HOUR, Channel, Event


def _channel_field(event):
    return enum(
        Channel,
        metadata={
            "description": f"How this kind of notice is received; {DEFAULT_CHANNELS[event].value} until chosen."
        },
    )


#: Every key is optional in a PUT: what is not sent stays as it is.
NotificationPreferencesSchema = ApiSchema.from_dict(
    {
        **{event.value: _channel_field(event) for event in Event},
        "digest_hour": fields.String(
            metadata={
                "description": "The daily digest's time (HH:MM, in the municipality's time zone).",
                "example": DEFAULT_DIGEST_HOUR,
            },
        ),
        "digest_on_weekends": fields.Boolean(
            metadata={"description": "A digest on Saturdays and Sundays too (else on working days only)."}
        ),
        "language": fields.String(
            validate=validate.OneOf(
                list(LANGUAGE_NAMES),
                error=_l("Choose one of: %(choices)s.", choices=", ".join(LANGUAGE_NAMES)),
            ),
            metadata={"description": "The language of the mails and of the calendar feed: nl or en."},
        ),
    },
    name="NotificationPreferences",
)
