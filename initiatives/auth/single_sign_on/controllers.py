"""Request handlers of single sign-on: to the provider, back from it, and the first binding."""

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuthError
from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError

from initiatives.auth.forms import ConfirmPasswordForm
from initiatives.auth.second_factor import begin_second_factor
from initiatives.auth.sessions import start_session
from initiatives.auth.single_sign_on.operations import (
    METHOD,
    PENDING_BINDING_KEY,
    PasswordNeeded,
    SignInRefused,
    account_for,
    begin_pending_binding,
    confirm_binding,
    pending_binding,
    record_refusal,
)
from initiatives.auth.single_sign_on.settings import provider
from initiatives.auth.users import AccountError
from initiatives.core.urls import safe_next

log = logging.getLogger(__name__)

#: Session key for where to go after signing in (the log-in page's `next`).
NEXT_KEY = "single_sign_on_next"


def _refused(message, status=200):
    """The refusal page, with `message` saying why. Account refusals answer 200, like a failed log-in form, so the
    unit of work keeps their audit entry; protocol errors answer 4xx/5xx and save nothing."""
    return render_template("auth/single_sign_on_refused.html", message=message), status


def _configured_provider():
    configured = provider()
    if configured is None:
        abort(404)
    return configured


def start():
    """Send the browser to the provider, with a fresh state, nonce and PKCE challenge."""
    configured = _configured_provider()
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    try:
        return configured.client.authorize_redirect(url_for("sso.callback", _external=True))
    except (requests.RequestException, ValueError, RuntimeError) as error:
        log.warning("single sign-on: provider metadata unavailable: %s", error)
        return _unreachable(configured)


def _unreachable(configured):
    return _refused(
        _(
            "%(provider)s cannot be reached at the moment. Try again later, or sign in with your "
            "username and password.",
            provider=configured.settings.display_name,
        ),
        503,
    )


def callback():
    """Finish the flow: check state, fetch and verify the ID token, then sign the account in."""
    configured = _configured_provider()
    name = configured.settings.display_name
    try:
        token = configured.client.authorize_access_token()
    except MismatchingStateError:
        log.warning("single sign-on: callback with an unknown or expired state")
        return _refused(
            _("This sign-in attempt has expired or was not started here. Start again from the sign-in page."),
            400,
        )
    except OAuthError as error:
        log.info("single sign-on: provider answered %s: %s", error.error, error.description)
        if error.error == "access_denied":
            message = _("Signing in at %(provider)s was cancelled or refused.", provider=name)
        else:
            message = _(
                "%(provider)s could not sign you in (%(error)s). Try again, or sign in with your "
                "username and password.",
                provider=name,
                error=str(error.error)[:64],
            )
        return _refused(message, 400)
    except requests.RequestException as error:
        log.warning("single sign-on: provider unreachable: %s", error)
        return _unreachable(configured)
    except (JoseError, AuthlibBaseError, ValueError) as error:
        log.warning("single sign-on: ID token rejected: %r", error)
        return _unverified(name)
    claims = token.get("userinfo")
    if not _usable(claims):
        log.warning("single sign-on: the provider sent no usable ID token")
        return _unverified(name)
    claims = _with_userinfo(configured, token, dict(claims))
    next_url = safe_next(session.pop(NEXT_KEY, None))
    try:
        user = account_for(claims, username_claim=configured.settings.username_claim, provider_name=name)
    except SignInRefused as refusal:
        record_refusal(refusal, claims)
        return _refused(refusal.message)
    except PasswordNeeded as needed:
        begin_pending_binding(needed, next_url)
        return redirect(url_for("sso.confirm_binding"))
    return _sign_in(user, next_url)


def confirm_binding_page():
    """The first sign-in through the provider: the person links the account with its password."""
    configured = _configured_provider()
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user, pending = pending_binding()
    if user is None:
        if pending == "expired":
            flash(_("The time to link your account has passed. Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        try:
            confirm_binding(user, pending, form.password.data, provider_name=configured.settings.display_name)
        except SignInRefused as refusal:
            session.pop(PENDING_BINDING_KEY, None)
            record_refusal(refusal, {"iss": pending["issuer"], "sub": pending["subject"]})
            return _refused(refusal.message)
        except AccountError as error:
            g.login_failed = True  # counted by the log-in throttle
            form.password.errors.append(str(error))
        else:
            return _sign_in(user, safe_next(pending.get("next")))
    return render_template(
        "auth/single_sign_on_confirm.html",
        form=form,
        username=user.username,
        provider=configured.settings.display_name,
    )


def _sign_in(user, next_url):
    """Sign in as the log-in form does after a right password (auth.controllers.login): an
    account with a second factor still enters its code, and an admin without one enrols."""
    if user.has_totp:
        begin_second_factor(user, next_url)
        return redirect(url_for("auth.second_factor"))
    start_session(user, METHOD)
    if user.needs_totp_enrolment:
        flash(_("Administrators sign in with two-step verification. Set it up now."), "info")
        return redirect(url_for("auth.two_factor_setup"))
    return redirect(next_url)


def _usable(claims):
    """Whether verified ID token claims name someone we can bind (and store) at all."""
    if not claims:
        return False
    issuer, subject = str(claims.get("iss") or ""), str(claims.get("sub") or "")
    return 0 < len(issuer) <= 255 and 0 < len(subject) <= 255


def _unverified(name):
    return _refused(
        _(
            "The answer from %(provider)s could not be verified, so you have not been signed in. "
            "Try again; if this keeps happening, tell the administrator.",
            provider=name,
        ),
        400,
    )


def _with_userinfo(configured, token, claims):
    """Add the username claim from the userinfo endpoint when the ID token lacks it (ADFS and
    Entra ID put few claims in their ID tokens); the ID token's own claims always win."""
    claim = configured.settings.username_claim
    if claim in claims or not configured.client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    try:
        extra = configured.client.userinfo(token=token)
    except (requests.RequestException, AuthlibBaseError, ValueError) as error:
        log.warning("single sign-on: userinfo unavailable: %s", error)
        return claims
    if str(extra.get("sub")) != str(claims["sub"]):  # OIDC Core 5.3.2: must be the same person
        return claims
    return {**extra, **claims}
