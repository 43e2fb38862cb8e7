"""Single sign-on's rules: which local account a person at the provider is, and binding them."""

import sqlalchemy as sa
from flask import session
from flask_babel import gettext as _

from initiatives.audit.models import Outcome
from initiatives.audit.operations import record
from initiatives.auth.models import User
from initiatives.auth.sessions import fresh_flask_session
from initiatives.auth.single_sign_on.models import OidcIdentity
from initiatives.auth.users import AccountError, find_user, normalise_username
from initiatives.core.db import utcnow
from initiatives.extensions import db

#: How auth's session records and audit entries name a log-in through single sign-on.
METHOD = "oidc"
#: Session key for a binding that waits for the account's local password.
PENDING_BINDING_KEY = "single_sign_on_pending_binding"
#: How long that binding waits, in seconds.
PENDING_BINDING_SECONDS = 5 * 60


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
    fresh_flask_session()
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
    passed), AccountError for a wrong password (audited as a failed log-in).
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
        raise AccountError(_("This is not the password of your Bricoleur account."))
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
