"""Forms for signing in, the second factor, one's password and one's API tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, NumberRange

from initiatives.auth.passwords import MAXIMUM_PASSWORD_LENGTH, MINIMUM_PASSWORD_LENGTH, PasswordRules
from initiatives.core.forms import Length


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Enter your username.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=MAXIMUM_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class CodeForm(FlaskForm):
    """A code from the authenticator app (six digits) or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(message=_l("Enter the code.")), Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"},
    )

    def __init__(self, *args, description=None, **kwargs):
        super().__init__(*args, **kwargs)
        if description:
            self.code.description = description


def new_password_field(label):
    return PasswordField(
        label,
        validators=[DataRequired(message=_l("Enter a new password.")), PasswordRules()],
        description=_l(
            "At least %(min)d characters. A sentence is easy to remember; a common password is refused.",
            min=MINIMUM_PASSWORD_LENGTH,
        ),
        render_kw={"autocomplete": "new-password"},
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = new_password_field(_l("New password"))
    confirm_password = PasswordField(
        _l("Repeat new password"),
        validators=[
            DataRequired(message=_l("Repeat the new password.")),
            EqualTo("new_password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ConfirmPasswordForm(FlaskForm):
    """Asks for the current password before a change that weakens the account."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class TokenForm(FlaskForm):
    name = StringField(
        _l("Name of the token"),
        validators=[DataRequired(message=_l("Give the token a name.")), Length(max=120)],
        description=_l("What it is for, e.g. the name of the link with another system."),
        render_kw={"autocomplete": "off"},
    )
    days = IntegerField(
        _l("Valid for (days)"),
        default=90,
        validators=[
            InputRequired(message=_l("Enter a whole number.")),
            NumberRange(min=1, max=365, message=_l("Use a number from 1 to 365.")),
        ],
    )
    # Asked again: a token outlives the session, so whoever holds only a session may not make one.
    current_password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    current_code = StringField(
        _l("Code from your authenticator app"),
        validators=[Length(max=40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"},
    )

    def __init__(self, *args, needs_code=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_code:  # the user has a second factor: the code is asked too
            self.current_code.validators = [DataRequired(message=_l("Enter the code.")), Length(max=40)]
            self.current_code.flags.required = True
