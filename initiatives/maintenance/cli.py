"""`flask backup PATH` and `flask restore PATH`."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from initiatives.maintenance.backup import (
    BackupError,
    create_backup,
    database_summary,
    read_manifest,
    restore_backup,
)

STAGES = {"database": "Database", "files": "Files", "unpacking": "Unpacking"}


class Progress:
    """Prints a line per stage each time it is another tenth further, so a log shows it too."""

    def __init__(self):
        self.shown = {}

    def __call__(self, stage, done, total):
        tenth = 10 if total <= 0 else (done * 10) // total
        if self.shown.get(stage) == tenth:
            return
        self.shown[stage] = tenth
        click.echo(f"{STAGES.get(stage, stage)}: {tenth * 10}% ({done} of {total})")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@with_appcontext
def backup_command(path, force):
    """Back up the database and the case files to PATH (a .tar; .tar.gz compresses), while the
    app goes on serving."""
    if path.exists() and not force:
        raise click.ClickException(f"{path} exists; choose another name or add --force.")
    if not path.parent.is_dir():
        raise click.ClickException(f"The folder {path.parent} does not exist.")
    click.echo(f"Backing up {database_summary()} to {path}")
    try:
        manifest = create_backup(path, Progress())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    size = path.stat().st_size / (1024 * 1024)
    click.echo(f"Backup complete: {path} ({size:.1f} MB, {manifest['attachments']} files).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path, yes):
    """Replace the database and the case files by the backup at PATH (after a confirmation).

    Stop the application servers first: what they save during the restore is lost.
    """
    try:
        manifest = read_manifest(path)
        if not yes:
            click.confirm(
                f"This replaces everything in the {database_summary()} and the case files by the "
                f"backup of {manifest['created_at']} ({manifest['attachments']} files). Continue?",
                abort=True,
            )
        restore_backup(path, Progress())
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the backup of {manifest['created_at']} from {path}.")
