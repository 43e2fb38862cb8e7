"""The main navigation and the header's case search, given to every page by a context processor."""

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from initiatives.core.access import access_rule_for
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
        ("cases.new", _l("New initiative"), {"cases.new", "intake.new_from_email"}),
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
        ("admin.mail", _l("Mails"), {"admin.mail"}),
        ("audit.index", _l("Audit log"), {"audit.index"}),
        ("zgw.admin", _l("Case system"), {"zgw.admin"}),
    ],
}
#: Entries of features that are off without a setting: endpoint -> the setting that turns it on.
NEEDS_SETTING = {"zgw.admin": "ZGW_ZAKEN_API"}


def _navigation():
    if not current_user.is_authenticated:
        return []
    return [
        {"endpoint": endpoint, "label": label, "current": request.endpoint in covers}
        for endpoint, label, covers in NAVIGATION.get(current_user.role, [])
        if endpoint not in NEEDS_SETTING or current_app.config.get(NEEDS_SETTING[endpoint])
    ]


def _may_search_cases():
    """Whether the header shows the case search: for those who may use the case list."""
    rule = access_rule_for("cases.index")
    return rule is not None and current_user.is_authenticated and rule.allows(current_user)


def navigation_context():
    return {"navigation": _navigation(), "header_search": _may_search_cases()}
