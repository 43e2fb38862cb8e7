"""Forms for barriers and helps on the case page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from initiatives.barriers.lifecycle import BarrierStatus, HelpStatus, Provider
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.barriers.stakeholder_source import inside_stakeholders
from initiatives.cases.stages import OPEN_STAGES
from initiatives.core.dates import local_today
from initiatives.core.forms import (
    CheckboxListField,
    DayField,
    Length,
    NeededWhen,
    VersionField,
    WorkDate,
    no_choice_yet,
    optional_id,
)
from initiatives.organisation.operations import departments
from initiatives.vocabularies.operations import terms

DATE_MESSAGE = _l("Enter a valid date, for example 23-11-2026.")


#: The value of "No particular department": a choice made, unlike the empty first option.
NO_DEPARTMENT = 0


def _department_choices(departments):
    return [SelectChoice(department.id, department.name) for department in departments]


class BarrierForm(FlaskForm):
    category = SelectField(
        _l("Kind of barrier"),
        coerce=optional_id,
        validators=[InputRequired(message=_l("Choose a category."))],
    )
    description = TextAreaField(
        _l("What happened"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Describe the situation, not the person."),
    )
    department = SelectField(
        _l("Department where it arose"),
        coerce=optional_id,
        validators=[
            InputRequired(message=_l("Choose the department where it arose, or “No particular department”."))
        ],
    )
    stakeholder = SelectField(
        _l("Stakeholder it came from"),
        coerce=optional_id,
        # The rule (`operations.check_stakeholder`) says why one not offered is refused.
        validate_choice=False,
        validators=[Optional()],
        description=_l(
            "Optional: a stakeholder of this case inside the municipality, from its stakeholder map."
        ),
    )
    stage = SelectField(
        _l("Stage of the case when it arose"),
        choices=[SelectChoice(stage.value, stage.title) for stage in OPEN_STAGES],
        validators=[DataRequired(message=_l("Choose a stage."))],
    )
    raised_on = DayField(
        _l("Date"), validators=[InputRequired(message=DATE_MESSAGE), WorkDate()], default=local_today
    )
    version = VersionField()

    def set_choices(self, categories, departments, stakeholders=None):
        """The choices in use; `stakeholders`: {id: label} of the case's inside stakeholders."""
        self.stakeholder.choices = [
            SelectChoice("", _l("No stakeholder")),
            *(SelectChoice(stakeholder_id, label) for stakeholder_id, label in (stakeholders or {}).items()),
        ]
        self.category.choices = [no_choice_yet(_l("Choose a kind of barrier…"))] + [
            SelectChoice(category.id, category.label) for category in categories
        ]
        self.department.choices = [
            no_choice_yet(_l("Choose a department…")),
            SelectChoice(NO_DEPARTMENT, _l("No particular department")),
            *_department_choices(departments),
        ]


class BarrierStatusForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=[SelectChoice(status.value, status.title) for status in BarrierStatus]
    )
    resolved_on = DayField(_l("Resolved or accepted on"), validators=[Optional(), WorkDate()])
    version = VersionField()


class HelpRequestForm(FlaskForm):
    category = SelectField(
        _l("Kind of help"), coerce=optional_id, validators=[InputRequired(message=_l("Choose a category."))]
    )
    description = TextAreaField(_l("What is asked for"), validators=[Optional(), Length(max=5000)])
    provider = RadioField(
        _l("Who provides or decides"),
        choices=[SelectChoice(provider.value, provider.title) for provider in Provider],
        validators=[DataRequired(message=_l("Choose who provides or decides."))],
    )
    department = SelectField(
        _l("Department"),
        coerce=optional_id,
        validators=[NeededWhen()],
        description=_l("Needed when a department provides the help."),
    )
    requested_on = DayField(
        _l("Asked on"), validators=[InputRequired(message=DATE_MESSAGE), WorkDate()], default=local_today
    )
    answer_due_on = DayField(
        _l("Answer due on"),
        validators=[Optional(), WorkDate()],
        description=_l("Optional: the day an answer was promised. It is in your calendar feed."),
    )
    barriers = CheckboxListField(_l("Barriers it should resolve"), coerce=int)

    def set_choices(self, categories, departments, barriers):
        self.category.choices = [no_choice_yet(_l("Choose a kind of help…"))] + [
            SelectChoice(category.id, category.label) for category in categories
        ]
        self.department.choices = [
            no_choice_yet(_l("Choose a department…")),
            *_department_choices(departments),
        ]
        self.barriers.choices = [SelectChoice(barrier.id, barrier_label(barrier)) for barrier in barriers]


def barrier_label(barrier):
    text = barrier.description[:60] + ("…" if len(barrier.description) > 60 else "")
    return f"{barrier.category.label}: {text}" if text else str(barrier.category.label)


class HelpDecisionForm(FlaskForm):
    status = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(HelpStatus.GRANTED.value, _l("Granted")),
            SelectChoice(HelpStatus.REFUSED.value, _l("Refused")),
        ],
        validators=[DataRequired(message=_l("Choose granted or refused."))],
    )
    on = DayField(
        _l("Decided on"), validators=[InputRequired(message=DATE_MESSAGE), WorkDate()], default=local_today
    )
    decided_by = StringField(
        _l("Decided by"),
        validators=[
            DataRequired(message=_l("Say who decided, for example the alderman or a manager.")),
            Length(max=120),
        ],
        description=_l("A name or function, for example wethouder De Boer."),
    )
    version = VersionField()


class HelpApplyForm(FlaskForm):
    """Applying a granted help; one effect field per addressed barrier is added at runtime."""

    on = DayField(
        _l("Applied on"), validators=[InputRequired(message=DATE_MESSAGE), WorkDate()], default=local_today
    )
    version = VersionField()


def barrier_form(initiative, formdata=None):
    """The form to record a barrier, with the categories and departments in use."""
    form = BarrierForm(formdata=formdata, prefix="barrier")  # the case page has several forms
    form.set_choices(
        terms(BarrierCategory, active_only=True),
        departments(active_only=True),
        inside_stakeholders(initiative),
    )
    return form


def help_form(initiative, formdata=None):
    """The form to ask for help, offering the case's open barriers."""
    form = HelpRequestForm(formdata=formdata, prefix="help")
    open_barriers = [barrier for barrier in initiative.barriers if barrier.is_open]
    form.set_choices(terms(HelpCategory, active_only=True), departments(active_only=True), open_barriers)
    return form
