"""`flask backup PATH` while the app writes, `flask restore PATH` into a fresh database, and a
comparison of every table's rows; refusals, the confirmation, and a failed restore that leaves
the current database as it was. On SQLite and on PostgreSQL (DATABASE_URL)."""

import json
import tarfile
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from initiatives import create_app
from initiatives.extensions import db
from initiatives.maintenance import backup as backup_module
from initiatives.maintenance.backup import BackupError, restore_backup
from tests.conftest import DEMO_PASSWORD, _postgres_database, csrf_token_from, is_postgresql
from tests.conftest import test_config as make_config

WRITER_PREFIX = "Schrijver "


def table_rows(url):
    """{table: sorted rows} of every table in the database at `url` (also Alembic's and the
    full-text search's), each row as the repr of its values so any type compares."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            names = sa.inspect(connection).get_table_names()
            return {
                name: sorted(
                    repr(tuple(row)) for row in connection.execute(sa.text(f'SELECT * FROM "{name}"'))
                )
                for name in names
            }
    finally:
        engine.dispose()


def files_under(root):
    root = Path(root)
    return {
        file.relative_to(root).as_posix(): file.read_bytes()
        for file in root.rglob("*")
        if file.is_file() and not file.name.startswith(".healthz-")
    }


class Writer(threading.Thread):
    """Writes two departments per transaction into the database until stopped, as the app's
    users would while a backup runs; `done` counts the committed pairs."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.engine = sa.create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        self.stop = threading.Event()
        self.done = 0
        self.error = None

    def run(self):
        insert = sa.text(
            "INSERT INTO departments (name, active, created_at, version) VALUES (:name, :active, :at, 1)"
        )
        try:
            while not self.stop.is_set():
                at = datetime.now(UTC).replace(tzinfo=None)
                with self.engine.begin() as connection:
                    for half in ("a", "b"):
                        connection.execute(
                            insert, {"name": f"{WRITER_PREFIX}{self.done} {half}", "active": True, "at": at}
                        )
                self.done += 1
        except Exception as error:  # reported by the test, which would otherwise wait forever
            self.error = error
        finally:
            self.engine.dispose()

    def wait_for(self, count):
        for _tick in range(1000):
            if self.done >= count or self.error:
                return
            self.stop.wait(0.01)


@pytest.fixture
def populated(demo_world, test_case):
    """The demo municipality with demo cases and a case with a file, on the test database."""
    result = demo_world.test_cli_runner().invoke(args=["demo-data", "--initiatives", "12"])
    assert result.exit_code == 0, result.output
    return demo_world


@pytest.fixture
def fresh(database_url, tmp_path):
    """An app on a new, empty database and an empty file directory, to restore into."""
    if is_postgresql(database_url):
        target = sa.engine.make_url(database_url)
        url = target.set(database=f"{target.database}_restored").render_as_string(hide_password=False)
        _postgres_database("create", url)
    else:
        url = f"sqlite:///{tmp_path / 'restored.sqlite'}"
    app = create_app(make_config(url, ATTACHMENT_DIR=str(tmp_path / "restored-files")))
    app.url = url
    yield app
    with app.app_context():
        db.engine.dispose()
    if is_postgresql(database_url):
        _postgres_database("drop", url)


def _backup(app, path, *extra):
    result = app.test_cli_runner().invoke(args=["backup", str(path), *extra])
    return result


def test_a_backup_made_while_the_app_writes_restores_every_row(
    populated, fresh, database_url, attachment_dir, tmp_path
):
    writer = Writer(database_url)
    writer.start()
    writer.wait_for(5)
    before = writer.done
    result = _backup(populated, tmp_path / "backup.tar")
    during = writer.done
    writer.stop.set()
    writer.join(timeout=30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    assert "Database: 100%" in result.output
    assert "Files: 100%" in result.output  # the test case's file (and earlier tests' files)
    assert during > before, "the writer did not write while the backup ran"

    restored = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "backup.tar"), "--yes"])
    assert restored.exit_code == 0, restored.output

    source, copy = table_rows(database_url), table_rows(fresh.url)
    assert set(copy) == set(source)
    assert len(source) >= 20
    for name in source:
        if name != "departments":
            assert copy[name] == source[name], f"table {name} differs"
    # The departments the writer added: a consistent moment has whole pairs 0..k-1, nothing after.
    engine = sa.create_engine(fresh.url)
    with engine.connect() as connection:
        written = (
            connection.execute(
                sa.text("SELECT name FROM departments WHERE name LIKE :prefix"),
                {"prefix": WRITER_PREFIX + "%"},
            )
            .scalars()
            .all()
        )
    engine.dispose()
    numbers = sorted(int(name.split()[1]) for name in written)
    pairs = len(numbers) // 2
    assert numbers == sorted(list(range(pairs)) * 2)
    assert before <= pairs <= writer.done
    assert set(copy["departments"]) <= set(source["departments"])
    others = [row for row in source["departments"] if WRITER_PREFIX not in row]
    assert [row for row in copy["departments"] if WRITER_PREFIX not in row] == others

    assert files_under(fresh.config["ATTACHMENT_DIR"]) == files_under(attachment_dir)
    # The restored installation works: sign in, see a case, a healthy check.
    client = fresh.test_client()
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    signed = client.post("/login", data={"csrf_token": token, "username": "noord", "password": DEMO_PASSWORD})
    assert signed.status_code == 302
    assert client.get("/healthz").status_code == 200
    if not is_postgresql(database_url):
        with fresh.app_context():
            assert db.session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"


