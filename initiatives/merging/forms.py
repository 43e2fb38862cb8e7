"""The forms of merging: the case to merge into with the reason, declining, undoing."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField
from wtforms.validators import DataRequired, NumberRange

from initiatives.cases.forms import reason_field
from initiatives.core.forms import VersionField


class MergeForm(FlaskForm):
    """Step one chooses the case (`into`); step two shows what moves and asks the reason."""

    into = IntegerField(
        _l("Number of the case to merge this case into"),
        validators=[
            DataRequired(message=_l("Enter the number of the other case.")),
            NumberRange(min=1, max=2**31 - 1, message=_l("Enter the number of the other case.")),
        ],
        description=_l("The number after the # in the other case's address or list, for example 123."),
    )
    reason = reason_field(
        _l("For example: the same idea, reported twice. Kept in the history of both cases.")
    )
    version = VersionField()
    #: "1" on the confirmation page: the second step, which merges.
    confirmed = HiddenField()


class AnswerForm(FlaskForm):
    """Confirming a merge request (the reason is asked only when declining)."""


class DeclineForm(FlaskForm):
    reason = reason_field(_l("Why these cases are not one. Kept in the history of both cases."))


class UndoMergeForm(FlaskForm):
    reason = reason_field(_l("Why the cases are separate after all. Kept in the history of both cases."))
