"""`flask intake import-mail PATH`: open cases from every message in a Maildir, an mbox or one
message file (.eml, or Outlook's .msg)."""

import mailbox
from pathlib import Path

import click
from flask.cli import with_appcontext

from initiatives.auth.models import User
from initiatives.auth.users import find_user
from initiatives.cases.operations import CaseError
from initiatives.core.db import writing
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.intake import operations
from initiatives.intake.mail_types import MailError
from initiatives.organisation.models import Neighbourhood
from initiatives.organisation.operations import find_neighbourhood


@click.group("intake", help="Open cases from incoming e-mail.")
def intake_cli():
    pass


class SingleMessage:
    """One message file (.eml or .msg), read as a mailbox of one message."""

    def __init__(self, path):
        self.path = path

    def keys(self):
        return [self.path.name]

    def get_bytes(self, _key):
        return self.path.read_bytes()


def open_mailbox(path):
    """Return the Maildir (a folder with cur/ and new/), the mbox file (starting with a "From "
    line) or the single message file (.eml or .msg) at `path`."""
    path = Path(path)
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise click.UsageError(f"{path} is a folder but not a Maildir (it needs both cur/ and new/).")
        return mailbox.Maildir(path, factory=None, create=False)
    if path.is_file():
        with path.open("rb") as file:
            is_mbox = file.read(5) in (b"From ", b"")
        return mailbox.mbox(path, factory=None, create=False) if is_mbox else SingleMessage(path)
    raise click.UsageError(f"There is no Maildir, mbox or message file at {path}.")


@intake_cli.command("import-mail")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--owner", "owner_name", required=True, help="Username of the neighbourhood manager who takes the cases."
)
@click.option(
    "--neighbourhood",
    "code",
    default=None,
    help="CBS code for the new cases (default: the owner's first wijk).",
)
@with_appcontext
def import_mail(path, owner_name, code):
    """Open a case for every new message in PATH; messages imported before are skipped.

    Each message is read and checked first, holding no lock, and then saved in a short write
    transaction of its own: the app's users can go on writing while a large mailbox comes in, and
    one bad message never undoes the others."""
    owner = find_user(owner_name)
    if owner is None or not owner.active or owner.role != Role.NEIGHBOURHOOD_MANAGER:
        raise click.UsageError(f"{owner_name!r} is not an active neighbourhood manager.")
    neighbourhood = find_neighbourhood(code.strip().upper()) if code else (owner.neighbourhoods or [None])[0]
    if neighbourhood is None:
        raise click.UsageError("Give --neighbourhood with the CBS code of a wijk or buurt.")
    owner_id, neighbourhood_id = owner.id, neighbourhood.id
    db.session.rollback()  # ends the reading transaction: each message's write begins as a writer
    box = open_mailbox(path)
    keys = list(box.keys())
    created = skipped = 0
    failures = []
    not_kept = []
    linked = []
    possible_duplicates = []
    with click.progressbar(keys, label="Importing messages", show_pos=True) as progress:
        for key in progress:
            try:
                data = box.get_bytes(key)
            except OSError as error:  # gone, unreadable, a broken link: the others still count
                failures.append((key, f"cannot be read ({error.strerror or error})"))
                continue
            try:
                mail = operations.read_mail(data)
                case_id, duplicate, left_out, was_linked, candidates = _save(owner_id, neighbourhood_id, mail)
            except (MailError, CaseError) as error:
                failures.append((key, str(error)))
                continue
            if duplicate:
                skipped += 1
            elif was_linked:
                linked.append((key, case_id))
            else:
                created += 1
                if candidates:
                    possible_duplicates.append((key, case_id, candidates))
            not_kept += [(key, case_id, reason) for reason in left_out]
    click.echo(f"created: {created}, skipped (imported before): {skipped}, failed: {len(failures)}")
    if linked:
        click.echo(f"added to an open case: {len(linked)}")
    for key, case_id in linked:
        click.echo(f"  added {key} to open case {case_id} (same contact person, very similar text)")
    if possible_duplicates:
        click.echo(f"possible duplicates (marked 'mogelijk dubbel'): {len(possible_duplicates)}")
    for key, case_id, candidates in possible_duplicates:
        click.echo(f"  {key} opened as case {case_id}, like open case(s) {', '.join(map(str, candidates))}")
    if not_kept:
        click.echo(f"files not kept: {len(not_kept)}")
    for key, case_id, reason in not_kept:
        click.echo(f"  not kept from {key} (case {case_id}): {reason}")
    for key, reason in failures:
        click.echo(f"  failed {key}: {reason}", err=True)
    if failures:
        raise SystemExit(1)


def _save(owner_id, neighbourhood_id, mail):
    """Save the read `mail` as a case (or add it to an open case) in a write transaction of its
    own; return the case's id, whether it was imported before, why files were left out, whether
    it was added to an open case, and the open cases it may duplicate."""
    with writing():
        try:
            outcome = operations.save_mail(
                db.session.get(User, owner_id),
                mail,
                neighbourhood=db.session.get(Neighbourhood, neighbourhood_id),
                unattended=True,
            )
            result = (
                outcome.initiative.id,
                outcome.duplicate,
                outcome.skipped_attachments,
                outcome.linked,
                outcome.possible_duplicates,
            )
            db.session.commit()
        except BaseException:
            db.session.rollback()
            raise
    return result
