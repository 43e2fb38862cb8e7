"""Time the case pages and the barrier dashboard at scale: `make bench`, or `python scripts/bench.py --help`.

Builds a database with the migrations, the demo reference data and N demo cases (100,000 by
default, with about 3 barriers, 2 helps and 10 activities each), says how long generating them
took, then times the case list (plain and filtered), a search, "Mijn werk" and case pages with the
Flask test client signed in as `noord`, and the case page and the API's case read for a reader who
gets the texts anonymised (`secretaris`, who works on no case) and that reader's start page with its
key figures, and prints the median and 95th percentile per page. The target: every median under 100 ms at 100,000 cases.

Then it times the barrier dashboard signed in as `secretaris`, unfiltered and with each filter,
cold (its figure cache emptied before each request) and warm (cached). Its figures come from
tallies that triggers keep exact (migrations 0038, 0039); next to the page, its raw SQL: the
statements that count the same figures from the base rows (a request's with DASHBOARD_TALLIES
off), captured with engine events and executed again, with their parameters, on a raw DBAPI
connection (the page's planner settings, a SELECT of set_config, included), and the page's own
statements replayed the same way. Targets (issue #27): a median under 300 ms and no more than
1.5 times that raw SQL. The dashboard draws its map of the buurten
on every view; one view more shows it per wijk with open barriers. Last, the map's GeoJSON
(GET /api/v1/neighbourhoods.geojson) is timed cold and warm, against the same 300 ms. The query plans of those statements (EXPLAIN
QUERY PLAN on SQLite, EXPLAIN on PostgreSQL) go to a file whose path is printed.

Without --database-url the database is a fresh SQLite file in a temporary folder, removed
afterwards (unless --keep); --reuse PATH names a SQLite file that is kept, so a second run skips
the generating. With --database-url (e.g. a PostgreSQL database made by
`scripts/postgres_database.py create URL`) the schema is upgraded and cases are added until
there are N, so a second run measures at once.
"""

import argparse
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import click  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from initiatives import create_app, ready_to_serve  # noqa: E402
from initiatives.barriers.models import Barrier, Help  # noqa: E402
from initiatives.cases.models import Activity, Initiative  # noqa: E402
from initiatives.core.dates import local_today  # noqa: E402
from initiatives.demo import initiatives as demo_cases  # noqa: E402
from initiatives.demo import operations as demo  # noqa: E402
from initiatives.demo.shapes import create_demo_shapes  # noqa: E402
from initiatives.extensions import dashboard_cache as cache  # noqa: E402
from initiatives.extensions import db  # noqa: E402
from initiatives.organisation.models import Department  # noqa: E402

TARGET_MS = 100
USERNAME = "noord"
#: A reader of every case who works on none: the case texts anonymised.
SCREENED_USER = "secretaris"
DASHBOARD_USER = "secretaris"
DASHBOARD_TARGET_MS = 300
#: The most the dashboard may take per millisecond of its raw SQL.
DASHBOARD_MAX_RATIO = 1.5
#: What the filtered dashboard views filter on (the department by name, looked up).
DASHBOARD_NEIGHBOURHOOD = "WK999902"
DASHBOARD_DEPARTMENT = "Openbare Ruimte"
DASHBOARD_STAGE = "embedding"
DASHBOARD_THEME = "green"
CSRF_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000, help="cases in the database (100000)")
    parser.add_argument("--database-url", help="database to use (default: a fresh SQLite file)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page (50)")
    parser.add_argument(
        "--dashboard-requests", type=int, default=20, help="timed requests per dashboard view (20)"
    )
    parser.add_argument(
        "--activities-per-case", type=float, default=10.0, help="average activities per generated case (10)"
    )
    parser.add_argument("--plans", help="file for the dashboard's query plans (default: in the temp folder)")
    parser.add_argument("--skip-cases", action="store_true", help="time only the dashboard")
    parser.add_argument(
        "--skip-dashboard", action="store_true", help="time only the case pages (no dashboard, no map)"
    )
    parser.add_argument(
        "--serial",
        action="store_true",
        help="the dashboard's aggregate queries one after the other (to compare)",
    )
    parser.add_argument("--seed", type=int, default=demo_cases.DEFAULT_SEED, help="seed for the demo cases")
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite database")
    parser.add_argument(
        "--reuse",
        metavar="PATH",
        help="a SQLite file to use and keep: made and filled on the first run, measured at once after",
    )
    return parser.parse_args(argv)


