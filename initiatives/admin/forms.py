"""Forms for managing accounts and reference data."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, NumberRange, Optional, Regexp

from initiatives.auth.passwords import PasswordRules
from initiatives.core.forms import CheckboxListField, Length, VersionField
from initiatives.core.roles import Role


class UserForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(message=_l("Enter a username.")),
            Length(max=64),
            Regexp(
                r"^[A-Za-z0-9._-]+$",
                message=_l("Use only letters, digits, dots, hyphens and underscores."),
            ),
        ],
        render_kw={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"},
    )
    full_name = StringField(
        _l("Full name"), validators=[Optional(), Length(max=120)], render_kw={"autocomplete": "off"}
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
        render_kw={"autocomplete": "off"},
    )
    role = RadioField(
        _l("Role"),
        choices=[SelectChoice(role.value, role.title) for role in Role],
        validators=[DataRequired(message=_l("Choose a role."))],
    )
    neighbourhoods = CheckboxListField(
        _l("Neighbourhoods (wijken)"),
        coerce=int,
        description=_l("Only for neighbourhood managers: the wijken they work in."),
    )
    password = PasswordField(
        _l("Initial password"),
        validators=[
            DataRequired(message=_l("Enter an initial password.")),
            # long enough, no common or leaked password, not easy to guess from the account's words
            PasswordRules(account_fields=("username", "full_name", "email")),
        ],
        description=_l("Give it to the user in person; they can change it after signing in."),
        render_kw={"autocomplete": "new-password"},
    )
    active = BooleanField(_l("Account is active"), default=True)
    version = VersionField()

    def __init__(self, *args, wijken, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighbourhoods.choices = [SelectChoice(wijk.id, wijk.label) for wijk in wijken]
        if editing:
            del self.username
            del self.password
        else:
            del self.active
            del self.version

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        is_manager = self.role.data == Role.NEIGHBOURHOOD_MANAGER
        if is_manager and not self.neighbourhoods.data:
            self.neighbourhoods.errors.append(_l("Choose at least one wijk for a neighbourhood manager."))
            valid = False
        if not is_manager and self.neighbourhoods.data:
            self.neighbourhoods.errors.append(_l("Only neighbourhood managers are assigned wijken."))
            valid = False
        return valid


class NeighbourhoodForm(FlaskForm):
    code = StringField(
        _l("CBS code"),
        validators=[DataRequired(message=_l("Enter the CBS code.")), Length(max=10)],
        description=_l(
            "WK and six digits for a wijk (WK036301), BU and eight digits for a buurt (BU03630102)."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=120)])
    parent = SelectField(_l("Lies in wijk"), coerce=int)
    active = BooleanField(_l("In use"), default=True)
    version = VersionField()

    def __init__(self, *args, wijken, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent.choices = [SelectChoice(0, _l("None: this is a wijk"))] + [
            SelectChoice(wijk.id, wijk.label) for wijk in wijken
        ]
        if not editing:
            del self.version


class DepartmentForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(message=_l("Enter a name.")), Length(max=120)])
    active = BooleanField(_l("In use"), default=True)
    version = VersionField()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.version


class TermForm(FlaskForm):
    """A term in an admin-editable list (themes, skills; later barrier and help categories)."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter a code.")), Length(max=40)],
        description=_l(
            "A stable name for exports and the API, e.g. right_to_challenge. It cannot be changed later."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    label_nl = StringField(
        _l("Dutch label"), validators=[DataRequired(message=_l("Enter the Dutch label.")), Length(max=120)]
    )
    label_en = StringField(
        _l("English label"),
        validators=[DataRequired(message=_l("Enter the English label.")), Length(max=120)],
    )
    position = IntegerField(
        _l("Position in the list"),
        default=0,
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(min=0, max=999, message=_l("Use a number from 0 to 999.")),
        ],
    )
    active = BooleanField(
        _l("In use"),
        default=True,
        description=_l("A retired term keeps its history but is no longer offered."),
    )
    version = VersionField()

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.code
        else:
            del self.version
