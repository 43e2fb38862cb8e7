"""URL rules of single sign-on, always registered: without its settings they answer 404."""

from flask import Blueprint

from initiatives.auth.blueprint import throttled
from initiatives.auth.single_sign_on import controllers
from initiatives.auth.single_sign_on.settings import provider
from initiatives.core.access import public
from initiatives.core.unit_of_work import writes_database

bp = Blueprint("sso", __name__)
bp.add_url_rule("/login/sso", view_func=public(controllers.start), endpoint="start")
# A GET that signs in: it writes (the lock is taken at its first query, after the provider answered).
bp.add_url_rule(
    "/login/sso/callback", view_func=writes_database(public(controllers.callback)), endpoint="callback"
)
bp.add_url_rule(
    "/login/sso/confirm",
    view_func=public(throttled(controllers.confirm_binding_page)),
    endpoint="confirm_binding",
    methods=["GET", "POST"],
)


@bp.app_context_processor
def _single_sign_on_for_templates():
    configured = provider()
    return {"single_sign_on": configured.settings.display_name if configured else None}
