"""The case system's forms: the push button and the files for the archive (their CSRF token), and
the admin's mapping tables, one URL field per stage and per result."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import URL, Optional

from initiatives.cases.stages import RESULT_TITLES, Result
from initiatives.core.forms import Length
from initiatives.zgw.mapping import STAGE_ORDER


class PushForm(FlaskForm):
    pass


def _url_field(label):
    return StringField(
        label,
        validators=[
            Optional(),
            Length(max=1000),
            URL(require_tld=False, message=_l("Give a web address (URL).")),
        ],
    )


def table_form(formdata=None, data=None):
    """The two tables as one form: fields `status-<stage>` and `result-<result>`."""
    fields = [(f"status-{stage}", _url_field(stage.title)) for stage in STAGE_ORDER]
    fields += [(f"result-{result}", _url_field(RESULT_TITLES[result])) for result in Result]

    class TableForm(FlaskForm):
        pass

    for name, field in fields:
        setattr(TableForm, name, field)
    return TableForm(data=data) if formdata is None else TableForm(formdata=formdata)
