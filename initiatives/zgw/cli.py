"""`flask zgw push [--case ID | --closed-since DATE | --all]`: send cases to the municipality's
case system (ZGW). Each case is committed on its own, so an interrupted run resumes where it
stopped, and a repeated one sends only what is new."""

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.core.db import writing
from initiatives.extensions import db
from initiatives.zgw import config, operations


@click.group("zgw", help="The municipality's case system (ZGW, e.g. Open Zaak).")
def zgw_cli():
    pass


def _selected(case_id, closed_since, every_case):
    query = sa.select(Initiative.id).where(Initiative.not_withdrawn()).order_by(Initiative.id)
    if case_id is not None:
        return [case_id]
    if closed_since is not None:
        return list(
            db.session.scalars(
                query.where(Initiative.stage == Stage.CLOSED, Initiative.closed_on >= closed_since)
            )
        )
    if every_case:
        return list(db.session.scalars(query))
    raise click.UsageError("Say which cases: --case ID, --closed-since DATE or --all.")


@zgw_cli.command("push")
@click.option("--case", "case_id", type=int, help="One case, by its number.")
@click.option(
    "--closed-since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Cases closed on or after DATE."
)
@click.option("--all", "every_case", is_flag=True, help="Every case (not withdrawn).")
@click.option(
    "--as", "username", default=None, help="The account the audit log names (default: the case's owner)."
)
@with_appcontext
@writing()
def push_command(case_id, closed_since, every_case, username):
    """Send cases to the case system: each case once, then only what is new."""
    if not config.is_on():
        raise click.ClickException(
            "The case system (ZGW) is off: set BRICOLEUR_ZGW_ZAKEN_API, _CATALOGI_API and _DOCUMENTEN_API."
        )
    if (
        sum(
            option is not None and option is not False
            for option in (case_id, closed_since, every_case or None)
        )
        > 1
    ):
        raise click.UsageError("Give one of --case, --closed-since and --all.")
    actor = find_user(username) if username else None
    if username and actor is None:
        raise click.ClickException(f"No account {username}.")
    failed = 0
    for initiative_id in _selected(case_id, closed_since.date() if closed_since else None, every_case):
        initiative = db.session.get(Initiative, initiative_id)
        if initiative is None:
            raise click.ClickException(f"No case {initiative_id}.")
        report = operations.push(initiative, actor or initiative.owner)
        db.session.commit()
        line = f"case {initiative_id}: {len(report.sent)} new"
        for problem in report.problems:
            line += f"; {problem}"
        if report.error is not None:
            failed += 1
            line += f"; error: {report.error.message}"
        click.echo(line)
    if failed:
        raise click.ClickException(f"{failed} case(s) not sent completely; run again to resume.")
