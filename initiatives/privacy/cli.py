"""`flask privacy purge`: anonymise residents' contact data once its retention period has ended.

Run it daily (cron or a systemd timer, see README.md). It is idempotent: a contact person is
anonymised once, and a second run finds nothing to do.
"""

import time
from collections import Counter

import click
from flask.cli import with_appcontext

from initiatives.core.db import writing
from initiatives.extensions import db
from initiatives.privacy.retention import (
    DEFAULT_BATCH_SIZE,
    PrivacyError,
    expired_counts,
    purge_batches,
    record_purge,
    retention_cutoff,
    retention_months,
)


@click.group("privacy", help="Privacy (AVG): the retention of residents' contact data.")
def privacy_cli():
    pass


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Report what would be anonymised; change nothing.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1, max=10_000),
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    help="Cases per transaction.",
)
@click.option("--quiet", is_flag=True, help="No progress bar (for cron: only the summary line).")
@with_appcontext
@writing()
def purge_command(dry_run, batch_size, quiet):
    """Anonymise the contact data of cases closed longer ago than the retention period.

    Names, e-mail addresses, phone numbers and home addresses of the initiators, and the same
    strings inside every text of the case, are replaced by [naam], [e-mailadres], [telefoonnummer]
    and [adres]; the content of the case's files but images is deleted (their entries stay). The
    case and every statistic stay. Each batch is committed on its own, so an interrupted run
    resumes where it stopped.
    """
    try:
        months = retention_months()
    except PrivacyError as error:
        raise click.ClickException(str(error)) from None
    cutoff = retention_cutoff(months=months)
    started = time.perf_counter()
    due_cases, due_contacts = expired_counts(cutoff)
    click.echo(
        f"Retention period: {months} months. Contact data of cases closed on or before "
        f"{cutoff.isoformat()} has expired: {due_contacts} contact(s) in {due_cases} case(s)."
    )
    cases = contacts = texts = files = 0
    kinds = Counter()
    progress = click.progressbar(
        length=due_cases,
        label="Checking" if dry_run else "Anonymising",
        hidden=quiet,
        show_pos=True,
    )
    try:
        with progress as bar:
            for batch in purge_batches(cutoff, batch_size=batch_size, dry_run=dry_run):
                cases += batch.cases
                contacts += batch.contacts
                texts += batch.texts
                files += batch.files
                for result in batch.results:
                    kinds.update(result.texts)
                if not dry_run:
                    db.session.commit()
                bar.update(len(batch.results))
    except Exception:
        db.session.rollback()
        raise
    record_purge(
        cutoff=cutoff,
        months=months,
        cases=cases,
        contacts=contacts,
        texts=texts,
        files=files,
        dry_run=dry_run,
    )
    db.session.commit()
    seconds = time.perf_counter() - started
    verb = "Would anonymise" if dry_run else "Anonymised"
    click.echo(
        f"{verb} {contacts} contact(s) in {cases} case(s), {texts} text(s) redacted, "
        f"{files} file(s) deleted, in {seconds:.1f} s."
    )
    for kind, count in sorted(kinds.items()):
        click.echo(f"  {kind}: {count}")
    if dry_run:
        click.echo("Dry run: nothing was changed.")
