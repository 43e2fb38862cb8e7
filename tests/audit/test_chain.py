"""The audit log's hash chain: appends never fork, a changed or removed entry is found."""

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from initiatives.audit import chain
from initiatives.audit.cli import audit_cli  # noqa: F401  (the command under test)
from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.audit.protection import drop_triggers, protection_lifted
from initiatives.extensions import db


def write_entries(app, count, action="test.event"):
    with app.app_context():
        for number in range(count):
            record(
                action, summary=f"entry {number}", data={"number": number, "nested": {"b": 1, "a": [1, 2]}}
            )
        db.session.commit()


def verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def test_entries_are_chained_and_verify(app):
    write_entries(app, 5)
    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
        assert entries[0].previous_hash == chain.GENESIS_HASH
        for before, after in itertools.pairwise(entries):
            assert after.previous_hash == before.entry_hash
        assert all(len(entry.entry_hash) == 64 for entry in entries)
        newest = entries[-1]
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "audit log intact: 5 entries" in result.output
    assert f"newest entry {newest.id}: {newest.entry_hash}" in result.output


def test_an_empty_log_verifies(app):
    result = verify(app)
    assert result.exit_code == 0
    assert "intact: 0 entries" in result.output


def test_concurrent_writers_do_not_fork_the_chain(app):
    """Threads, each with a session (and connection) of its own, append at the same time."""
    writers, per_writer = 6, 15
    barrier = threading.Barrier(writers)
    errors = []

    def write(number):
        try:
            with app.app_context():
                barrier.wait()
                for index in range(per_writer):
                    # A short transaction per entry, as a request has; others interleave with it.
                    record("test.concurrent", summary=f"writer {number} entry {index}")
                    db.session.commit()
                db.session.remove()
        except Exception as error:  # reported below: an exception in a thread is lost otherwise
            errors.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        hashes = db.session.execute(sa.select(AuditEntry.previous_hash, AuditEntry.entry_hash)).all()
    assert len(hashes) == writers * per_writer
    # No fork: no two entries claim the same predecessor.
    assert len({previous for previous, _hash in hashes}) == len(hashes)
    result = verify(app)
    assert result.exit_code == 0, result.output


def test_the_database_refuses_to_change_or_remove_an_entry(app):
    write_entries(app, 2)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as connection:
            connection.execute(sa.update(AuditEntry).values(summary="nothing happened"))
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as connection:
            connection.execute(sa.delete(AuditEntry).where(AuditEntry.id == 1))
        assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 2


def tamper(app, statement):
    """Run `statement` with the triggers out of the way, as someone with the database's keys could."""
    with app.app_context(), db.engine.begin() as connection, protection_lifted(connection):
        connection.execute(statement)


def entry_ids(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry.id).order_by(AuditEntry.id)).all()


def test_verify_finds_a_changed_entry(app):
    write_entries(app, 5)
    third = entry_ids(app)[2]
    tamper(app, sa.update(AuditEntry).where(AuditEntry.id == third).values(summary="nothing to see"))
    result = verify(app)
    assert result.exit_code == 1
    assert f"broken at entry {third}" in result.output
    assert "changed" in result.output


def test_verify_finds_a_changed_entry_even_with_a_recomputed_own_hash(app):
    """Re-hashing the changed entry itself breaks the link of the entry after it."""
    write_entries(app, 4)
    ids = entry_ids(app)
    with app.app_context():
        entry = db.session.get(AuditEntry, ids[1])
        fields = {**chain.fields_of(entry), "data": {"number": 99}}
        forged = chain.entry_hash(fields)
    tamper(
        app,
        sa.update(AuditEntry).where(AuditEntry.id == ids[1]).values(data={"number": 99}, entry_hash=forged),
    )
    result = verify(app)
    assert result.exit_code == 1
    assert f"broken at entry {ids[2]}" in result.output


def test_verify_finds_a_removed_entry(app):
    write_entries(app, 5)
    ids = entry_ids(app)
    tamper(app, sa.delete(AuditEntry).where(AuditEntry.id == ids[1]))
    result = verify(app)
    assert result.exit_code == 1
    assert f"broken at entry {ids[2]}" in result.output
    assert "removed" in result.output


def test_verify_reports_progress_on_a_big_log(app, monkeypatch):
    monkeypatch.setattr(chain, "VERIFY_BATCH", 10)
    write_entries(app, 25)
    result = verify(app)
    assert result.exit_code == 0
    assert "checked 10 of 25 entries" in result.output
    assert "checked 20 of 25 entries" in result.output


def test_an_entry_without_its_seal_does_not_verify(app):
    """An entry inserted around `record` (no hashes) and left so for over a minute is found."""
    write_entries(app, 2)
    with app.app_context(), Session(db.engine) as session:
        session.add(
            AuditEntry(
                action="sneaked.in",
                outcome="success",
                origin="",
                summary="",
                data={},
                created_at=datetime.now(UTC) - timedelta(minutes=2),
            )
        )
        session.commit()
        sneaked = session.scalar(sa.select(sa.func.max(AuditEntry.id)))
    result = verify(app)
    assert result.exit_code == 1
    assert f"broken at entry {sneaked}" in result.output
    assert "unsealed" in result.output


def test_an_entry_with_hashes_but_no_place_in_the_chain_does_not_verify(app):
    """Hashes written around the sealer (no chain position) are found whatever the entry's age."""
    write_entries(app, 2)
    with app.app_context(), Session(db.engine) as session:
        session.add(
            AuditEntry(
                action="sneaked.in",
                outcome="success",
                origin="",
                summary="",
                data={},
                previous_hash=chain.GENESIS_HASH,
                entry_hash="f" * 64,
            )
        )
        session.commit()
        sneaked = session.scalar(sa.select(sa.func.max(AuditEntry.id)))
    result = verify(app)
    assert result.exit_code == 1
    assert f"broken at entry {sneaked}" in result.output
    assert "sealed outside" in result.output


def test_the_migration_seals_the_entries_written_before_it(app):
    """Entries without hashes (as before migration 0007) get the same chain as `record` makes."""
    write_entries(app, 3)
    with app.app_context():
        expected = db.session.execute(
            sa.select(AuditEntry.previous_hash, AuditEntry.entry_hash).order_by(AuditEntry.id)
        ).all()
        db.session.rollback()  # PostgreSQL: the DDL below waits for every open transaction on the table
        with db.engine.begin() as connection:
            drop_triggers(connection)
            connection.execute(sa.update(AuditEntry).values(previous_hash=None, entry_hash=None))
            from importlib import import_module

            migration = import_module("migrations.versions.0007_audit_chain")
            migration._seal_existing_entries(connection)
            from initiatives.audit.protection import create_triggers

            create_triggers(connection)
        resealed = db.session.execute(
            sa.select(AuditEntry.previous_hash, AuditEntry.entry_hash).order_by(AuditEntry.id)
        ).all()
    assert resealed == expected
