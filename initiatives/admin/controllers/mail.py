"""Admin handlers for the notification mails: the deliveries that failed (to try again) and the
active accounts without an e-mail address, to whom no mail is attempted."""

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from initiatives.admin.controllers import get_or_404
from initiatives.auth.models import User
from initiatives.extensions import db
from initiatives.notifications import delivery
from initiatives.notifications.models import OutboxMessage, OutboxStatus


def index():
    failed = db.session.scalars(
        delivery.failed_messages().options(sa.orm.joinedload(OutboxMessage.user))
    ).all()
    without_address = db.session.scalars(
        sa.select(User)
        .where(User.active, sa.or_(User.email.is_(None), User.email == ""))
        .order_by(User.username)
    ).all()
    return render_template(
        "admin/mail.html",
        failed=failed,
        without_address=without_address,
        pending=delivery.pending_count(),
    )


def retry(message_id):
    message = get_or_404(OutboxMessage, message_id)
    if message.status == OutboxStatus.FAILED:
        delivery.retry(message)
        flash(
            _(
                "The mail to %(name)s will be tried again at the next delivery.",
                name=message.user.display_name,
            ),
            "success",
        )
    return redirect(url_for("admin.mail"))
