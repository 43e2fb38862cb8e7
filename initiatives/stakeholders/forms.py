"""The forms of the stakeholder map: adding a stakeholder on the case page, and its own edit page
(with the note on a new stance)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from initiatives.core.forms import (
    CheckboxListField,
    Length,
    VersionField,
    no_choice_yet,
    optional_id,
    strip_text,
)
from initiatives.organisation.operations import departments
from initiatives.stakeholders.kinds import SCORES, OrganisationKind, Side, StakeholderRole, Stance
from initiatives.stakeholders.operations import NAME_MAX_LENGTH, NOTE_MAX_LENGTH, ORGANISATION_MAX_LENGTH

#: The value of "No contact person": the stakeholder is not one of the case's contact persons.
NO_CONTACT = 0


def _scores(low, high):
    return [
        SelectChoice(score, f"{score}" + (f" ({low})" if score == 1 else f" ({high})" if score == 5 else ""))
        for score in SCORES
    ]


class StakeholderForm(FlaskForm):
    side = RadioField(
        _l("Inside or outside the municipality"),
        choices=[SelectChoice(side.value, side.title) for side in Side],
        validators=[DataRequired(message=_l("Choose inside or outside."))],
    )
    role = SelectField(
        _l("Role in the initiative"),
        choices=[no_choice_yet(_l("Choose a role…"))]
        + [SelectChoice(role.value, role.title) for role in StakeholderRole],
        validators=[DataRequired(message=_l("Choose a role."))],
    )
    department = SelectField(
        _l("Department"),
        coerce=optional_id,
        validators=[Optional()],
        description=_l("Inside: the department they belong to."),
    )
    organisation = StringField(
        _l("Organisation"),
        filters=[strip_text],
        validators=[Optional(), Length(max=ORGANISATION_MAX_LENGTH)],
        description=_l("Outside: for example the housing corporation, a school or a residents' group."),
    )
    organisation_kind = SelectField(
        _l("Kind of organisation"),
        choices=[no_choice_yet(_l("Not given"))]
        + [SelectChoice(kind.value, kind.title) for kind in OrganisationKind],
        validators=[Optional()],
        description=_l("Outside: the council report counts the partners per kind, never by name."),
    )
    name = StringField(
        _l("Name of the colleague or contact person"),
        filters=[strip_text],
        validators=[Optional(), Length(max=NAME_MAX_LENGTH)],
        description=_l("Personal data: only those who work on this initiative see it."),
    )
    initiator = SelectField(
        _l("Or a contact person of this initiative"),
        coerce=int,
        validators=[Optional()],
        description=_l("Outside: a resident already known as contact person is linked, not copied."),
    )
    stance = SelectField(
        _l("Stance"),
        choices=[SelectChoice(stance.value, stance.title) for stance in Stance],
        default=Stance.UNKNOWN.value,
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Note on the stance"),
        validators=[Optional(), Length(max=NOTE_MAX_LENGTH)],
        description=_l("Why they stand there, for example what was said in a meeting. Kept with the date."),
    )
    influence = SelectField(
        _l("Influence"),
        coerce=optional_id,
        choices=[no_choice_yet(_l("Choose…")), *_scores(_l("little"), _l("much"))],
        validators=[InputRequired(message=_l("Choose a number from 1 to 5."))],
    )
    interest = SelectField(
        _l("Interest"),
        coerce=optional_id,
        choices=[no_choice_yet(_l("Choose…")), *_scores(_l("little"), _l("much"))],
        validators=[InputRequired(message=_l("Choose a number from 1 to 5."))],
    )
    activities = CheckboxListField(
        _l("Timeline entries they took part in"), coerce=int, validators=[Optional()]
    )
    version = VersionField()

    def set_choices(self, initiative, department_list, show_contacts):
        self.department.choices = [no_choice_yet(_l("Choose a department…"))] + [
            SelectChoice(department.id, department.name) for department in department_list
        ]
        contacts = initiative.initiators if show_contacts else []
        self.initiator.choices = [SelectChoice(NO_CONTACT, _l("No contact person"))] + [
            SelectChoice(initiator.id, initiator.name) for initiator in contacts
        ]
        self.activities.choices = [
            SelectChoice(activity.id, f"{activity.happened_on.strftime('%d-%m-%Y')} {activity.kind.title}")
            for activity in initiative.activities
            if not activity.is_voided
        ]


def stakeholder_form(initiative, formdata=None, *, obj=None, show_contacts=True):
    """The form to add (or, with `obj`, edit) a stakeholder, with the departments in use (and the
    one it has, though inactive since)."""
    form = StakeholderForm(formdata=formdata, obj=obj, prefix="stakeholder")
    current = obj.department if obj is not None else None
    form.set_choices(
        initiative,
        [department for department in departments() if department.active or department is current],
        show_contacts,
    )
    return form


class RemoveStakeholderForm(FlaskForm):
    version = VersionField()


class ContactStakeholdersForm(FlaskForm):
    """Who took part in one timeline entry (a meeting, a call), from the stakeholder map."""

    stakeholders = CheckboxListField(_l("Stakeholders at this contact"), coerce=int, validators=[Optional()])


def contact_stakeholders_form(labelled, formdata=None):
    """The form for a timeline entry, offering `labelled`: (stakeholder, label as the reader sees it)."""
    form = ContactStakeholdersForm(formdata=formdata, prefix="contact")
    form.stakeholders.choices = [SelectChoice(stakeholder.id, label) for stakeholder, label in labelled]
    return form
