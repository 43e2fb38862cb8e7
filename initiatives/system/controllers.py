"""Health check, language switch, and the page for a file the proxy refused as too large."""

from flask import current_app, jsonify, redirect, request
from flask_login import current_user

from initiatives.core.errors import too_large_behind_the_proxy
from initiatives.core.i18n import remember_language
from initiatives.core.urls import safe_next
from initiatives.notifications.preferences import change_preferences
from initiatives.system.health import health


def healthz():
    """Answer 200 when the database can be read and written and files stored; 503 with the reason
    when not (read-only, disk full, unreachable). Audit entries left unsealed for over a minute
    show as status "degraded" with the reason, still 200 (see `health`)."""
    healthy, report = health()
    if not healthy:
        current_app.logger.error("health check failed: %s", report["reason"])
        return jsonify(report), 503
    if report["status"] != "ok":
        current_app.logger.warning("health check: %s", report["reason"])
    return jsonify(report)


def language():
    chosen = request.form.get("language", "")
    if remember_language(chosen) and current_user.is_authenticated:
        # The language last chosen in the app is the one of the user's mails too.
        change_preferences(current_user._get_current_object(), language=chosen)
    return redirect(safe_next(request.form.get("next")))


def file_too_large():
    """The proxy's `error_page 413` lands here with `from` (where the file was sent): 413 with the
    limit and the way back to that page, as when the app itself refuses the file."""
    return too_large_behind_the_proxy(request.args.get("from", ""))
