"""Request handlers for signing in and out and for one's own account."""

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from initiatives.auth import operations
from initiatives.auth.forms import LoginForm, PasswordChangeForm
from initiatives.core.urls import safe_next


def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.username.data, form.password.data)
        if user is None:
            g.login_failed = True  # counted by the log-in throttle
            form.form_errors.append(_("Username or password is incorrect."))
        else:
            language = session.get("language")
            session.clear()  # a new session at log-in: no fixation
            if language:
                session["language"] = language
            login_user(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


def logout():
    logout_user()
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    flash(_("You have been signed out."), "success")
    return redirect(url_for("auth.login"))


def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(_("This is not your current password."))
        else:
            operations.change_password(current_user, form.new_password.data)
            # Sign this session in again with the new generation; other sessions end.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed. Other sessions have been signed out."), "success")
            return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)
