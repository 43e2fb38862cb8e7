"""The forms of a challenge on the case page: the proposal, a changed deadline, the decision, "niet
ontvankelijk" in one click, the agreement and the evaluation; and the admin's task and term."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from initiatives.challenges.kinds import Decision
from initiatives.challenges.models import ChallengeTask
from initiatives.challenges.operations import AMOUNT_MAX, TASK_MAX_LENGTH, TEXT_MAX_LENGTH
from initiatives.core.dates import local_today
from initiatives.core.forms import (
    DayField,
    Length,
    VersionField,
    WorkDate,
    no_choice_yet,
    optional_id,
    strip_text,
)
from initiatives.extensions import db


def prefix_of(form_class):
    """The prefix of a challenge form's fields on the case page: their ids differ from the others'."""
    return "challenge-" + form_class.__name__.removesuffix("Form").lower()


def _text(label, description=None, required=False):
    needed = [DataRequired(message=_l("Fill this in."))] if required else [Optional()]
    return TextAreaField(
        label,
        validators=[*needed, Length(max=TEXT_MAX_LENGTH)],
        description=description,
        filters=[strip_text],
    )


def _amount(label, description=None):
    return DecimalField(
        label,
        places=2,
        validators=[
            Optional(),
            NumberRange(min=0, max=AMOUNT_MAX, message=_l("Enter an amount of 0 euros or more.")),
        ],
        description=description,
    )


class ProposalForm(FlaskForm):
    task = SelectField(_l("Task challenged"), coerce=optional_id, validators=[Optional()])
    task_text = StringField(
        _l("Or the task in your words"),
        validators=[Optional(), Length(max=TASK_MAX_LENGTH)],
        description=_l("When the task is not on the list."),
        filters=[strip_text],
    )
    better_because = _text(_l("Why they can do it better or cheaper"))
    involvement = _text(_l("Their involvement and expertise"))
    support_evidence = _text(
        _l("Support in the neighbourhood"), _l("How the support is shown (signatures, letters).")
    )
    cost_estimate = _amount(_l("Cost estimate (euros)"))
    requested_support = _text(_l("Cooperation or support asked of the municipality"))
    quality_guarantee = _text(_l("How quality and continuity are guaranteed"))
    version = VersionField()

    def set_choices(self, current_task_id=None):
        tasks = db.session.scalars(db.select(ChallengeTask).order_by(ChallengeTask.name)).all()
        self.task.choices = [no_choice_yet(_l("Not on the list"))] + [
            SelectChoice(task.id, task.name + (f" ({_l('excluded')})" if task.excluded else ""))
            for task in tasks
            if task.active or task.id == current_task_id
        ]


class DeadlineForm(FlaskForm):
    due_on = DayField(
        _l("Decision due on"),
        validators=[Optional(), WorkDate()],
        description=_l("Leave empty to go back to the municipality's term."),
    )
    reason = _text(_l("Why the deadline changes"))
    version = VersionField()


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"),
        choices=[no_choice_yet(_l("Choose the decision…"))]
        + [SelectChoice(item.value, item.title) for item in Decision],
        validators=[DataRequired(message=_l("Choose the decision."))],
    )
    decided_on = DayField(
        _l("Decided on"),
        validators=[InputRequired(message=_l("Enter a valid date, for example 23-11-2026.")), WorkDate()],
        default=local_today,
    )
    decision_grounds = _text(_l("Grounds"), required=True)
    version = VersionField()


class InadmissibleForm(FlaskForm):
    version = VersionField()


class AgreementForm(FlaskForm):
    takes_over = _text(_l("What the challengers take over"))
    agreed_result = _text(_l("The result agreed"))
    budget = _amount(_l("Budget (euros)"))
    agreement_ends_on = DayField(_l("Agreement ends on"), validators=[Optional(), WorkDate()])
    reviews = StringField(
        _l("Progress reviews"),
        validators=[Optional(), Length(max=500)],
        description=_l(
            "Dates separated by commas, for example 1-3-2027, 1-6-2027. The next one becomes the follow-up."
        ),
        filters=[strip_text],
    )
    version = VersionField()


class EvaluationForm(FlaskForm):
    evaluation = _text(_l("Evaluation"), required=True)
    evaluated_on = DayField(
        _l("Evaluated on"),
        validators=[InputRequired(message=_l("Enter a valid date, for example 23-11-2026.")), WorkDate()],
        default=local_today,
    )
    version = VersionField()


class TaskForm(FlaskForm):
    name = StringField(
        _l("Task"),
        validators=[DataRequired(message=_l("Enter the task.")), Length(max=TASK_MAX_LENGTH)],
        filters=[strip_text],
    )
    excluded = BooleanField(_l("Excluded by the verordening"))
    exclusion_reason = _text(_l("Reason for the exclusion"), _l("Needed for an excluded task."))


class TaskEditForm(TaskForm):
    """A task of the list changed: its name, its exclusion and whether it is offered."""

    active = BooleanField(_l("On the list for new challenges"))
    version = VersionField()


class TermForm(FlaskForm):
    decision_term_weeks = IntegerField(
        _l("Decision term (weeks from receipt)"),
        validators=[InputRequired(message=_l("Enter a number of weeks.")), NumberRange(min=1, max=52)],
    )