def build(app, wanted, seed, activities_per_case):
    """Bring the schema up to date and add demo cases until there are `wanted`; return (added, seconds)."""
    with app.app_context():
        upgrade()
        demo.create_reference_data()
        create_demo_shapes(demo.MUNICIPALITY_CODE)
        demo.create_demo_accounts()
        db.session.commit()
        missing = wanted - db.session.scalar(sa.select(sa.func.count()).select_from(Initiative))
        if missing <= 0:
            # as after an upgrade in production: a migration that rewrote a table leaves no
            # index-only scans on PostgreSQL until (auto)vacuum has been (docs/deployment.md)
            demo_cases.gather_statistics()
            return 0, 0.0
        started = time.perf_counter()
        with click.progressbar(length=missing, label=f"Generating {missing} demo cases") as bar:
            demo_cases.add_initiatives(
                missing, seed=seed, progress=bar.update, activities_per_case=activities_per_case
            )
        return missing, time.perf_counter() - started


class QueryCounter:
    """Counts the SQL statements the app sends, to show how many a page needs."""

    def __init__(self, engine):
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


class StatementRecorder:
    """While `recording`, keeps the SELECT statements the app sends with their parameters and times."""

    def __init__(self, engine):
        self.recording = False
        self.statements = []  # (statement, parameters, ms in the request)
        self.skipped = []  # statements that change data: captured, never run again
        sa.event.listen(engine, "before_cursor_execute", self._before)
        sa.event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        if self.recording:
            conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        if not self.recording:
            return
        ms = (time.perf_counter() - conn.info.pop("bench_started", time.perf_counter())) * 1000
        if executemany or not statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.skipped.append(statement)
        else:
            self.statements.append((statement, parameters, ms))

    def capture(self, client, url):
        """GET `url` once, recording its statements; return them."""
        self.statements, self.skipped = [], []
        self.recording = True
        try:
            client.get(url).get_data()
        finally:
            self.recording = False
        return self.statements


def run_raw(engine, statements, repeats):
    """Execute the statements with their parameters on a raw DBAPI connection, `repeats` times over.

    Each statement's rows are fetched, as the app does. Returns (totals per repeat in ms, median ms
    per statement).
    """
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        per_statement = [[] for _ in statements]
        totals = []
        for _ in range(repeats + 2):  # the first two warm up, as the page's warm-up requests do
            total = 0.0
            for index, (statement, parameters, _ms) in enumerate(statements):
                started = time.perf_counter()
                cursor.execute(statement, parameters)
                cursor.fetchall()
                elapsed = (time.perf_counter() - started) * 1000
                per_statement[index].append(elapsed)
                total += elapsed
            totals.append(total)
        cursor.close()
        connection.rollback()
    finally:
        connection.close()
    return totals[2:], [statistics.median(times[2:]) for times in per_statement]


