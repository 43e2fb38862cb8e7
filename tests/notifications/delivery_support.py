"""What the delivery tests share: running `flask notifications deliver`, a frozen clock that the
SMTP server's own thread ignores, and reading the outbox."""

import sqlalchemy as sa
from freezegun import freeze_time

from initiatives.auth.users import find_user
from initiatives.extensions import db
from initiatives.notifications.models import Notification, OutboxMessage

BASE_URL = "https://bricoleur.voorbeeldstad.example"


def deliver(app, *args):
    """Run `flask notifications deliver`; return click's result."""
    return app.test_cli_runner().invoke(args=["notifications", "deliver", *args], catch_exceptions=False)


def frozen(moment):
    """The clock at `moment` (UTC), ticking; the SMTP server's event loop keeps the real time."""
    return freeze_time(moment, tick=True, ignore=["asyncio", "aiosmtpd", "concurrent"])


def outbox(app):
    with app.app_context():
        return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def notices(app):
    with app.app_context():
        return db.session.scalars(sa.select(Notification).order_by(Notification.id)).all()


def user_id(app, username):
    with app.app_context():
        return find_user(username).id


def bodies(mail):
    """(text, html) of a multipart mail."""
    return mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()