def test_a_quiet_backup_restores_exactly(populated, fresh, database_url, tmp_path):
    assert _backup(populated, tmp_path / "quiet.tar.gz").exit_code == 0
    with tarfile.open(tmp_path / "quiet.tar.gz", "r:gz") as tar:
        assert tar.getnames()[0] == "manifest.json"
    result = fresh.test_cli_runner().invoke(args=["restore", str(tmp_path / "quiet.tar.gz"), "--yes"])
    assert result.exit_code == 0, result.output
    assert table_rows(fresh.url) == table_rows(database_url)


def test_restore_asks_first_and_no_means_nothing_changes(populated, fresh, tmp_path):
    assert _backup(populated, tmp_path / "backup.tar").exit_code == 0
    runner = fresh.test_cli_runner()
    result = runner.invoke(args=["restore", str(tmp_path / "backup.tar")], input="n\n")
    assert result.exit_code == 1
    assert "This replaces everything" in result.output
    assert "Aborted" in result.output
    assert all(rows == [] for rows in table_rows(fresh.url).values())
    result = runner.invoke(args=["restore", str(tmp_path / "backup.tar")], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Restored the backup" in result.output


def test_restore_refuses_what_is_not_a_backup(app, tmp_path):
    runner = app.test_cli_runner()
    text = tmp_path / "notes.tar"
    text.write_text("not a backup at all")
    no_manifest = tmp_path / "other.tar"
    with tarfile.open(no_manifest, "w") as tar:
        tar.add(text, "notes.txt")
    for path in (text, no_manifest):
        result = runner.invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code == 1
        assert (
            result.output.strip()
            == f"Error: {path} is not a Bricoleur backup (make one with `flask backup PATH`)."
        )
    result = runner.invoke(args=["restore", str(tmp_path / "missing.tar"), "--yes"])
    assert "does not exist" in result.output


def test_a_backup_naming_another_database_file_is_refused(populated, tmp_path):
    """The manifest cannot point the restore at a file of its own choosing ("../", absolute)."""
    good = tmp_path / "good.tar"
    assert _backup(populated, good).exit_code == 0
    with tarfile.open(good) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    for database in ("../../elsewhere.sqlite", "/etc/passwd", None):
        crafted = tmp_path / "crafted.tar"
        (tmp_path / "manifest.json").write_text(json.dumps({**manifest, "database": database}))
        with tarfile.open(crafted, "w") as tar:
            tar.add(tmp_path / "manifest.json", "manifest.json")
        result = populated.test_cli_runner().invoke(args=["restore", str(crafted), "--yes"])
        assert result.exit_code == 1
        assert "is not a Bricoleur backup" in result.output


def test_only_its_owner_may_read_a_backup(populated, tmp_path):
    target = tmp_path / "backup.tar"
    assert _backup(populated, target).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_backup_does_not_overwrite_without_force(populated, tmp_path):
    target = tmp_path / "backup.tar"
    target.write_text("yesterday's")
    result = _backup(populated, target)
    assert result.exit_code == 1
    assert "exists" in result.output
    assert target.read_text() == "yesterday's"
    assert _backup(populated, target, "--force").exit_code == 0
    assert tarfile.is_tarfile(target)


def test_a_failed_restore_leaves_the_current_database_as_it_was(
    populated, database_url, attachment_dir, tmp_path, monkeypatch
):
    """The restore fails half-way through writing the database (SQLite: while copying pages;
    PostgreSQL: after the old schema was dropped): the database and the files are unchanged."""
    assert _backup(populated, tmp_path / "backup.tar").exit_code == 0
    with populated.app_context():
        db.session.execute(sa.text("UPDATE initiatives SET title = 'Na de back-up'"))
        db.session.commit()
    before_rows, before_files = table_rows(database_url), files_under(attachment_dir)

    if is_postgresql(database_url):
        monkeypatch.setattr(
            backup_module,
            "POSTGRESQL_PREAMBLE",
            backup_module.POSTGRESQL_PREAMBLE + "SELECT 1 / 0;\n",
        )
        progress = backup_module._no_progress
    else:
        monkeypatch.setattr(backup_module, "SQLITE_STEP_PAGES", 1)

        def progress(stage, done, total):
            if stage == "database" and done > 3:
                raise RuntimeError("the disk went away")

    with populated.app_context(), pytest.raises((BackupError, RuntimeError)):
        restore_backup(tmp_path / "backup.tar", progress)
    assert table_rows(database_url) == before_rows
    assert files_under(attachment_dir) == before_files
    with populated.app_context():
        db.engine.dispose()
        if not is_postgresql(database_url):
            assert db.session.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
