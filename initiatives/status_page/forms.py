"""The initiators' message on their status page, and the case page's buttons for the link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Optional

from initiatives.core.forms import Length
from initiatives.status_page.operations import MESSAGE_MAX_LENGTH
from initiatives.status_page.status_mails import SENTENCE_MAX_LENGTH


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


class StatusMailsForm(FlaskForm):
    """The status mails' page: the owner's sentence, and which button was pressed."""

    personal_sentence = StringField(
        _l("Your own sentence in every mail"),
        validators=[Optional(), Length(max=SENTENCE_MAX_LENGTH)],
        description=_l("For example: I will call you next week to plan a meeting."),
    )
    #: The buttons: preview (show the mail again), turn_on, save (the sentence), turn_off.
    action = StringField(validators=[AnyOf(["preview", "turn_on", "save", "turn_off"])])
