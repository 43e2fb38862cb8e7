"""Access rules for every endpoint, checked before its handler runs.

Each view declares who may reach it with one of the decorators below. An endpoint without a
declared rule is denied: forgetting a rule fails closed, and a test walks the URL map to find them.
Object-level checks (may this user see this case?) live on the models as `can_*` methods.
"""

from dataclasses import dataclass

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

#: Endpoints outside our blueprints that anyone may reach (static files).
PUBLIC_ENDPOINTS = frozenset({"static"})


@dataclass(frozen=True)
class AccessRule:
    """Who may reach an endpoint: anyone, any signed-in user, or signed-in users with a role."""

    public: bool = False
    roles: frozenset = frozenset()

    def allows(self, user):
        if self.public:
            return True
        if not user.is_authenticated:
            return False
        return not self.roles or user.role in self.roles

    def describe(self):
        if self.public:
            return "public"
        return "signed-in" if not self.roles else "roles:" + ",".join(sorted(self.roles))


def _declare(rule):
    def decorator(view):
        view.access_rule = rule
        return view

    return decorator


def public(view):
    """Let anyone reach this view, signed in or not."""
    return _declare(AccessRule(public=True))(view)


def signed_in(view):
    """Let every active, signed-in user reach this view."""
    return _declare(AccessRule())(view)


def roles_allowed(*roles):
    """Let signed-in users with one of `roles` reach this view."""
    return _declare(AccessRule(roles=frozenset(str(role) for role in roles)))


def access_rule_for(endpoint):
    """Return the declared rule of `endpoint`, or None when it has none."""
    if endpoint in PUBLIC_ENDPOINTS:
        return AccessRule(public=True)
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def enforce_access_rules():
    """Deny the request unless the endpoint's declared rule allows the current user."""
    if request.endpoint is None:  # no route matched; Flask answers 404 or 405 itself
        return None
    rule = access_rule_for(request.endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s has no access rule; denied", request.endpoint)
        abort(403)
    if rule.allows(current_user):
        return None
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(403)


def require(allowed):
    """Abort with 403 unless `allowed` is true; for object-level checks inside handlers."""
    if not allowed:
        abort(403)
