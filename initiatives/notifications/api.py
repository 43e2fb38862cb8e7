"""One's notification preferences in the JSON API: `GET|PUT /api/v1/me/notifications`."""

from flask_login import current_user

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.core.access import signed_in
from initiatives.notifications.api_schemas import NotificationPreferencesSchema
from initiatives.notifications.events import Event
from initiatives.notifications.preferences import change_preferences, preferences_of

TAGS = ["Account"]


@bp.route("/me/notifications", methods=["GET"], endpoint="my_notification_preferences", tags=TAGS)
@signed_in
@bp.response(200, NotificationPreferencesSchema)
@documents_problems(bp, 401)
def my_notification_preferences():
    """Show how the token's user receives each kind of notice (email, digest, in_app or off), the
    digest's time and days, and the mails' language."""
    return preferences_of(current_user._get_current_object())


@bp.route("/me/notifications", methods=["PUT"], endpoint="change_my_notification_preferences", tags=TAGS)
@signed_in
@bp.arguments(NotificationPreferencesSchema)
@bp.response(200, NotificationPreferencesSchema)
@documents_problems(bp, 401)
def change_my_notification_preferences(choices):
    """Change the token's user's notification preferences: what is not sent stays as it is. A value
    the rules refuse (a channel not offered, a time that is no HH:MM) answers 422 at its key."""
    user = current_user._get_current_object()
    change_preferences(
        user,
        {event.value: choices[event.value].value for event in Event if event.value in choices},
        digest_hour=choices.get("digest_hour"),
        digest_on_weekends=choices.get("digest_on_weekends"),
        language=choices.get("language"),
    )
    return preferences_of(user)
