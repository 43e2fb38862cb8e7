"""Forms of the admin's privacy pages: finding a person, and confirming erasure."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import Email, Optional

from initiatives.core.forms import Length, strip_text
from initiatives.privacy.data_subjects import MINIMUM_PHONE_DIGITS, normalise_phone


class SubjectForm(FlaskForm):
    """Who a subject-access or erasure request is about: an e-mail address, a phone number or both."""

    email = StringField(
        _l("E-mail address"),
        filters=[strip_text],
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
        render_kw={"autocomplete": "off", "spellcheck": "false", "inputmode": "email"},
    )
    phone = StringField(
        _l("Phone number"),
        filters=[strip_text],
        validators=[Optional(), Length(max=40)],
        description=_l("In any notation: 06-12345678 and +31 6 1234 5678 find the same person."),
        render_kw={"autocomplete": "off", "inputmode": "tel"},
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            self.form_errors.append(_l("Enter an e-mail address or a phone number."))
            return False
        if (self.phone.data or "").strip() and len(normalise_phone(self.phone.data)) < MINIMUM_PHONE_DIGITS:
            self.phone.errors.append(
                _l("Enter a phone number of at least %(count)d digits.", count=MINIMUM_PHONE_DIGITS)
            )
            return False
        return valid


class ExportForm(SubjectForm):
    output = HiddenField()


class EraseForm(SubjectForm):
    #: "confirm" on the confirmation page's form: a missing tick there is an error, not a first visit.
    step = HiddenField()
    confirmed = BooleanField(
        _l("I have checked the identity of the person who asked, and their request for erasure.")
    )