def explain(engine, statement, parameters, settings=()):
    """The statement's query plan as text lines, under `settings`: the (statement, parameters) of
    the page's own planner settings (set_config), run first in the same transaction."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        for setting, setting_parameters in settings:
            cursor.execute(setting, setting_parameters)
        if engine.dialect.name == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            rows = cursor.fetchall()
            depth = {0: 0}
            lines = []
            for node, parent, _unused, detail in rows:
                depth[node] = depth.get(parent, 0) + 1
                lines.append(f"{'  ' * depth[node]}{detail}")
        else:
            cursor.execute(f"EXPLAIN {statement}", parameters)
            lines = [row[0] for row in cursor.fetchall()]
        cursor.close()
        connection.rollback()
    finally:
        connection.close()
    return lines


BIG_TABLES = ("barriers", "helps", "help_effects", "initiatives", "initiative_themes", "activities")


def full_scans(dialect, lines):
    """What a plan reads in full of the big tables: ["barriers", "helps (whole index)", ...].

    A table read without an index ("SCAN t" on SQLite, "Seq Scan on t" on PostgreSQL), or on
    SQLite a whole index read from end to end ("SCAN t USING [COVERING] INDEX i", no condition).
    """
    found = set()
    for line in lines:
        text = line.strip()
        if dialect == "sqlite":
            match = re.match(r"SCAN (\w+)(?: AS \w+)?( USING (?:COVERING )?INDEX \w+)?$", text)
        else:
            match = re.search(r"Seq Scan on (\w+)", text)
        if match and match.group(1) in BIG_TABLES:
            whole_index = dialect == "sqlite" and match.group(2)
            found.add(f"{match.group(1)} (whole index)" if whole_index else match.group(1))
    return sorted(found)


def sign_in(client, username=USERNAME):
    page = client.get("/login")
    match = CSRF_TOKEN.search(page.get_data(as_text=True))
    data = {"username": username, "password": demo.DEMO_PASSWORD}
    if match:
        data["csrf_token"] = match.group(1)
    response = client.post("/login", data=data)
    if response.status_code != 302:
        sys.exit(f"Signing in as {username} failed (HTTP {response.status_code}).")


def api_token(app, username):
    """A personal API token of `username`, made for this run."""
    from initiatives.auth.tokens import issue_api_token
    from initiatives.auth.users import find_user

    with app.app_context():
        _token, secret = issue_api_token(find_user(username), "bench", 1)
        db.session.commit()
    return secret


def time_page(client, counter, urls, warm_up=3, cpu_times=None, before_each=None, headers=None):
    """GET each url in turn (after a few untimed ones); return (statuses, times in ms, queries per request).

    With a `cpu_times` list, the CPU time of this process per request goes there too: on a busy
    machine it moves less than the elapsed time (for SQLite it includes the database's work).
    `before_each` runs, untimed, before every request (e.g. emptying the dashboard's cache).
    """
    for url in urls[:warm_up]:
        if before_each:
            before_each()
        client.get(url, headers=headers)
    statuses, times = set(), []
    queries_before = counter.count
    for url in urls:
        if before_each:
            before_each()
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, headers=headers)
        response.get_data()
        times.append((time.perf_counter() - started) * 1000)
        if cpu_times is not None:
            cpu_times.append((time.process_time() - cpu_started) * 1000)
        statuses.add(response.status_code)
    return statuses, times, (counter.count - queries_before) / len(urls)


def percentile(values, fraction):
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def dashboard_views(app):
    """(name, url) of the dashboard views timed: unfiltered and with each filter."""
    with app.app_context():
        today = local_today()
        department_id = db.session.scalar(
            sa.select(Department.id).where(Department.name == DASHBOARD_DEPARTMENT)
        )
    year_ago = today - timedelta(days=365)
    return [
        ("unfiltered", "/dashboard"),
        ("period: one year", f"/dashboard?from={year_ago.isoformat()}&to={today.isoformat()}"),
        ("neighbourhood", f"/dashboard?neighbourhood={DASHBOARD_NEIGHBOURHOOD}"),
        ("department", f"/dashboard?department={department_id}"),
        ("stage", f"/dashboard?stage={DASHBOARD_STAGE}"),
        ("theme", f"/dashboard?theme={DASHBOARD_THEME}"),
        # The map: the page always draws it (initiatives per buurt above); per wijk of open barriers.
        ("map: wijk, open", "/dashboard?map_measure=open_barriers&map_level=wijk"),
    ]


def bench_map_geojson(app, n):
    """Time the map's GeoJSON (GET /api/v1/neighbourhoods.geojson) as the dashboard's secretary, cold
    and warm as the dashboard; return whether every median met the dashboard's target."""
    headers = {"Authorization": f"Bearer {api_token(app, DASHBOARD_USER)}"}
    client = app.test_client()
    with app.app_context():
        counter = QueryCounter(db.engine)
        today = local_today()

    def empty_cache():
        with app.app_context():
            cache.clear()

    year_ago = today - timedelta(days=365)
    views = [
        ("buurten", "/api/v1/neighbourhoods.geojson"),
        ("wijken, one year", f"/api/v1/neighbourhoods.geojson?map_level=wijk&from={year_ago}&to={today}"),
    ]
    print(
        f"\nThe map's GeoJSON, {n} requests per view, as {DASHBOARD_USER}; target: median under {DASHBOARD_TARGET_MS} ms.\n"
    )
    print(f"{'view':<18} {'HTTP':>5} {'cold ms':>8} {'p95 ms':>8} {'queries':>8} {'warm ms':>8} {'bytes':>8}")
    ok = True
    for name, url in views:
        statuses, times, queries = time_page(
            client, counter, [url] * n, before_each=empty_cache, headers=headers
        )
        warm_statuses, warm_times, _warm_queries = time_page(client, counter, [url] * n, headers=headers)
        size = len(client.get(url, headers=headers).get_data())
        median, warm = statistics.median(times), statistics.median(warm_times)
        verdict = "ok" if median < DASHBOARD_TARGET_MS and warm < DASHBOARD_TARGET_MS else "MISSED"
        if statuses | warm_statuses != {200}:
            verdict = "FAILED"
        ok = ok and verdict == "ok"
        status = ",".join(str(status) for status in sorted(statuses | warm_statuses))
        print(
            f"{name:<18} {status:>5} {median:>8.1f} {percentile(times, 0.95):>8.1f} {queries:>8.1f} "
            f"{warm:>8.1f} {size:>8}  {verdict}"
        )
    return ok


def bench_dashboard(app, n, plans_path):
    """Time the dashboard views against their raw SQL; write the plans; return whether all met the targets."""
    client = app.test_client()
    sign_in(client, DASHBOARD_USER)
    probe = client.get("/dashboard")
    if probe.status_code == 404:
        print("\nThe dashboard (/dashboard) does not exist yet: not measured.")
        return True
    with app.app_context():
        engine = db.engine
        dialect = engine.dialect.name
        recorder = StatementRecorder(engine)
    counter = QueryCounter(engine)

    def empty_cache():
        with app.app_context():
            cache.clear()

    print(
        f"\nBarrier dashboard, {n} requests per view, signed in as {DASHBOARD_USER}; targets: median under "
        f"{DASHBOARD_TARGET_MS} ms and at most {DASHBOARD_MAX_RATIO:g}x the raw SQL.\n"
        "cold: the figure cache emptied before every request, so every aggregate query runs (as on the\n"
        "first view after a change). raw SQL: the statements that count the same figures from the base\n"
        "rows (a cold request's with DASHBOARD_TALLIES off), replayed on a raw connection; tallies SQL:\n"
        "the page's own statements (from the tallies the triggers keep), replayed the same way. warm: the same view\n"
        "again with the cache kept, as while nothing changes. The verdict is the cold median's and the\n"
        "cold ratio's (the warm median is shown, and its own verdict after it). The page runs its\n"
        "aggregate queries in two halves at once, on two connections; the raw SQL runs them one after\n"
        "the other, so the ratio can be under 1. CPU ms: this process's CPU time (all its threads; with\n"
        "SQLite that includes the queries, with PostgreSQL their time is in the server).\n"
    )
    print(
        f"{'view':<18} {'HTTP':>5} {'cold ms':>8} {'p95 ms':>8} {'CPU ms':>7} {'queries':>8} "
        f"{'SQL in req':>11} {'tallies SQL':>12} {'raw SQL ms':>11} {'ratio':>6} {'warm ms':>8} {'queries':>8}"
    )
    ok = True
    plan_lines = [f"Query plans of the dashboard's statements ({dialect})", ""]
    scans = {}
    for name, url in dashboard_views(app):
        cpu_times = []
        statuses, times, queries = time_page(
            client, counter, [url] * n, cpu_times=cpu_times, before_each=empty_cache
        )
        empty_cache()
        statements = recorder.capture(client, url)
        in_request = sum(ms for _statement, _parameters, ms in statements)
        totals, per_statement = run_raw(engine, statements, n)
        tallies_sql = statistics.median(totals)
        app.config["DASHBOARD_TALLIES"] = False
        try:
            empty_cache()
            base_statements = recorder.capture(client, url)
        finally:
            app.config["DASHBOARD_TALLIES"] = True
        raw = statistics.median(run_raw(engine, base_statements, max(3, n // 4))[0])
        warm_statuses, warm_times, warm_queries = time_page(client, counter, [url] * n)
        median = statistics.median(times)
        warm = statistics.median(warm_times)
        ratio = median / raw if raw else float("inf")
        verdict = "ok" if median < DASHBOARD_TARGET_MS and ratio <= DASHBOARD_MAX_RATIO else "MISSED"
        warm_verdict = "warm ok" if warm < DASHBOARD_TARGET_MS else "warm MISSED"
        if statuses | warm_statuses != {200}:
            verdict = "FAILED"
        ok = ok and verdict == "ok"
        status = ",".join(str(status) for status in sorted(statuses | warm_statuses))
        print(
            f"{name:<18} {status:>5} {median:>8.1f} {percentile(times, 0.95):>8.1f} "
            f"{statistics.median(cpu_times):>7.1f} {queries:>8.1f} {in_request:>11.1f} {tallies_sql:>12.1f} "
            f"{raw:>11.1f} {ratio:>6.2f} "
            f"{warm:>8.1f} {warm_queries:>8.1f}  {verdict}, {warm_verdict}"
        )
        plan_lines += [
            f"=== {name}: {url}",
            f"page median cold {median:.1f} ms, warm {warm:.1f} ms; its SQL from the tallies {tallies_sql:.1f} ms; "
            f"the base rows' raw SQL median {raw:.1f} ms",
            "",
        ]
        settings = [
            (statement, parameters) for statement, parameters, _ms in statements if "set_config(" in statement
        ]
        for number, ((statement, parameters, _ms), ms) in enumerate(
            zip(statements, per_statement, strict=True), 1
        ):
            lines = explain(engine, statement, parameters, settings)
            scanned = full_scans(dialect, lines)
            for table in scanned:
                scans.setdefault(table, set()).add(name)
            plan_lines += [
                f"--- statement {number}: raw {ms:.2f} ms"
                + (f"; reads all of {', '.join(scanned)}" if scanned else ""),
                statement.strip(),
                f"parameters: {parameters!r}",
                *lines,
                "",
            ]
    plans_path.write_text("\n".join(plan_lines), encoding="utf-8")
    print(f"\nLoad average (1, 5, 15 min) at the end: {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
    print(f"Query plans written to {plans_path}")
    if scans:
        for table, views in sorted(scans.items()):
            print(f"  reads all of {table} in: {', '.join(sorted(views))}")
    else:
        print("  no statement reads a big table or a whole index of one")
    return ok


def main(argv=None):
    args = parse_args(argv)
    folder = None
    url = args.database_url
    if args.reuse:
        if url:
            sys.exit("Give either --database-url or --reuse, not both.")
        url = f"sqlite:///{Path(args.reuse).resolve()}"
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="bricoleur-bench-"))
        url = f"sqlite:///{folder / 'bench.sqlite'}"
    app = create_app(
        {
            "ENV_NAME": "testing",
            "TESTING": False,  # a failing page answers 500 and is reported, as in production
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "DASHBOARD_PARALLEL_QUERIES": not args.serial,
            # as in production: the testing config leaves the figure cache off, and "warm" needs it
            "DASHBOARD_CACHE": True,
        }
    )
    try:
        added, seconds = build(app, args.initiatives, args.seed, args.activities_per_case)
        with app.app_context():
            dialect = db.engine.dialect.name
            total = db.session.scalar(sa.select(sa.func.count()).select_from(Initiative))
            activities = db.session.scalar(sa.select(sa.func.count()).select_from(Activity))
            barriers = db.session.scalar(sa.select(sa.func.count()).select_from(Barrier))
            helps = db.session.scalar(sa.select(sa.func.count()).select_from(Help))
            ids = db.session.scalars(sa.select(Initiative.id)).all()
            counter = QueryCounter(db.engine)
        if added:
            print(f"Generated {added} cases in {seconds:.1f} s ({added / seconds:.0f} cases/s).")
        print(
            f"Database: {dialect}, {total} cases, {activities} activities, {barriers} barriers, {helps} helps."
        )
        plans_path = (
            Path(args.plans) if args.plans else Path(tempfile.gettempdir()) / f"bench-plans-{dialect}.txt"
        )

        ready_to_serve(app)  # as wsgi.py serves it
        client = app.test_client()
        sign_in(client)
        screened = app.test_client()  # a reader who gets every case's texts anonymised
        sign_in(screened, SCREENED_USER)
        api = {"Authorization": f"Bearer {api_token(app, SCREENED_USER)}"}
        rng = random.Random(args.seed)
        n = args.requests
        # (name, client, urls, whether the page is in the acceptance target or only shown, headers)
        pages = [
            ("case list", client, ["/initiatives"] * n, True, None),
            (
                "case list, filtered",
                client,
                ["/initiatives?stage=mapping&neighbourhood=WK999902"] * n,
                True,
                None,
            ),
            ("search 'moestuin'", client, ["/initiatives?q=moestuin"] * n, True, None),
            (
                "case page (random ids)",
                client,
                [f"/initiatives/{rng.choice(ids)}" for _ in range(n)],
                True,
                None,
            ),
            ("Mijn werk", client, ["/"] * n, False, None),
            ("Overzicht (secretaris)", screened, ["/"] * n, True, None),
            (
                "case page, anonymised",
                screened,
                [f"/initiatives/{rng.choice(ids)}" for _ in range(n)],
                True,
                None,
            ),
            (
                "API case, anonymised",
                screened,
                [f"/api/v1/initiatives/{rng.choice(ids)}" for _ in range(n)],
                True,
                api,
            ),
            ("search, anonymised", screened, ["/initiatives?q=moestuin"] * n, True, None),
        ]
        print(f"Load average (1, 5, 15 min): {', '.join(f'{load:.1f}' for load in os.getloadavg())}")
        failed = False
        if not args.skip_cases:
            print(f"\n{n} requests per page, signed in as {USERNAME}; target: median under {TARGET_MS} ms.\n")
            print(f"{'page':<24} {'HTTP':>7} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, page_client, urls, in_target, headers in [] if args.skip_cases else pages:
            statuses, times, queries = time_page(page_client, counter, urls, headers=headers)
            median = statistics.median(times)
            verdict = "ok" if median < TARGET_MS else ("SLOW" if in_target else "slow (not in target)")
            if statuses != {200}:
                verdict = "FAILED"
            failed = failed or verdict in {"SLOW", "FAILED"}
            status = ",".join(str(status) for status in sorted(statuses))
            print(
                f"{name:<24} {status:>7} {median:>10.1f} {percentile(times, 0.95):>8.1f} {queries:>8.1f}  {verdict}"
            )
        if args.skip_dashboard:
            print(
                f"\nLoad average (1, 5, 15 min) at the end: {', '.join(f'{load:.1f}' for load in os.getloadavg())}"
            )
        else:
            if not bench_dashboard(app, args.dashboard_requests, plans_path):
                failed = True
            if not bench_map_geojson(app, args.dashboard_requests):
                failed = True
        return 1 if failed else 0
    finally:
        with app.app_context():
            db.engine.dispose()
        if folder is not None:
            if args.keep:
                print(f"\nThe database is kept in {folder}.")
            else:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
