"""The initiators' message on their status page, and the case page's buttons for the link."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Optional

from initiatives.core.forms import Length
from initiatives.status_page.operations import COMMENT_MAX_LENGTH, MESSAGE_MAX_LENGTH, SATISFACTION_SCORES
from initiatives.status_page.status_mails import SENTENCE_MAX_LENGTH


class MessageForm(FlaskForm):
    message = TextAreaField(
        _l("Your message"),
        validators=[
            DataRequired(message=_l("Write your message.")),
            Length(max=MESSAGE_MAX_LENGTH),
        ],
    )


#: The satisfaction question's answers in words: a number alone says too little.
SCORE_LABELS = {
    1: _l("Very dissatisfied"),
    2: _l("Dissatisfied"),
    3: _l("Neutral"),
    4: _l("Satisfied"),
    5: _l("Very satisfied"),
}


def _score(value):
    """The radio buttons' `coerce`: a score, or None for anything else (refused by the validators
    with the question's own message, not WTForms' generic one)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class SatisfactionForm(FlaskForm):
    score = RadioField(
        _l("How satisfied are you with how the municipality worked with you?"),
        choices=[SelectChoice(score, SCORE_LABELS[score]) for score in SATISFACTION_SCORES],
        coerce=_score,
        validate_choice=False,
        validators=[
            DataRequired(message=_l("Choose how satisfied you are.")),
            AnyOf(list(SATISFACTION_SCORES), message=_l("Choose how satisfied you are.")),
        ],
    )
    comment = TextAreaField(
        _l("Would you like to tell us more?"),
        validators=[Length(max=COMMENT_MAX_LENGTH)],
        description=_l(
            "For example what went well or what could be better. Only the people who work on your initiative read it."
        ),
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
