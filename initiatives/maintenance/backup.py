"""Backups: one .tar file with the database and the case files, made while the app serves.

Layout of a backup (a tar file, gzip-compressed when its name ends in .gz or .tgz):
- manifest.json: format, when, which database kind and schema revision, how many files;
- database.sqlite (SQLite's online backup API, a copy of one moment) or database.dump
  (`pg_dump --format=custom`, which reads one snapshot of the whole database);
- attachments/...: the case files, copied after the database, so every file the copy's rows
  name is there (a file is written before its row is committed).

A restore checks all of it before it touches anything, then replaces the database in one
transaction (a failure leaves the current database as it was), then swaps the file directory.
"""

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from initiatives.extensions import db

FORMAT = "bricoleur-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite"
POSTGRESQL_MEMBER = "database.dump"
#: The database file inside a backup, per kind of database.
MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRESQL_MEMBER}
ATTACHMENTS = "attachments"
#: Pages copied per step of SQLite's backup, between progress reports (4 MB at 4 kB pages).
SQLITE_STEP_PAGES = 1024
#: Run before a PostgreSQL dump is restored, in the same transaction: tables of a later schema
#: that the backup does not have would otherwise stay behind.
POSTGRESQL_PREAMBLE = "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"
#: Files whose name starts with this are /healthz's write probes, not case files.
PROBE_PREFIX = ".healthz-"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message tells the operator why."""


def _no_progress(stage, done, total):
    pass


def _attachment_root():
    return Path(current_app.config["ATTACHMENT_DIR"])


def _tar_mode(path, writing):
    compressed = path.name.endswith((".gz", ".tgz"))
    if writing:
        return "w:gz" if compressed else "w"
    return "r:*"


# Backing up.


def create_backup(path, progress=_no_progress):
    """Write a backup of the database and the case files to `path` and return its manifest.

    The file appears only when complete (it is written as PATH.partial and renamed).
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    dialect = db.engine.dialect.name
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=path.parent) as work:
            work = Path(work)
            if dialect == "sqlite":
                member = SQLITE_MEMBER
                revision = _sqlite_snapshot(work / member, progress)
            else:
                member = POSTGRESQL_MEMBER
                revision = _schema_revision()
                _pg_dump(work / member, progress)
            files = _attachment_files()
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "dialect": dialect,
                "revision": revision,
                "database": member,
                "attachments": len(files),
            }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=2))
            # The backup holds every resident's data and the password hashes: for the owner only.
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            with tarfile.open(partial, _tar_mode(path, writing=True)) as tar:
                tar.add(work / MANIFEST, MANIFEST)
                tar.add(work / member, member)
                root = _attachment_root()
                for done, relative in enumerate(files, 1):
                    # A file deleted since the listing is not needed by the copy's rows either.
                    with contextlib.suppress(FileNotFoundError):
                        tar.add(root / relative, f"{ATTACHMENTS}/{relative.as_posix()}")
                    progress("files", done, len(files))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return manifest


def _attachment_files():
    root = _attachment_root()
    if not root.is_dir():
        return []
    return sorted(
        file.relative_to(root)
        for file in root.rglob("*")
        if file.is_file() and not file.name.startswith(PROBE_PREFIX)
    )


def _schema_revision(connection=None):
    query = sa.text("SELECT version_num FROM alembic_version")
    try:
        if connection is not None:
            return connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        with db.engine.connect() as connection:
            return connection.execute(query).scalar()
    except (sa.exc.SQLAlchemyError, sqlite3.Error, TypeError):
        return None


def _sqlite_snapshot(target_file, progress):
    """Copy the live SQLite database to `target_file` as it is at one moment, without stopping
    writers: a read transaction pins that moment (WAL lets writers go on beside it), and the
    online backup API copies the pages in steps, reporting progress after each."""
    pooled = db.engine.raw_connection()
    try:
        source = pooled.driver_connection
        source.commit()  # no transaction of the pool's left open: ours must start now
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        target = sqlite3.connect(target_file)
        try:
            source.backup(
                target,
                pages=SQLITE_STEP_PAGES,
                progress=lambda status, remaining, total: progress("database", total - remaining, total),
            )
            source.rollback()
            # One self-contained file: no -wal beside it.
            target.execute("PRAGMA journal_mode = DELETE")
            return _schema_revision(target)
        finally:
            target.close()
    finally:
        pooled.close()


def _libpq(url):
    """The conninfo URI and environment for PostgreSQL's own tools; the password goes in the
    environment, never on the command line (where `ps` shows it)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return conninfo, env


def _tool(name):
    """The full path of one of PostgreSQL's client programs."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install PostgreSQL's client programs "
            "(e.g. the Debian package postgresql-client) of the server's major version."
        )
    return path


def _run_tool(args, env, what, *, on_line=None):
    """Run one of PostgreSQL's tools; stream its stderr to `on_line`; raise BackupError on failure."""
    # A fixed argument list without a shell: nothing in it is parsed as a command.
    process = subprocess.Popen(  # noqa: S603
        [_tool(args[0]), *args[1:]], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    messages = []
    for line in process.stderr:
        line = line.rstrip()
        if on_line is None or not on_line(line):
            messages.append(line)
    if process.wait() != 0:
        detail = "\n".join(messages[-10:])
        hint = ""
        if "version mismatch" in detail:
            hint = "\nUse the client programs of the server's major version (see `pg_dump --version`)."
        raise BackupError(f"{what} failed:\n{detail}{hint}")


def _pg_dump(target_file, progress):
    """`pg_dump --format=custom`: one consistent snapshot, while the app goes on writing."""
    conninfo, env = _libpq(db.engine.url)
    with db.engine.connect() as connection:
        tables = connection.execute(
            sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        ).scalar()
    done = 0

    def on_line(line):
        nonlocal done
        if "dumping contents of table" in line:
            done += 1
            progress("database", min(done, tables), tables)
        return line.startswith("pg_dump: ") and "error" not in line.lower()

    _run_tool(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--verbose",
            f"--file={target_file}",
            f"--dbname={conninfo}",
        ],
        env,
        "pg_dump",
        on_line=on_line,
    )


