"""Request handlers for signing in and out, the second factor and one's own account."""

import math

from flask import abort, current_app, flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from initiatives.auth.accounts import change_password
from initiatives.auth.forms import CodeForm, ConfirmPasswordForm, LoginForm, PasswordChangeForm, TokenForm
from initiatives.auth.models import ApiToken, User
from initiatives.auth.reentry import PURPOSE_PASSWORD_CHANGE, SignedOutAfterFailures, confirm_current_password
from initiatives.auth.second_factor import (
    begin_second_factor,
    begin_totp_enrolment,
    confirm_totp_enrolment,
    pending_login,
    remove_totp,
    reset_totp,
    totp_qr_code,
    verify_second_factor,
)
from initiatives.auth.sessions import (
    METHOD_PASSWORD,
    METHOD_RECOVERY_CODE,
    current_session,
    failed_attempts_message,
    failed_attempts_reported,
    log_out,
    start_session,
)
from initiatives.auth.tokens import confirm_identity, issue_api_token, revoke_api_token
from initiatives.auth.users import AccountError, SecondFactorRefused, authenticate
from initiatives.core.errors import render_error
from initiatives.core.urls import safe_next
from initiatives.extensions import db


def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is None:
            g.login_failed = True  # counted by the log-in throttle
            form.form_errors.append(_("Username or password is incorrect."))
        else:
            next_url = safe_next(request.args.get("next"))
            if user.has_totp:
                begin_second_factor(user, next_url)
                return redirect(url_for("auth.second_factor"))
            start_session(user, METHOD_PASSWORD)
            if user.needs_totp_enrolment:
                flash(_("Administrators sign in with two-step verification. Set it up now."), "info")
                return redirect(url_for("auth.two_factor_setup"))
            return redirect(next_url)
    return render_template("auth/login.html", form=form)


def second_factor():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    user, next_url = pending_login()
    if user is None:
        if next_url == "expired":
            flash(_("The time to enter the code has passed. Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm(
        description=_("The six digits your authenticator app shows now, or one of your recovery codes.")
    )
    if form.validate_on_submit():
        try:
            method = verify_second_factor(user, form.code.data)
        except SecondFactorRefused as refusal:
            g.login_failed = True  # counted by the log-in throttle
            form.code.errors.append(str(refusal))
        else:
            start_session(user, method)
            if method == METHOD_RECOVERY_CODE:
                flash(
                    _(
                        "You signed in with a recovery code; %(count)d are left.",
                        count=len(user.unused_recovery_codes),
                    ),
                    "info",
                )
            return redirect(safe_next(next_url))
    return render_template("auth/second_factor.html", form=form)


def logout():
    log_out()
    flash(_("You have been signed out."), "success")
    return redirect(url_for("auth.login"))


def throttled(retry_after):
    """A log-in attempt that must wait: 429, saying how long (Retry-After too)."""
    minutes = max(1, math.ceil(retry_after / 60))
    detail = ngettext(
        "Too many failed sign-in attempts. For your security, signing in is paused. "
        "Try again in %(num)d minute.",
        "Too many failed sign-in attempts. For your security, signing in is paused. "
        "Try again in %(num)d minutes.",
        minutes,
    )
    response = make_response(render_error(429, detail))
    response.headers["Retry-After"] = str(retry_after)
    return response


def signed_out_after_failures(error):
    """The password asked again was wrong too often: the session has ended; to the log-in page."""
    flash(str(error), "info")
    return redirect(url_for("auth.login"))


def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            confirm_current_password(
                current_user, form.current_password.data, purpose=PURPOSE_PASSWORD_CHANGE
            )
        except SignedOutAfterFailures as error:
            return signed_out_after_failures(error)
        except AccountError as error:
            form.current_password.errors.append(str(error))
        else:
            try:
                change_password(current_user, form.new_password.data, keep_session=current_session())
            except AccountError as error:
                form.new_password.errors.append(str(error))
            else:
                flash(_("Your password has been changed. Other sessions have been signed out."), "success")
                return redirect(url_for("auth.account"))
    return render_template("auth/password.html", form=form)


def _account_page(*, token_form=None, remove_form=None, new_token=None, status=200):
    user = current_user._get_current_object()
    reported = failed_attempts_reported(user, current_session())
    if token_form is None:
        token_form = TokenForm(formdata=None, needs_code=user.has_totp)
        token_form.days.data = current_app.config["API_TOKEN_DAYS"]
    return (
        render_template(
            "auth/account.html",
            user=user,
            token_form=token_form,
            remove_form=remove_form or ConfirmPasswordForm(formdata=None),
            new_token=new_token,
            failed_attempts_notice=failed_attempts_message(reported) if reported else None,
        ),
        status,
    )


def account():
    return _account_page()


def create_token():
    form = TokenForm(needs_code=current_user.has_totp)
    if form.validate_on_submit():
        try:
            confirm_identity(current_user, form.current_password.data, form.current_code.data)
        except SignedOutAfterFailures as error:
            return signed_out_after_failures(error)
        except SecondFactorRefused as error:
            form.current_code.errors.append(str(error))
            return _account_page(token_form=form)
        except AccountError as error:
            form.current_password.errors.append(str(error))
            return _account_page(token_form=form)
        try:
            token, secret = issue_api_token(current_user, form.name.data, form.days.data)
        except AccountError as error:
            form.name.errors.append(str(error))
        else:
            # Shown in this response only: the secret is never stored, nor put in the cookie.
            return _account_page(new_token={"token": token, "secret": secret})
    return _account_page(token_form=form)


def revoke_token(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    revoke_api_token(token)
    flash(_("The token %(name)s has been revoked.", name=token.name), "success")
    return redirect(url_for("auth.account"))


def two_factor_setup():
    user = current_user._get_current_object()
    if user.has_totp:
        flash(_("Two-step verification is already on."), "info")
        return redirect(url_for("auth.account"))
    secret = begin_totp_enrolment(user)
    form = CodeForm(description=_("The six digits your app shows after adding the account."))
    if form.validate_on_submit():
        try:
            codes = confirm_totp_enrolment(user, form.code.data)
        except AccountError as error:
            form.code.errors.append(str(error))
        else:
            return render_template("auth/recovery_codes.html", codes=codes)
    return render_template("auth/two_factor_setup.html", form=form, secret=secret, qr_code=totp_qr_code(user))


def remove_two_factor():
    form = ConfirmPasswordForm()
    if form.validate_on_submit():
        try:
            remove_totp(current_user, password=form.password.data)
        except SignedOutAfterFailures as error:
            return signed_out_after_failures(error)
        except AccountError as error:
            form.password.errors.append(str(error))
        else:
            flash(_("Two-step verification is off."), "success")
            return redirect(url_for("auth.account"))
    return _account_page(remove_form=form)


# --- for admins, on a user's edit page --------------------------------------------------------


def revoke_user_token(user_id, token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user_id:
        abort(404)
    revoke_api_token(token)
    flash(_("The token %(name)s has been revoked.", name=token.name), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


def reset_user_two_factor(user_id):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    try:
        reset_totp(user)
    except AccountError as error:
        flash(str(error), "info")
    else:
        flash(
            _(
                "Two-step verification of %(username)s is off; they can set it up again after signing in.",
                username=user.username,
            ),
            "success",
        )
    return redirect(url_for("admin.edit_user", user_id=user_id))
