"""Optional single sign-on through OpenID Connect (Entra ID, ADFS, Keycloak, ...).

Configured by environment variables (see config.py and the README); without them the routes
answer 404, the log-in page shows no button and only local accounts sign in.

Accounts are never created here. The first time, the provider's user is matched to an existing
active local account by one claim (BRICOLEUR_OIDC_USERNAME_CLAIM); that account is then bound to
the provider's issuer and subject (`sub`), so a later rename at the provider does not change
who signs in. Users may often change that claim at the provider themselves, so an account with
a local password is bound only once the person has also entered that password (once). The flow is the authorization code flow with PKCE; Authlib checks state and nonce
and verifies the ID token against the provider's published keys.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

import click
import requests
import sqlalchemy as sa
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import OAuth, OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_login import current_user
from joserfc.errors import JoseError
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.audit.models import Outcome
from initiatives.audit.operations import record
from initiatives.auth import operations
from initiatives.auth.blueprint import throttled
from initiatives.auth.forms import ConfirmPasswordForm
from initiatives.auth.models import User
from initiatives.auth.operations import find_user, normalise_username
from initiatives.core.access import public
from initiatives.core.db import UTCDateTime, utcnow, writing
from initiatives.core.unit_of_work import writes_database
from initiatives.core.urls import safe_next
from initiatives.extensions import db

log = logging.getLogger(__name__)

#: Key in app.extensions: the Provider when single sign-on is configured, else None.
EXTENSION = "bricoleur.single_sign_on"
#: Session key for where to go after signing in (the log-in page's `next`).
NEXT_KEY = "single_sign_on_next"
#: How auth's session records and audit entries name a log-in through single sign-on.
METHOD = "oidc"
#: Session key for a binding that waits for the account's local password.
PENDING_BINDING_KEY = "single_sign_on_pending_binding"
#: How long that binding waits, in seconds.
PENDING_BINDING_SECONDS = 5 * 60


# --- Model -----------------------------------------------------------------------------------


class OidcIdentity(db.Model):
    """The person at an OpenID Connect provider (issuer + subject) bound to a local account."""

    __tablename__ = "oidc_identities"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject", name="uq_oidc_identities_issuer_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: One binding per account: a second provider identity for the same account is refused.
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str] = mapped_column(sa.String(255))
    subject: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self):
        return f"<OidcIdentity {self.issuer} {self.subject} of user {self.user_id}>"


# --- Settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    metadata_url: str
    client_id: str
    client_secret: str | None
    display_name: str
    username_claim: str
    scopes: str


def settings_from_config(config):
    """Return the single sign-on Settings, or None when it is not configured.

    Half a configuration (an issuer without a client id, or the reverse) stops the app from
    starting, so a typo does not quietly leave only local accounts.
    """
    from initiatives import ConfigurationError

    issuer = (config.get("OIDC_ISSUER") or "").strip()
    metadata_url = (config.get("OIDC_METADATA_URL") or "").strip()
    client_id = (config.get("OIDC_CLIENT_ID") or "").strip()
    if not (issuer or metadata_url or client_id):
        return None
    if not client_id or not (issuer or metadata_url):
        raise ConfigurationError(
            "Single sign-on is half configured: set BRICOLEUR_OIDC_CLIENT_ID and either "
            "BRICOLEUR_OIDC_ISSUER or BRICOLEUR_OIDC_METADATA_URL, or none of them."
        )
    if not metadata_url:
        metadata_url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    scopes = (config.get("OIDC_SCOPES") or "openid profile email").split()
    if "openid" not in scopes:
        scopes.insert(0, "openid")  # without it there is no ID token, so no verified identity
    return Settings(
        metadata_url=metadata_url,
        client_id=client_id,
        client_secret=(config.get("OIDC_CLIENT_SECRET") or "").strip() or None,
        display_name=(config.get("OIDC_DISPLAY_NAME") or "").strip() or "SSO",
        username_claim=(config.get("OIDC_USERNAME_CLAIM") or "").strip() or "preferred_username",
        scopes=" ".join(scopes),
    )


@dataclass(frozen=True)
class Provider:
    settings: Settings
    client: object  # authlib's FlaskOAuth2App


def provider():
    """Return the configured Provider, or None when single sign-on is off."""
    return current_app.extensions.get(EXTENSION)


# --- Rules -------------------------------------------------------------------------------------


class SignInRefused(Exception):
    """The provider vouched for someone who may not sign in here; the message says why."""

    def __init__(self, reason, message, user=None, username=""):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.user = user
        self.username = username


class PasswordNeeded(Exception):
    """The claim matched an account with a local password: bind only once it is entered."""

    def __init__(self, user, issuer, subject):
        super().__init__(user.username)
        self.user = user
        self.issuer = issuer
        self.subject = subject


def account_for(claims, *, username_claim, provider_name):
    """Return the active local account for verified ID token `claims`, binding it on first use.

    Raises SignInRefused when there is no such account, it is deactivated, or it is already
    bound to another person at the same provider; PasswordNeeded when the binding waits for the
    account's local password.
    """
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    identity = db.session.scalar(
        sa.select(OidcIdentity).where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject)
    )
    if identity is not None:
        user = identity.user
        if not user.active:
            raise SignInRefused(
                "deactivated",
                _("The Bricoleur account %(username)s is deactivated.", username=user.username),
                user=user,
                username=user.username,
            )
        identity.last_login_at = utcnow()
        return user

    claimed = claims.get(username_claim)
    username = normalise_username(claimed) if isinstance(claimed, str) else ""
    if not username:
        raise SignInRefused(
            "claim_missing",
            _(
                "%(provider)s did not send a username (the claim %(claim)s), so you cannot be "
                "signed in. Tell the administrator.",
                provider=provider_name,
                claim=username_claim,
            ),
        )
    user = find_user(username)
    _check_bindable(user, issuer, username=username, provider_name=provider_name)
    if user.password_hash:
        # The claim may be one the person chose at the provider: prove it is the account's owner.
        raise PasswordNeeded(user, issuer, subject)
    return bind(user, issuer, subject, confirmed_by="none")


def _check_bindable(user, issuer, *, username, provider_name):
    """Raise SignInRefused unless `user` may be bound to a person at `issuer`."""
    if user is None:
        raise SignInRefused(
            "unknown",
            _(
                "There is no Bricoleur account for %(username)s. Accounts are not created by "
                "signing in with %(provider)s: ask the administrator to create one with this "
                "username.",
                username=username,
                provider=provider_name,
            ),
            username=username,
        )
    if not user.active:
        raise SignInRefused(
            "deactivated",
            _("The Bricoleur account %(username)s is deactivated.", username=user.username),
            user=user,
            username=username,
        )
    bound = db.session.scalar(sa.select(OidcIdentity).where(OidcIdentity.user_id == user.id))
    if bound is not None and bound.issuer == issuer:
        # Someone else now carries this username at the provider: never hand them the account.
        raise SignInRefused(
            "bound_to_other",
            _(
                "The Bricoleur account %(username)s is linked to another person at %(provider)s. "
                "Ask the administrator to check the account.",
                username=user.username,
                provider=provider_name,
            ),
            user=user,
            username=username,
        )


def bind(user, issuer, subject, *, confirmed_by):
    """Bind `user` to the person (issuer, subject) and audit it; return the user.

    `confirmed_by` is "password" when the person entered the account's password, "none" for an
    account without one (made for single sign-on only).
    """
    bound = db.session.scalar(sa.select(OidcIdentity).where(OidcIdentity.user_id == user.id))
    if bound is None:
        bound = OidcIdentity(user=user)
        db.session.add(bound)
    # A binding to another issuer means the municipality changed provider: bind to the new one.
    bound.issuer, bound.subject, bound.last_login_at = issuer, subject, utcnow()
    db.session.flush()
    data = {"issuer": issuer, "subject": subject}
    if confirmed_by != "none":
        data["confirmed_by"] = confirmed_by
    record("auth.sso_bound", user, actor=user, summary=f"bound {user.username} to single sign-on", data=data)
    return user


def begin_pending_binding(needed, next_url):
    """Remember, for PENDING_BINDING_SECONDS, who waits to be bound to which person."""
    operations._fresh_flask_session()
    session[PENDING_BINDING_KEY] = {
        "user_id": needed.user.id,
        "issuer": needed.issuer,
        "subject": needed.subject,
        "since": int(utcnow().timestamp()),
        "next": next_url,
    }


def pending_binding():
    """Return (user, pending dict) of a binding still waiting, or (None, reason): "missing"
    or "expired"."""
    pending = session.get(PENDING_BINDING_KEY)
    if not isinstance(pending, dict):
        return None, "missing"
    age = utcnow().timestamp() - pending.get("since", 0)
    if age > PENDING_BINDING_SECONDS or age < 0:
        session.pop(PENDING_BINDING_KEY, None)
        return None, "expired"
    user = db.session.get(User, pending.get("user_id"))
    if user is None:
        session.pop(PENDING_BINDING_KEY, None)
        return None, "missing"
    return user, pending


def pending_binding_username():
    """The username of a waiting binding, for the log-in throttle; "" when there is none."""
    user, _pending = pending_binding()
    return user.username if user is not None else ""


def confirm_binding(user, pending, password, *, provider_name):
    """Bind the waiting person to `user` when `password` is the account's; return the user.

    Raises SignInRefused when the account may no longer be bound (checked again: minutes
    passed), operations.AccountError for a wrong password (audited as a failed log-in).
    """
    _check_bindable(user, pending["issuer"], username=user.username, provider_name=provider_name)
    taken = db.session.scalar(
        sa.select(OidcIdentity).where(
            OidcIdentity.issuer == pending["issuer"], OidcIdentity.subject == pending["subject"]
        )
    )
    if taken is not None:  # bound meanwhile (another tab): start again, which then just signs in
        session.pop(PENDING_BINDING_KEY, None)
        raise SignInRefused(
            "already_bound",
            _("This sign-in attempt has expired or was not started here. Start again from the sign-in page."),
            user=user,
            username=user.username,
        )
    if not user.check_password(password or ""):
        record(
            "auth.login_failed",
            user,
            outcome=Outcome.FAILURE,
            summary="failed log-in: single sign-on binding",
            data={"username": user.username, "step": "sso_binding"},
        )
        raise operations.AccountError(_("This is not the password of your Bricoleur account."))
    session.pop(PENDING_BINDING_KEY, None)
    return bind(user, pending["issuer"], pending["subject"], confirmed_by="password")


def unbind(user):
    """Forget which person at the provider `user` is bound to; the next sign-in matches again.

    For when a username is handed to someone else at the provider. Returns whether there was
    a binding.
    """
    bound = db.session.scalar(sa.select(OidcIdentity).where(OidcIdentity.user_id == user.id))
    if bound is None:
        return False
    data = {"issuer": bound.issuer, "subject": bound.subject}
    db.session.delete(bound)
    db.session.flush()
    record("auth.sso_unbound", user, summary=f"unbound {user.username} from single sign-on", data=data)
    return True


def record_refusal(refusal, claims):
    record(
        "auth.sso_login_failed",
        refusal.user,
        outcome=Outcome.FAILURE,
        summary=f"single sign-on refused: {refusal.reason}",
        data={
            "reason": refusal.reason,
            "username": refusal.username[:64],
            "issuer": str(claims.get("iss", "")),
            "subject": str(claims.get("sub", "")),
        },
    )


# --- Request handlers --------------------------------------------------------------------------


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
        except operations.AccountError as error:
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
        operations.begin_second_factor(user, next_url)
        return redirect(url_for("auth.second_factor"))
    operations.start_session(user, METHOD)
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


# --- Wiring ------------------------------------------------------------------------------------

bp = Blueprint("sso", __name__)
bp.add_url_rule("/login/sso", view_func=public(start), endpoint="start")
# A GET that signs in: it writes (the lock is taken at its first query, after the provider answered).
bp.add_url_rule("/login/sso/callback", view_func=writes_database(public(callback)), endpoint="callback")
bp.add_url_rule(
    "/login/sso/confirm",
    view_func=public(throttled(confirm_binding_page)),
    endpoint="confirm_binding",
    methods=["GET", "POST"],
)


@bp.app_context_processor
def _single_sign_on_for_templates():
    configured = provider()
    return {"single_sign_on": configured.settings.display_name if configured else None}


@click.group("sso", help="Single sign-on (OpenID Connect).")
def sso_cli():
    pass


@sso_cli.command("unlink")
@click.argument("username")
@with_appcontext
@writing()
def unlink_command(username):
    """Unbind USERNAME from its person at the provider, so the next sign-in matches it again."""
    user = find_user(username)
    if user is None:
        raise click.UsageError(f"There is no user {username!r}.")
    if not unbind(user):
        click.echo(f"{user.username} is not bound to a person at the provider.")
        return
    db.session.commit()
    click.echo(f"{user.username} is no longer bound; the next single sign-on matches it by username again.")


def init_app(app):
    """Register the routes and, when configured, the OpenID Connect client."""
    settings = settings_from_config(app.config)
    app.extensions[EXTENSION] = None
    if settings is not None:
        oauth = OAuth(app)
        client_kwargs = {"scope": settings.scopes, "code_challenge_method": "S256", "default_timeout": 10}
        if settings.client_secret is None:
            client_kwargs["token_endpoint_auth_method"] = "none"  # noqa: S105 (a public client: PKCE only)
        client = oauth.register(
            "sso",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.metadata_url,
            client_kwargs=client_kwargs,
        )
        app.extensions[EXTENSION] = Provider(settings=settings, client=client)
    app.register_blueprint(bp)
    app.cli.add_command(sso_cli)
