"""Reading an export a batch at a time: every batch size gives the same file, one snapshot holds
for the whole export, and on PostgreSQL the next batch is read ahead on a second connection."""

import codecs
import threading
import time

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from initiatives.cases.models import Initiative
from initiatives.cases.queries import CaseFilters
from initiatives.exports import batches, queries
from initiatives.exports.downloads import export_session
from initiatives.extensions import db
from tests.conftest import open_test_case
from tests.exports.test_exports import SHEETS, read_csv, read_xlsx, sheet_values

READER_THREAD = "export-read-ahead"


@pytest.fixture
def five_cases(export_world, demo_world):
    """The export world's three cases and two more; their ids in order."""
    with demo_world.app_context():
        more = [open_test_case(title=f"Buurtfeest {number}").id for number in (4, 5)]
        db.session.commit()
    return sorted([*export_world.values(), *more])


def db_dialect(app):
    with app.app_context():
        return db.engine.dialect.name


def _xlsx_values(response):
    workbook = read_xlsx(response)
    return {name: sheet_values(workbook[name]) for name in SHEETS}


@pytest.mark.parametrize("query", ["", "?neighbourhood=WK999902", "?owner=zuid"])
def test_every_batch_size_gives_the_same_export(five_cases, signed_in, monkeypatch, query):
    """Whole ranges of ids, ranges with gaps (noord's wijk) and single cases, a batch at a time."""
    client = signed_in("secretaris")
    whole_csv = read_csv(client.get(f"/initiatives/export.csv{query}"))
    whole_xlsx = _xlsx_values(client.get(f"/initiatives/export.xlsx{query}"))
    assert len(whole_csv) > 1
    for size in (1, 2):
        monkeypatch.setattr(queries, "BATCH_SIZE", size)
        assert read_csv(client.get(f"/initiatives/export.csv{query}")) == whole_csv
        assert _xlsx_values(client.get(f"/initiatives/export.xlsx{query}")) == whole_xlsx


def test_an_export_sees_the_cases_as_they_were_when_it_began(five_cases, signed_in, demo_world, monkeypatch):
    """A case edited while the export is under way is exported as it was (one snapshot), also by
    the batches that PostgreSQL reads ahead on another connection."""
    monkeypatch.setattr(queries, "BATCH_SIZE", 1)
    response = signed_in("secretaris").get("/initiatives/export.csv", buffered=False)
    chunks = iter(response.response)
    started = [next(chunks), next(chunks)]  # the header and the first case
    # Ahead of the writer are at most the batch waiting in the queue and the one being handed
    # over: the fourth and fifth cases are read after this change.
    with demo_world.app_context(), db.engine.begin() as connection:
        for case_id in five_cases[3:]:
            connection.execute(
                sa.text("UPDATE initiatives SET title = 'Later veranderd' WHERE id = :id"), {"id": case_id}
            )
    body = b"".join([*started, *chunks])
    response.close()
    text = body.decode("utf-8")
    assert "Later veranderd" not in text
    assert "Buurtfeest 4" in text
    assert "Buurtfeest 5" in text
    assert body.startswith(codecs.BOM_UTF8)


def test_a_download_stopped_early_stops_reading_and_gives_its_connections_back(
    five_cases, signed_in, demo_world, monkeypatch
):
    monkeypatch.setattr(queries, "BATCH_SIZE", 1)
    with demo_world.app_context():
        engine = db.engine
    counted, stop_counting = _statements_by_thread(engine)
    try:
        response = signed_in("secretaris").get("/initiatives/export.csv", buffered=False)
        chunks = iter(response.response)
        next(chunks), next(chunks)  # the header and the first case
        response.close()  # the client went away
    finally:
        stop_counting()
    assert not [thread for thread in threading.enumerate() if thread.name == READER_THREAD]
    assert engine.pool.checkedout() == 0
    # read ahead: the first batch, and the second, whose details waited for the first to be written
    assert sum(count for (_thread, name), count in counted.items() if name == "cases") <= 2


def test_the_batches_read_the_snapshot_of_the_export_session(five_cases, demo_world):
    """What changed after the export's session began is not seen: not by its own connection, nor
    by PostgreSQL's reader, which starts later in the same snapshot."""
    with demo_world.app_context():
        with export_session() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 5  # the snapshot
            with db.engine.begin() as connection:
                connection.execute(
                    sa.update(Initiative)
                    .where(Initiative.id == five_cases[-1])
                    .values(title="Later veranderd")
                )
            titles = [row[2] for batch in batches.case_batches(session, CaseFilters()) for row in batch.rows]
        assert titles[-1] == "Buurtfeest 5"
        assert db.session.get(Initiative, five_cases[-1]).title == "Later veranderd"


#: The statements counted by `_statements_by_thread`, by the start of their SQL.
STATEMENTS = {
    "cases": "SELECT initiatives.id,",
    "activities": "SELECT activities.initiative_id, activities.id,",
    "barriers": "SELECT barriers.initiative_id, barriers.id,",
}


def _statements_by_thread(engine):
    """Count the `STATEMENTS` each thread runs on `engine`: (thread name, statement) -> count."""
    counted = {}

    def count(conn, cursor, statement, parameters, context, executemany):
        for name, start in STATEMENTS.items():
            if statement.startswith(start):
                key = (threading.current_thread().name, name)
                counted[key] = counted.get(key, 0) + 1

    event.listen(engine, "before_cursor_execute", count)
    return counted, lambda: event.remove(engine, "before_cursor_execute", count)


