"""`flask audit verify`: check the audit log's hash chain; `flask audit seal`: chain what waits."""

import sys

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from initiatives.audit import chain
from initiatives.audit.models import AuditEntry
from initiatives.extensions import db

audit_cli = AppGroup("audit", help="The audit log.")


@audit_cli.command("verify")
def verify_command():
    """Check that no audit entry was changed or removed; exit 1 at the first that was."""
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    db.session.rollback()  # verify on a connection of its own, from a consistent start

    def progress(checked):
        click.echo(f"checked {checked:,} of {total:,} entries", err=True)

    with db.engine.connect() as connection:
        result = chain.verify(connection, progress=progress if total > chain.VERIFY_BATCH else None)
    if not result.intact:
        click.echo(
            f"audit log broken at entry {result.broken_id}: {result.problem} "
            f"({result.checked:,} entries before it are intact)",
            err=True,
        )
        sys.exit(1)
    click.echo(f"audit log intact: {result.checked:,} entries")
    if result.unsealed:
        click.echo(f"{result.unsealed:,} newer entries not sealed yet (each for less than a minute)")
    if result.last_id is not None:
        # Kept elsewhere, this line also reveals entries cut off at the end later.
        click.echo(f"newest entry {result.last_id}: {result.last_hash}")


@audit_cli.command("seal")
def seal_command():
    """Seal the entries that wait for their place in the chain (a sweep, e.g. every minute)."""
    db.session.rollback()

    def progress(sealed):
        click.echo(f"sealed {sealed:,} entries", err=True)

    sealed = chain.seal_all(db.engine, progress=progress)
    click.echo(f"audit log: {sealed:,} entries sealed")
