"""`flask notifications deliver`: make the notices time brings, make the digests whose hour has
come, and send the outbox. Run it every minute (cron or a systemd timer, see README.md; `make run`
runs it in the background). Running it twice, or on several servers at once, sends each mail once.
"""

import click
from flask import current_app
from flask.cli import with_appcontext

from initiatives.core.dates import local_today
from initiatives.core.db import utcnow, writing
from initiatives.extensions import db
from initiatives.notifications.delivery import pending_count, send_due
from initiatives.notifications.digests import make_digests
from initiatives.notifications.scans import scan
from initiatives.notifications.transport import NoTransport, transport_for


@click.group("notifications", help="Notifications: reminders, digests and their mails.")
def notifications_cli():
    pass


@notifications_cli.command("deliver")
@click.option("--quiet", is_flag=True, help="Print only when something was made, sent or failed.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Send at most this many mails.")
@with_appcontext
def deliver_command(quiet, limit):
    """Scan for due reminders, make the digests, and send the mails that are due."""
    now = utcnow()
    lines = []
    with writing():
        found = scan(local_today())
        db.session.commit()
    made = sum(new for _, new in found.values())
    lines.append(
        "Scanned: "
        + "; ".join(f"{name}: {count} found, {new} notice(s) made" for name, (count, new) in found.items())
        + "."
    )
    with writing():
        users, digests = make_digests(now)
        db.session.commit()
    lines.append(f"Digests: {digests} made ({users} user(s) at their hour).")
    try:
        transport = transport_for(current_app.config)
    except NoTransport as error:
        with db.session.no_autoflush:
            waiting = pending_count()
        db.session.rollback()
        click.echo("\n".join(lines))
        raise click.ClickException(f"{error} ({waiting} waiting)") from None
    outcome = send_due(transport, limit=limit)
    lines.append(
        f"Sent via {transport.describe()}: {outcome.sent} sent, {outcome.skipped} skipped (nothing left "
        f"to tell), {outcome.retried} to retry, {outcome.failed} failed."
    )
    lines.extend(f"  {error}" for error in outcome.errors)
    if outcome.stopped:
        lines.append("  The mail server could not be reached: the other mails wait for the next run.")
    busy = made or digests or outcome.sent or outcome.skipped or outcome.retried or outcome.failed
    if busy or not quiet:
        click.echo("\n".join(lines))
