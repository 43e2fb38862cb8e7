"""`flask demo-data`: a believable municipality to try Bricoleur with."""

import sys
import time

import click
from flask.cli import with_appcontext

from initiatives.core.db import writing
from initiatives.demo import initiatives as demo_cases
from initiatives.demo import operations
from initiatives.demo.shapes import create_demo_shapes
from initiatives.extensions import db


def print_demo_logins():
    click.echo(f"Demo log-ins (password for all: {operations.DEMO_PASSWORD}):")
    for account in [*operations.DEMO_ACCOUNTS, *demo_cases.extra_managers_present()]:
        click.echo(f"  {account.username:<11} {account.role.value:<22} {account.full_name}")
    click.echo("  (admins set up two-step verification with an authenticator app at their first log-in)")


def add_demo_cases(count, seed, activities_per_case=None):
    """Generate `count` demo cases with a progress bar and say what it made and how long it took."""
    started = time.perf_counter()
    in_terminal = sys.stdout.isatty()
    try:
        # Cases done and their rate, so that a long run (a million cases: some half an hour) is seen
        # to move; after the last chunk the planner's statistics take a while longer. Where no
        # terminal shows the bar (a log), a line per tenth of the run says as much.
        with click.progressbar(
            length=count, label="Creating demo cases", show_pos=True, item_show_func=lambda text: text
        ) as bar:

            def advance(done):
                before, now = bar.pos, bar.pos + done
                rate = f"{now / max(time.perf_counter() - started, 1e-9):,.0f} cases/s"
                bar.update(done, f"{rate}, then statistics" if now >= count else rate)
                if not in_terminal and now * 10 // count > before * 10 // count:
                    click.echo(f"  {now}/{count} cases, {rate}")

            made = demo_cases.generate(
                count, seed=seed, progress=advance, activities_per_case=activities_per_case
            )
    except demo_cases.DemoDataError as error:
        raise click.ClickException(str(error)) from None
    seconds = time.perf_counter() - started
    click.echo(
        f"{count} demo cases added (ids {made.ids[0]}-{made.ids[-1]}) with {made.activities} activities, "
        f"{made.barriers} barriers and {made.helps} helps in {seconds:.1f} s; "
        f"{made.challenges} of them are right-to-challenge cases."
    )


@click.command("demo-data")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Only fill a database that has no accounts yet (cases: that has no cases yet).",
)
@click.option(
    "--initiatives",
    "initiative_count",
    type=click.IntRange(min=0),
    default=0,
    help="Also add this many demo cases; with --if-empty only when there are no cases yet.",
)
@click.option(
    "--activities-per-case",
    type=click.FloatRange(min=2),
    default=None,
    help="Average number of activities on a case's timeline (default: 2 to 8, about 4.5).",
)
@click.option(
    "--seed", type=int, default=demo_cases.DEFAULT_SEED, show_default=True, help="Seed for the cases."
)
@with_appcontext
@writing()
def demo_data_command(if_empty, initiative_count, activities_per_case, seed):
    """Fill the database with demo neighbourhoods, departments, tasks for challenges and accounts
    (idempotent), and optionally add demo cases on top."""
    if if_empty and operations.has_accounts():
        # A database in use is left alone; one with only the demo accounts still gets its cases.
        if operations.demo_accounts_present():
            if initiative_count and not demo_cases.has_initiatives():
                operations.create_challenge_tasks()  # the challenges' tasks, if not there yet
                db.session.commit()
                add_demo_cases(initiative_count, seed, activities_per_case)
            print_demo_logins()
        return
    created = operations.create_reference_data() + operations.create_challenge_tasks()
    created += create_demo_shapes(operations.MUNICIPALITY_CODE)
    operations.create_demo_accounts()
    db.session.commit()
    click.echo(f"Demo data ready ({created} new reference records).")
    if initiative_count and not (if_empty and demo_cases.has_initiatives()):
        add_demo_cases(initiative_count, seed, activities_per_case)
    print_demo_logins()
