"""The audit page's filter form (GET: it changes nothing, so it needs no CSRF token)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from initiatives.audit.models import Outcome
from initiatives.core.forms import DayField, Length, strip_text

#: The kinds of object entries are about (their table names), with a name for people.
OBJECT_TYPES = (
    ("initiatives", _l("Case")),
    ("initiators", _l("Contact person")),
    ("activities", _l("Activity")),
    ("attachments", _l("File")),
    ("barriers", _l("Barrier")),
    ("helps", _l("Help")),
    ("users", _l("Account")),
    ("api_tokens", _l("API token")),
    ("neighbourhoods", _l("Neighbourhood")),
    ("departments", _l("Department")),
    ("themes", _l("Theme")),
    ("skills", _l("Skill")),
    ("barrier_categories", _l("Barrier category")),
    ("help_categories", _l("Help category")),
)
MAX_ID = 2**31 - 1


class AuditFilterForm(FlaskForm):
    """A blank choice (" ") is stripped to "" (all): `Optional` alone would let it past the
    check of the choices, into the query."""

    class Meta:
        csrf = False

    actor = StringField(_l("Username"), validators=[Optional(), Length(max=64)])
    action = StringField(
        _l("Action"),
        validators=[Optional(), Length(max=64)],
        description=_l("A code such as export.cases, or its first part (export) for all of its kind."),
    )
    object_type = SelectField(
        _l("Kind of object"),
        choices=[SelectChoice(value, label) for value, label in (("", _l("All kinds")), *OBJECT_TYPES)],
        filters=[strip_text],
        validators=[Optional()],
    )
    object_id = IntegerField(_l("Object number"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    initiative = IntegerField(_l("Case number"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    outcome = SelectField(
        _l("Outcome"),
        choices=[SelectChoice("", _l("All outcomes"))]
        + [SelectChoice(outcome.value, outcome.title) for outcome in Outcome],
        filters=[strip_text],
        validators=[Optional()],
    )
    start = DayField(_l("From"), validators=[Optional()])
    end = DayField(_l("Up to and including"), validators=[Optional()])
    q = SearchField(_l("Words in the summary"), validators=[Optional(), Length(max=200)])
