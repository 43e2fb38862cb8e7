"""The initiators' message on their status page, and the case page's buttons for the link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from initiatives.core.forms import Length
from initiatives.status_page.operations import MESSAGE_MAX_LENGTH


class MessageForm(FlaskForm):
    message = TextAreaField(
        _l("Your message"),
        validators=[
            DataRequired(message=_l("Write your message.")),
            Length(max=MESSAGE_MAX_LENGTH),
        ],
    )


class StatusLinkForm(FlaskForm):
    """Only the CSRF token: making or revoking the link asks nothing more."""
