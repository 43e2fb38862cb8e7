"""Forms for signing in and changing one's password."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from initiatives.auth.operations import MINIMUM_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(message=_l("Enter your username.")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(message=_l("Enter a new password.")),
            Length(
                min=MINIMUM_PASSWORD_LENGTH,
                max=1024,
                message=_l("Use at least %(min)d characters.", min=MINIMUM_PASSWORD_LENGTH),
            ),
        ],
        description=_l(
            "At least %(min)d characters. A sentence is easy to remember.", min=MINIMUM_PASSWORD_LENGTH
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        _l("Repeat new password"),
        validators=[
            DataRequired(message=_l("Repeat the new password.")),
            EqualTo("new_password", message=_l("The two passwords are not the same.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
