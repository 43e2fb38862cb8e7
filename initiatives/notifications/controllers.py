"""Request handlers of one's notification preferences and of the notifications page."""

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from initiatives.cases.personal_data import case_texts
from initiatives.cases.queries import SCREENING
from initiatives.core.db import utcnow
from initiatives.core.parsing import page_number
from initiatives.core.urls import safe_next
from initiatives.extensions import db
from initiatives.notifications.forms import PreferencesForm
from initiatives.notifications.models import Notification
from initiatives.notifications.preferences import PreferenceError, change_preferences, preferences_of
from initiatives.notifications.queries import current_notifications
from initiatives.notifications.sentences import display_names, sentence


def preferences():
    user = current_user._get_current_object()
    form = PreferencesForm()
    if not form.is_submitted():
        for name, value in preferences_of(user).items():
            form[name].data = value
    if form.validate_on_submit():
        try:
            change_preferences(
                user,
                form.channels(),
                digest_hour=None if form.digest_hour.data is None else form.digest_hour.data.strip(),
                digest_on_weekends=form.digest_on_weekends.data,
                language=form.language.data or None,
            )
        except PreferenceError as error:
            getattr(form, error.field or "digest_hour", form.digest_hour).errors.append(str(error))
        else:
            flash(_("Your notification settings have been saved."), "success")
            return redirect(url_for("notifications.preferences"))
    # A refusal answers 422, so that the unit of work keeps none of the choices.
    return render_template("notifications/preferences.html", form=form), 422 if form.errors else 200


def index():
    user = current_user._get_current_object()
    page = db.paginate(
        current_notifications(user).options(selectinload(Notification.initiative).options(*SCREENING)),
        page=page_number(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        max_per_page=100,
        error_out=False,
        count=True,
    )
    names = display_names(page.items)
    shown = [
        {
            "notification": notification,
            "text": sentence(
                notification,
                case_texts(notification.initiative)(notification.initiative.title),
                names,
            ),
        }
        for notification in page.items
    ]
    return render_template("notifications/index.html", page=page, shown=shown)


def _back_to_the_list():
    return redirect(safe_next(request.form.get("next") or url_for("notifications.index")))


def mark_read(notification_id):
    notification = db.session.get(Notification, notification_id)
    # Another's notice is no more there for you than one that does not exist.
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    if notification.read_at is None:
        notification.read_at = utcnow()
    return _back_to_the_list()


def mark_all_read():
    db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == current_user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    flash(_("All notifications have been marked as read."), "success")
    return _back_to_the_list()