# Restoring.


def read_manifest(path):
    """Return the manifest of the backup at `path`; BackupError when it is not one."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    not_a_backup = BackupError(f"{path} is not a Bricoleur backup (make one with `flask backup PATH`).")
    try:
        with tarfile.open(path, "r:*") as tar:
            manifest = json.load(tar.extractfile(MANIFEST))
    except (tarfile.TarError, KeyError, ValueError, OSError, AttributeError, TypeError):
        raise not_a_backup from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise not_a_backup
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format version {manifest.get('format_version')}; "
            f"this version of Bricoleur reads version {FORMAT_VERSION}."
        )
    # The database's name inside the backup is fixed by its kind: never a path the file chooses.
    if MEMBERS.get(manifest.get("dialect")) != manifest.get("database") or "created_at" not in manifest:
        raise not_a_backup
    return manifest


def restore_backup(path, progress=_no_progress):
    """Replace the database and the case files by the backup at `path`.

    Everything is unpacked and checked first; the database is then replaced in one transaction,
    so a failure leaves it as it was; the file directory is swapped last.
    """
    path = Path(path)
    manifest = read_manifest(path)
    dialect = db.engine.dialect.name
    if manifest["dialect"] != dialect:
        raise BackupError(
            f"{path} is a backup of a {manifest['dialect']} database, but the current database "
            f"is {dialect}; restore it into a {manifest['dialect']} database."
        )
    root = _attachment_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=root.parent) as work:
        work = Path(work)
        progress("unpacking", 0, 1)
        try:
            with tarfile.open(path, "r:*") as tar:
                tar.extractall(work, filter="data")  # no paths outside `work`, no devices
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{path} cannot be unpacked: {error}") from None
        progress("unpacking", 1, 1)
        database_file = work / manifest["database"]
        if not database_file.is_file():
            raise BackupError(f"{path} has no database in it.")
        db.session.remove()
        if dialect == "sqlite":
            _sqlite_restore(database_file, progress)
        else:
            _pg_restore(database_file, progress)
        db.engine.dispose()  # no pooled connection keeps a view of the old database
        _swap_attachments(work / ATTACHMENTS, root)
    return manifest


def _sqlite_restore(database_file, progress):
    try:
        source = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"The database in the backup cannot be read: {error}.") from None
    if check != "ok":
        raise BackupError(f"The database in the backup is damaged: {check}.")
    db.engine.dispose()
    pooled = db.engine.raw_connection()
    try:
        target = pooled.driver_connection
        target.commit()
        # The backup API writes the target in one transaction: all pages, or none on failure.
        source.backup(
            target,
            pages=SQLITE_STEP_PAGES,
            progress=lambda status, remaining, total: progress("database", total - remaining, total),
        )
    except sqlite3.Error as error:
        raise BackupError(f"The database could not be restored ({error}); it is unchanged.") from None
    finally:
        source.close()
        pooled.close()


def _pg_restore(dump_file, progress):
    """Turn the dump into SQL and run it, after emptying the schema, in one transaction: psql
    stops at the first error and PostgreSQL rolls everything back, the old data included."""
    conninfo, env = _libpq(db.engine.url)
    db.engine.dispose()
    progress("database", 0, 1)
    script_file = dump_file.with_name("restore.sql")
    with open(script_file, "w") as script:
        script.write(POSTGRESQL_PREAMBLE)
        script.flush()
        with subprocess.Popen(  # noqa: S603 (a fixed argument list, no shell)
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump_file)],
            env=env,
            stdout=script,
            stderr=subprocess.PIPE,
            text=True,
        ) as converter:
            errors = converter.stderr.read()
    if converter.returncode != 0:
        raise BackupError(f"The database in the backup cannot be read by pg_restore:\n{errors.strip()}")
    _run_tool(
        [
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--file={script_file}",
            f"--dbname={conninfo}",
        ],
        env,
        "Restoring the database (it is unchanged)",
    )
    progress("database", 1, 1)


def _swap_attachments(restored, root):
    """Put the backup's files in place of the current ones by renaming (no half-copied folder)."""
    if not restored.is_dir():
        restored.mkdir()
    previous = root.with_name(root.name + ".before-restore")
    if previous.exists():
        shutil.rmtree(previous)
    if root.exists():
        os.replace(root, previous)
    os.replace(restored, root)
    if previous.exists():
        shutil.rmtree(previous)


def database_summary():
    """A short description of the current database for the confirmation question."""
    url = db.engine.url
    name = url.database if url.get_backend_name() == "sqlite" else f"{url.host}/{url.database}"
    with db.engine.connect() as connection:
        try:
            accounts = connection.execute(sa.text("SELECT count(*) FROM users")).scalar()
            cases = connection.execute(sa.text("SELECT count(*) FROM initiatives")).scalar()
        except sa.exc.SQLAlchemyError:
            return f"{url.get_backend_name()} database {name} (no Bricoleur tables yet)"
    return f"{url.get_backend_name()} database {name} ({accounts} accounts, {cases} cases)"
