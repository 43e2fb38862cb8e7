"""The audit sealer: writers append unsealed entries at once, one sealer chains them in order.

Run on SQLite by default and on PostgreSQL with DATABASE_URL; the tests that show writers not
waiting for one another need PostgreSQL (SQLite has one writer at a time anyway).
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from initiatives.audit import chain
from initiatives.audit.cli import audit_cli  # noqa: F401  (the commands under test)
from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record
from initiatives.audit.protection import protection_lifted
from initiatives.extensions import db


def verify(app):
    return app.test_cli_runner().invoke(args=["audit", "verify"])


def on_postgresql(app):
    with app.app_context():
        return db.engine.dialect.name == "postgresql"


def chained(app):
    """(id, chain_position, summary) of every entry, in the chain's order (unsealed last)."""
    with app.app_context():
        return db.session.execute(
            sa.select(AuditEntry.id, AuditEntry.chain_position, AuditEntry.summary).order_by(
                AuditEntry.chain_position.is_(None), AuditEntry.chain_position, AuditEntry.id
            )
        ).all()


def write_at_once(app, writers, per_writer):
    """`writers` threads, each with its own session, commit one audited write after another."""
    barrier = threading.Barrier(writers)
    errors = []

    def write(number):
        try:
            with app.app_context():
                barrier.wait()
                for index in range(per_writer):
                    record("test.concurrent", summary=f"writer {number} entry {index:03d}")
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


def test_concurrent_writers_get_every_entry_sealed_once_in_order(app):
    writers, per_writer = 8, 20
    write_at_once(app, writers, per_writer)
    rows = chained(app)
    assert len(rows) == writers * per_writer
    # Sealed once each: positions 1..n without gap or repeat, none left unsealed by the writers.
    assert [position for _id, position, _summary in rows] == list(range(1, len(rows) + 1))
    # In order: each writer's entries follow one another in the chain as it committed them.
    for number in range(writers):
        own = [summary for _id, _position, summary in rows if summary.startswith(f"writer {number} ")]
        assert own == sorted(own)
    if not on_postgresql(app):
        # One writer at a time: the chain's order is the order of ids.
        assert [entry_id for entry_id, _position, _summary in rows] == sorted(
            entry_id for entry_id, *_ in rows
        )
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert f"audit log intact: {len(rows)} entries" in result.output


@pytest.mark.parametrize("tampering", ["changed", "re-hashed", "deleted"])
def test_after_concurrent_writers_tampering_is_caught(app, tampering):
    write_at_once(app, 4, 5)
    rows = chained(app)
    victim, after_it = rows[7][0], rows[8][0]
    with app.app_context():
        entry = db.session.get(AuditEntry, victim)
        forged_hash = chain.entry_hash({**chain.fields_of(entry), "summary": "nothing happened"})
    statements = {
        "changed": sa.update(AuditEntry).where(AuditEntry.id == victim).values(summary="nothing happened"),
        "re-hashed": sa.update(AuditEntry)
        .where(AuditEntry.id == victim)
        .values(summary="nothing happened", entry_hash=forged_hash),
        "deleted": sa.delete(AuditEntry).where(AuditEntry.id == victim),
    }
    with app.app_context(), db.engine.begin() as connection, protection_lifted(connection):
        connection.execute(statements[tampering])
    result = verify(app)
    assert result.exit_code == 1
    broken = victim if tampering == "changed" else after_it
    assert f"broken at entry {broken}" in result.output


def test_an_open_transaction_does_not_hold_up_other_writers(app):
    """PostgreSQL: a writer whose audited change is not committed yet keeps no one else from
    writing and committing theirs (before the sealer, all waited for one advisory lock)."""
    if not on_postgresql(app):
        pytest.skip("SQLite has one writer at a time")
    finished = threading.Event()
    errors = []

    def other_writer():
        try:
            with app.app_context():
                record("test.other", summary="the other writer")
                db.session.commit()
                db.session.remove()
            finished.set()
        except Exception as error:
            errors.append(error)

    with app.app_context():
        record("test.slow", summary="the slow writer")  # flushed, its transaction still open
        thread = threading.Thread(target=other_writer)
        thread.start()
        assert finished.wait(timeout=10), "the other writer waited for the open transaction"
        thread.join()
        db.session.commit()
    assert errors == []
    rows = chained(app)
    # The other writer committed first, so it comes first in the chain although its id is higher.
    assert [summary for _id, _position, summary in rows] == ["the other writer", "the slow writer"]
    assert [position for _id, position, _summary in rows] == [1, 2]
    assert verify(app).exit_code == 0


def test_a_writer_leaves_sealing_to_the_sealer_at_work(app):
    """PostgreSQL: a writer never waits for the sealer's lock; with it taken, its entry waits
    for the holder, or here, for the sweep (`flask audit seal`)."""
    if not on_postgresql(app):
        pytest.skip("the sealer's lock is PostgreSQL's")
    with app.app_context():
        with db.engine.connect() as holder:
            holder.begin()
            assert chain.try_sealing_lock(holder)
            record("test.waiting", summary="sealed later")
            db.session.commit()  # the after-commit sealer finds the lock taken and goes on
            assert chained(app)[0][1] is None
        db.session.remove()
    result = app.test_cli_runner().invoke(args=["audit", "seal"])
    assert result.exit_code == 0, result.output
    assert "1 entries sealed" in result.output
    assert chained(app)[0][1] == 1
    assert verify(app).exit_code == 0


def sneak_unsealed(app, minutes_ago):
    """An entry as a writer leaves it (no seal yet), written `minutes_ago` minutes ago."""
    with app.app_context(), Session(db.engine) as session:
        entry = AuditEntry(
            action="test.unsealed",
            outcome="success",
            origin="",
            summary="waiting",
            data={},
            created_at=datetime.now(UTC) - timedelta(minutes=minutes_ago),
        )
        session.add(entry)
        session.commit()
        return entry.id


def test_healthz_and_verify_report_an_entry_unsealed_for_over_a_minute(app):
    write_at_once(app, 2, 3)
    sneak_unsealed(app, minutes_ago=0)
    # Fresh: the sealer is about to come, nothing wrong.
    assert app.test_client().get("/healthz").json == {"status": "ok", "database": "ok"}
    result = verify(app)
    assert result.exit_code == 0, result.output
    assert "1 newer entries not sealed yet" in result.output

    old = sneak_unsealed(app, minutes_ago=2)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200  # every server shares the log: none is taken out for it
    assert response.json["status"] == "degraded"
    assert response.json["audit_log"] == "unsealed"
    assert "flask audit seal" in response.json["reason"]
    result = verify(app)
    assert result.exit_code == 1
    assert f"broken at entry {old}" in result.output
    assert "unsealed" in result.output

    result = app.test_cli_runner().invoke(args=["audit", "seal"])
    assert result.exit_code == 0, result.output
    assert "2 entries sealed" in result.output
    assert app.test_client().get("/healthz").json == {"status": "ok", "database": "ok"}
    assert verify(app).exit_code == 0


def test_seal_on_an_empty_log(app):
    result = app.test_cli_runner().invoke(args=["audit", "seal"])
    assert result.exit_code == 0
    assert "0 entries sealed" in result.output
