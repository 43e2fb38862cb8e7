"""The form of one's notification preferences: a channel per kind of notice, the digest's time
and days, and the language of the mails."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from initiatives.core.i18n import LANGUAGE_NAMES
from initiatives.notifications.events import Channel, Event


class PreferencesForm(FlaskForm):
    """The rules (`preferences.choose`) judge the values, so that page and API refuse alike; a
    field left out is refused here, in the rules' words (a browser always sends them all)."""

    digest_hour = StringField(
        _l("Time of the daily digest"),
        validators=[InputRequired(message=_l("Enter a time as hours and minutes, such as 07:30."))],
        description=_l("Hours and minutes, such as 07:30."),
        render_kw={"autocomplete": "off", "size": 5},
    )
    digest_on_weekends = BooleanField(_l("Also on Saturdays and Sundays"))
    language = RadioField(
        _l("Language of the e-mails"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()],
        validators=[InputRequired(message=_l("This field is required."))],
    )

    @property
    def event_fields(self):
        return [self[event.value] for event in Event]

    def channels(self):
        """{event: channel} as chosen on the page."""
        return {event.value: self[event.value].data for event in Event if self[event.value].data}


for _event in Event:
    setattr(
        PreferencesForm,
        _event.value,
        # Not checked against the choices here: the rules' own refusal is shown at the field.
        RadioField(
            _event.title,
            choices=[SelectChoice(channel.value, channel.title) for channel in Channel],
            validators=[InputRequired(message=_l("Choose e-mail, digest, in the app or off."))],
            validate_choice=False,
        ),
    )
del _event
