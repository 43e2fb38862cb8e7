"""`flask exports prepare`: the anonymised copies of case texts that exports and search read."""

import click
import sqlalchemy as sa
from flask.cli import AppGroup, with_appcontext

from initiatives.core.db import writing
from initiatives.exports import public_texts
from initiatives.extensions import db

exports_cli = AppGroup("exports", help="The case exports.")


@exports_cli.command("prepare")
@with_appcontext
@writing()
def prepare_command():
    """Make the anonymised copies of case texts that exports read, with the public search
    documents: after an upgrade, or a change of the anonymising rules. Exports work without them,
    more slowly; but those who may not see a case's contact details find a case without one not at
    all. Safe to run at any time."""
    missing = db.session.scalar(
        sa.select(sa.func.count()).select_from(public_texts.cases_without_current_copy().subquery())
    )
    with click.progressbar(length=missing, label="Anonymising case texts for exports and search") as bar:
        made = public_texts.prepare(db.session, progress=bar.update)
    click.echo(f"{made} cases given an anonymised copy of their texts.")
