"""What every template can use: languages, formatting, notices."""

from flask_babel import format_currency, format_date, format_datetime, get_locale

from initiatives.core import numbers
from initiatives.core.i18n import LANGUAGE_NAMES
from initiatives.core.notices import notices
from initiatives.core.roles import Role


def template_context():
    return {
        "language_names": LANGUAGE_NAMES,
        "current_language": str(get_locale() or "nl"),
        "Role": Role,
    }


def register_template_helpers(app):
    app.jinja_env.add_extension("jinja2.ext.do")
    app.context_processor(template_context)
    app.jinja_env.filters["datetime"] = lambda value: format_datetime(value) if value else ""
    app.jinja_env.filters["date"] = lambda value: format_date(value) if value else ""
    app.jinja_env.filters["number"] = numbers.number
    app.jinja_env.filters["euros"] = lambda value: format_currency(value, "EUR") if value is not None else ""
    app.jinja_env.filters["days"] = numbers.days
    app.jinja_env.filters["average"] = numbers.average
    app.jinja_env.globals["notices"] = notices
