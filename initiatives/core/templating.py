"""What every template can use: navigation, languages, formatting."""

from flask import request
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from initiatives.audit.descriptions import describe_entry
from initiatives.core import numbers
from initiatives.core.access import access_rule_for
from initiatives.core.i18n import LANGUAGE_NAMES
from initiatives.core.notices import notices
from initiatives.core.roles import Role

#: Main navigation per role: (endpoint, label, the endpoints that mark it as the current item).
NAVIGATION = {
    Role.NEIGHBOURHOOD_MANAGER: [
        ("home.index", _l("My work"), {"home.index"}),
        (
            "cases.index",
            _l("Initiatives"),
            {"cases.index", "cases.show", "cases.edit", "cases.edit_initiator"},
        ),
        ("cases.new", _l("New initiative"), {"cases.new", "cases.new_from_email"}),
        ("dashboard.index", _l("Dashboard"), {"dashboard.index"}),
        ("lessons.index", _l("Lessons"), {"lessons.index"}),
    ],
    Role.SECRETARY: [
        ("home.index", _l("Overview"), {"home.index"}),
        ("cases.index", _l("Initiatives"), {"cases.index", "cases.show"}),
        ("dashboard.index", _l("Dashboard"), {"dashboard.index"}),
        ("lessons.index", _l("Lessons"), {"lessons.index"}),
        ("reports.council", _l("Council report"), {"reports.council"}),
    ],
    Role.ADMIN: [
        ("home.index", _l("Overview"), {"home.index"}),
        ("admin.users", _l("Accounts"), {"admin.users", "admin.new_user", "admin.edit_user"}),
        (
            "admin.neighbourhoods",
            _l("Neighbourhoods"),
            {"admin.neighbourhoods", "admin.new_neighbourhood", "admin.edit_neighbourhood"},
        ),
        (
            "admin.departments",
            _l("Departments"),
            {"admin.departments", "admin.new_department", "admin.edit_department"},
        ),
        (
            "admin.lists",
            _l("Lists"),
            {"admin.lists", "admin.vocabulary", "admin.new_term", "admin.edit_term"},
        ),
        ("privacy.admin", _l("Privacy"), {"privacy.admin", "privacy.subject", "privacy.erase"}),
        ("audit.index", _l("Audit log"), {"audit.index"}),
    ],
}


def _navigation():
    if not current_user.is_authenticated:
        return []
    return [
        {"endpoint": endpoint, "label": label, "current": request.endpoint in covers}
        for endpoint, label, covers in NAVIGATION.get(current_user.role, [])
    ]


def _may_search_cases():
    """Whether the header shows the case search: for those who may use the case list."""
    rule = access_rule_for("cases.index")
    return rule is not None and current_user.is_authenticated and rule.allows(current_user)


def template_context():
    return {
        "navigation": _navigation(),
        "header_search": _may_search_cases(),
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
    app.jinja_env.filters["days"] = numbers.days
    app.jinja_env.globals["describe_entry"] = describe_entry
    app.jinja_env.globals["notices"] = notices
