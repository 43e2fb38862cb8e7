"""Forms for opening, editing and working a case."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Optional

from initiatives.cases.models import CaseKind, Channel
from initiatives.cases.models.activity import RECORDED_KINDS
from initiatives.cases.stages import PRACTICES, Result, Stage
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
    strip_text,
)


def neighbourhood_choices(wijken):
    """Wijken with their buurten as option groups, for a select."""
    choices = []
    for wijk in wijken:
        choices.append(SelectChoice(wijk.id, wijk.label, optgroup=wijk.name))
        choices.extend(
            SelectChoice(buurt.id, f"{buurt.name} ({buurt.code})", optgroup=wijk.name)
            for buurt in wijk.buurten
            if buurt.active
        )
    return choices


class CaseFieldsForm(FlaskForm):
    """The fields of the case itself, shared by the intake and the edit form."""

    kind = RadioField(
        _l("Kind of case"),
        choices=[SelectChoice(kind.value, kind.title) for kind in CaseKind],
        # Left out (an older form, a script): an initiative, as every case was before.
        default=CaseKind.INITIATIVE.value,
        validators=[AnyOf([kind.value for kind in CaseKind])],
        description=_l(
            "A right to challenge: residents challenge the municipality to let them carry out one of its tasks."
        ),
    )
    title = StringField(
        _l("Title"),
        validators=[DataRequired(message=_l("Enter a short title.")), Length(max=200)],
        description=_l("In a few words: what do the residents want?"),
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    neighbourhood = SelectField(
        _l("Neighbourhood"), coerce=int, validators=[InputRequired(message=_l("Choose a neighbourhood."))]
    )
    address = StringField(
        _l("Address or place"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example a street, square or park."),
    )
    channel = SelectField(
        _l("Came in by"),
        choices=[no_choice_yet(_l("Choose how it came in…"))]
        + [SelectChoice(channel.value, channel.title) for channel in Channel],
        validators=[DataRequired(message=_l("Choose how the initiative came in."))],
    )
    received_on = DayField(
        _l("Date of first contact"),
        validators=[InputRequired(message=_l("Enter a valid date, for example 23-11-2026.")), WorkDate()],
        default=local_today,
    )
    themes = CheckboxListField(_l("Themes"), coerce=int)
    support_requested = TextAreaField(
        _l("Support asked for"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What do the initiators ask of the municipality?"),
    )
    next_step = StringField(_l("Next step"), validators=[Optional(), Length(max=300)])
    follow_up_on = DayField(_l("Follow up on"), validators=[Optional(), WorkDate()])

    def set_choices(self, wijken, themes):
        self.neighbourhood.choices = neighbourhood_choices(wijken)
        self.themes.choices = [SelectChoice(theme.id, theme.label) for theme in themes]


class IntakeForm(CaseFieldsForm):
    """One short form for a phone call, walk-in or meeting: who, what, where, channel, next step."""

    initiator_name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])
    initiator_email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
    )
    initiator_phone = TelField(_l("Phone"), validators=[Optional(), Length(max=40)])
    initiator_address = StringField(
        _l("Home address"),
        validators=[Optional(), Length(max=200)],
        description=_l("Street and house number, postcode and place."),
    )
    initiator_organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=120)])
    first_note = TextAreaField(
        _l("Notes of the first contact"),
        validators=[Optional(), Length(max=20000)],
        description=_l("Kept on the timeline as the first activity."),
    )
    #: "1" once the form showed the open cases that look alike: the next submit opens the case.
    similar_checked = HiddenField()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        has_contact = (
            self.initiator_email.data
            or self.initiator_phone.data
            or self.initiator_address.data
            or self.initiator_organisation.data
        )
        if has_contact and not (self.initiator_name.data or "").strip():
            self.initiator_name.errors.append(_l("Enter the name of the contact person."))
            valid = False
        return valid


class CaseEditForm(CaseFieldsForm):
    in_council_report = BooleanField(
        _l("In the council report"),
        description=_l(
            "Untick to leave a confidential or test case out of the council report; the report "
            "says how many cases were left out, not which."
        ),
    )
    version = VersionField()


class EmailIntakeForm(FlaskForm):
    message = FileField(
        _l("E-mail message (.eml or .msg)"),
        validators=[FileRequired(message=_l("Choose an .eml or .msg file."))],
        description=_l(
            "Save the e-mail from your mail program as a file and choose it here. In Outlook: open the"
            " message and choose File > Save As (Outlook Message Format, .msg), or drag it into a folder."
        ),
        render_kw={"accept": ".eml,.msg,message/rfc822,application/vnd.ms-outlook"},
    )
    neighbourhood = SelectField(
        _l("Neighbourhood"), coerce=int, validators=[InputRequired(message=_l("Choose a neighbourhood."))]
    )
    themes = CheckboxListField(_l("Themes"), coerce=int)
    #: The e-mail uploaded before, kept while the form shows the open cases that look alike
    #: (`intake.pending`): then no file needs choosing again.
    pending = HiddenField()

    def set_choices(self, wijken, themes):
        self.neighbourhood.choices = neighbourhood_choices(wijken)
        self.themes.choices = [SelectChoice(theme.id, theme.label) for theme in themes]

    def validate(self, extra_validators=None):
        if self.pending.data and not self.message.data:
            self.message.validators = [Optional()]  # the e-mail uploaded before counts
        return super().validate(extra_validators)


class MoveForm(FlaskForm):
    to = RadioField(_l("Move to"), validators=[DataRequired(message=_l("Choose a stage."))])
    reason = TextAreaField(
        _l("Reason"),
        validators=[NeededWhen(), Length(max=5000)],
        description=_l("Needed when you go back, skip a stage or reopen the case."),
    )
    result = SelectField(
        _l("Result"),
        choices=[no_choice_yet(_l("Choose a result…"))]
        + [SelectChoice(result.value, result.title) for result in Result],
        filters=[strip_text],  # " " is no result: `Optional` alone would let it past the choices
        validators=[NeededWhen()],
        description=_l("Needed when you close the case."),
    )
    lessons = TextAreaField(
        _l("Lessons learned"),
        validators=[NeededWhen(), Length(max=20000)],
        description=_l("Needed when closing: what would you do again, what not?"),
    )
    version = VersionField()

    def set_choices(self, current_stage, allowed_targets):
        self.to.choices = [
            SelectChoice(stage.value, stage.title) for stage in allowed_targets if stage != current_stage
        ]


class ActivityForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=[no_choice_yet(_l("Choose a kind…"))]
        + [SelectChoice(kind.value, kind.title) for kind in RECORDED_KINDS],
        validators=[DataRequired(message=_l("Choose the kind of activity."))],
    )
    happened_on = DayField(
        _l("Date"),
        validators=[InputRequired(message=_l("Enter a valid date, for example 23-11-2026.")), WorkDate()],
        default=local_today,
    )
    practice = SelectField(
        _l("Serves the practice"),
        choices=[SelectChoice(stage.value, stage.title) for stage in [Stage.INTAKE, *PRACTICES]],
        validators=[DataRequired(message=_l("Choose the practice this activity serves."))],
    )
    skills = CheckboxListField(_l("Skills used"), coerce=int)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=20000)])
    visible_to_initiators = BooleanField(
        _l("Visible to initiators"),
        description=_l("Shown on the initiators' status page with its date and kind, without the note."),
    )

    def set_choices(self, skills):
        self.skills.choices = [SelectChoice(skill.id, skill.label) for skill in skills]


class InitiatorForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(message=_l("Enter the name of the contact person.")), Length(max=120)],
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
    )
    phone = TelField(_l("Phone"), validators=[Optional(), Length(max=40)])
    address = StringField(
        _l("Home address"),
        validators=[Optional(), Length(max=200)],
        description=_l("Street and house number, postcode and place."),
    )
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=120)])
    status_mail_consent = BooleanField(
        _l("Agrees to get the status mails of this initiative"),
        description=_l("Only tick this when the person said yes. The date is kept with it."),
    )
    version = VersionField()


class TeamForm(FlaskForm):
    members = CheckboxListField(_l("Team members"), coerce=int)

    def set_choices(self, colleagues):
        self.members.choices = [SelectChoice(user.id, user.display_name) for user in colleagues]


class HandOverForm(FlaskForm):
    """Hand the case over: choose a colleague (none is preselected), then confirm by their name."""

    owner = SelectField(
        _l("New owner"),
        coerce=optional_id,
        validators=[InputRequired(message=_l("Choose the colleague who takes over the case."))],
    )
    note = StringField(_l("Note for the new owner"), validators=[Optional(), Length(max=300)])
    version = VersionField()
    #: "yes" once the user confirmed on the page that names the colleague.
    confirmed = HiddenField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "handover")  # its note must not share an id with the activity's
        super().__init__(*args, **kwargs)

    def set_choices(self, colleagues):
        self.owner.choices = [no_choice_yet(_l("Choose a colleague…"))] + [
            SelectChoice(user.id, user.display_name) for user in colleagues
        ]

    @property
    def is_confirmed(self):
        return self.confirmed.data == "yes"


class AttachmentForm(FlaskForm):
    file = FileField(_l("File"), validators=[FileRequired(message=_l("Choose a file."))])


def reason_field(description):
    """A reason to give when undoing a mistake: required, kept in the case's history."""
    return TextAreaField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Give a reason.")), Length(max=5000)],
        description=description,
    )


class WithdrawForm(FlaskForm):
    reason = reason_field(_l("For example: registered twice, see the other case. Kept in the history."))
    version = VersionField()


class ReinstateForm(FlaskForm):
    reason = reason_field(_l("Why the case counts again. Kept in the history."))
    version = VersionField()


class VoidActivityForm(FlaskForm):
    reason = reason_field(_l("For example: entered on the wrong case. Kept in the history."))


class CorrectActivityForm(FlaskForm):
    note = TextAreaField(
        _l("Note"),
        validators=[Optional(), Length(max=20000)],
        description=_l("The note as it should read. The earlier text stays in the history."),
    )
    reason = reason_field(_l("What was wrong. Kept in the history."))


class ActivityVisibilityForm(FlaskForm):
    """The timeline's button that shows an entry to the initiators or hides it again."""

    visible = HiddenField(validators=[AnyOf(["yes", "no"])])


class ClearPossibleDuplicateForm(FlaskForm):
    """The case page's button that clears the mark "mogelijk dubbel": the team looked."""


class RemoveAttachmentForm(FlaskForm):
    reason = reason_field(_l("For example: the wrong file, or uploaded twice. Kept in the history."))