def test_postgresql_reads_the_next_batch_ahead(five_cases, demo_world, monkeypatch):
    """The reader reads every batch of cases; the export's own connection the first batch's
    details, which tell the reader what to read of the other batches."""
    with demo_world.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("read ahead on PostgreSQL only")
        monkeypatch.setattr(queries, "BATCH_SIZE", 1)
        counted, stop_counting = _statements_by_thread(db.engine)
        try:
            with export_session() as session:
                read = [
                    (batch.ids, len(batch.read(queries.ACTIVITIES)), len(batch.read(queries.BARRIERS)))
                    for batch in batches.case_batches(session, CaseFilters())
                ]
        finally:
            stop_counting()
    assert [ids for ids, _activities, _barriers in read] == [[case_id] for case_id in five_cases]
    assert read[0][1] >= 1  # noord's case: its activities
    assert read[0][2] == 1  # and its barrier
    assert counted == {
        (READER_THREAD, "cases"): 6,  # and the last, empty batch
        ("MainThread", "activities"): 1,
        ("MainThread", "barriers"): 1,
        (READER_THREAD, "activities"): 4,
        (READER_THREAD, "barriers"): 4,
    }


def test_a_failure_of_the_reader_fails_the_export(five_cases, demo_world, monkeypatch):
    with demo_world.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("read ahead on PostgreSQL only")
        monkeypatch.setattr(queries, "BATCH_SIZE", 1)
        fetch = queries.fetch

        def failing_fetch(connection, query, parameters):
            if (
                threading.current_thread().name == READER_THREAD
                and parameters.get("batch_after", 0) >= five_cases[2]
            ):
                raise sa.exc.OperationalError("SELECT", parameters, Exception("server closed the connection"))
            return fetch(connection, query, parameters)

        monkeypatch.setattr(queries, "fetch", failing_fetch)
        with export_session() as session:
            read = batches.case_batches(session, CaseFilters())
            seen = [next(read).ids[0] for _ in range(3)]
            with pytest.raises(sa.exc.OperationalError):
                next(read)
        assert seen == five_cases[:3]
        assert not [thread for thread in threading.enumerate() if thread.name == READER_THREAD]
        assert db.engine.pool.checkedout() == 0


def test_a_detail_first_read_by_a_later_batch_is_read_ahead_from_then_on(five_cases, demo_world, monkeypatch):
    with demo_world.app_context():
        monkeypatch.setattr(queries, "BATCH_SIZE", 1)
        counted, stop_counting = _statements_by_thread(db.engine)
        try:
            with export_session() as session:
                barriers = [
                    len(batch.read(queries.BARRIERS)) if number >= 2 else None
                    for number, batch in enumerate(batches.case_batches(session, CaseFilters()))
                ]
        finally:
            stop_counting()
        with db.engine.connect() as connection:
            per_case = dict(
                connection.execute(
                    sa.text("SELECT initiative_id, count(*) FROM barriers GROUP BY initiative_id")
                ).all()
            )
    assert barriers == [None, None, *(per_case.get(case_id, 0) for case_id in five_cases[2:])]
    if db_dialect(demo_world) == "postgresql":
        # the third batch's barriers are read here; the fourth's too if the reader had read that
        # batch before the third asked for them; the fifth's ahead
        here, ahead = counted[("MainThread", "barriers")], counted.get((READER_THREAD, "barriers"), 0)
        assert (here + ahead, here in (1, 2)) == (3, True)


def test_the_export_keeps_its_own_connection_busy_while_the_reader_reads(five_cases, demo_world, monkeypatch):
    """PostgreSQL ends a transaction that idles longer than idle_in_transaction_session_timeout;
    the export's own transaction must not look idle while the reader does the reading."""
    if db_dialect(demo_world) != "postgresql":
        pytest.skip("PostgreSQL only")
    with demo_world.app_context():
        monkeypatch.setattr(queries, "BATCH_SIZE", 1)
        with export_session() as session:
            session.connection().exec_driver_sql("SET LOCAL idle_in_transaction_session_timeout = '400ms'")
            ids = []
            for batch in batches.case_batches(session, CaseFilters()):
                time.sleep(0.15)  # writing the batch
                ids.extend(batch.ids)
            assert session.scalar(sa.select(sa.func.count()).select_from(Initiative)) == 5
        assert ids == five_cases


def test_the_reader_is_never_more_than_one_batch_ahead(five_cases, demo_world, monkeypatch):
    """Two batches in memory at most: the one being written and the next."""
    if db_dialect(demo_world) != "postgresql":
        pytest.skip("read ahead on PostgreSQL only")
    with demo_world.app_context():
        monkeypatch.setattr(queries, "BATCH_SIZE", 1)
        counted, stop_counting = _statements_by_thread(db.engine)
        ahead = []
        try:
            with export_session() as session:
                for number, _batch in enumerate(batches.case_batches(session, CaseFilters())):
                    time.sleep(0.1)  # writing: time for the reader to run ahead if it could
                    ahead.append(counted.get((READER_THREAD, "cases"), 0) - (number + 1))
        finally:
            stop_counting()
    assert max(ahead) == 1
