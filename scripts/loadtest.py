"""Load Bricoleur under gunicorn and check nothing is lost: `make loadtest`, or `python scripts/loadtest.py --help`.

A bounded Python client (one thread per user, `requests`), no external load tool:

1. It prepares a database: a fresh SQLite file in a temporary folder, or the PostgreSQL (or SQLite)
   database of --database-url, which must exist (`scripts/postgres_database.py create URL`). The
   schema is migrated to the head; demo reference data, accounts and --cases demo cases are added
   when there are none yet; the neighbourhood managers get personal API tokens.
2. It starts gunicorn (`gunicorn -c gunicorn.conf.py wsgi:app`, production settings, plain http on
   a free loopback port, log-in throttling off so the load is not throttled) and waits for /healthz.
   Production forces HTTPS, so the client adds what a TLS proxy in front would (X-Forwarded-Proto,
   with BRICOLEUR_TRUSTED_PROXIES=1).
3. The load, in one of two modes:
   - morning (the default): a working morning of a big municipality (issue 27). --users
     neighbourhood managers, each with an account of their own (MORNING_ACCOUNT, three to a wijk
     made for them, the demo cases spread over those wijken, busy and quiet ones), sign in through
     the log-in form: --wave of them within --wave-seconds, the others one by one after. Each then
     does one thing every --think MIN MAX seconds (at random): Mijn werk, the case list and
     filtered lists, a search, case pages, the dashboard; timeline entries, barriers and stage
     moves on the cases of their wijk (a move with the page's version: a 409 is read again and
     tried once more, counted apart). --hot colleagues on one case's team work on that case at
     once. A BI tool with an API token reads the dashboard API and the CSV export every
     --bi-interval seconds. The 1-minute load average is sampled along.
   - flat: --users users send the next request as soon as the last one answered (what the server
     takes at most). Half sign in through the log-in form and use the pages, half use the JSON API
     with a Bearer token, on the cases of three accounts' wijken (with --one-case all on one case).
   Every write carries a unique marker text; the writes that got a success answer are kept.
4. It stops gunicorn, then checks in the database that every acknowledged write is there and that
   the audit log's hash chain holds, and reads the server log for "database is locked" and
   tracebacks.

It prints requests per second and p50/p95/p99 per kind of request, conflicts and connection
resets; for a morning also the wave, the hot case, the think time, the load average and PASS or
MISS per target (TARGETS). It exits 1 on any 5xx answer, any "database is locked" or traceback in
the server log, any lost write, a broken audit chain, a connection reset in a morning, or a run
that could not work (no successful write). The crash test (tests/reliability/test_crash.py)
reuses these parts.
"""

import argparse
import contextlib
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
import sqlalchemy as sa  # noqa: E402

DEFAULT_USERS = 32
DEFAULT_SECONDS = 60
DEFAULT_CASES = 300
#: The accounts that write: neighbourhood managers, each on the cases of their own wijken.
MANAGERS = ("noord", "zuid", "west")
#: Words to search for; all occur in the demo cases.
SEARCH_WORDS = ("moestuin", "speeltuin", "buurt", "bankjes", "groen", "straat", "school", "feest")
#: Seconds one request may take before the client gives up on it (counted as an error).
REQUEST_TIMEOUT = 60
#: Requests one user sends at most, whatever the time: the loop is bounded in count as well.
MAX_REQUESTS_PER_USER = 100_000
#: What an action's share of the mix is; reads 60 %, writes 40 %.
ACTIONS = {
    "case list": 15,
    "search": 10,
    "case page": 25,
    "dashboard": 10,
    "activity": 20,
    "transition": 8,
    "barrier": 12,
}
WRITE_ACTIONS = ("activity", "transition", "barrier")
#: Where each kind of write keeps its marker: table and text column.
MARKER_COLUMNS = {
    "activity": ("activities", "note"),
    "transition": ("stage_changes", "reason"),
    "barrier": ("barriers", "description"),
}
LOG_PROBLEMS = {
    "database is locked": re.compile(r"database is locked", re.IGNORECASE),
    # Anywhere in a line: a JSON log record carries the traceback inside a string.
    "traceback": re.compile(r"Traceback \(most recent call last\)"),
    "worker timeout": re.compile(r"WORKER TIMEOUT"),
}
#: What the TLS-terminating proxy in front of a production server adds to each request.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
CSRF_TOKEN = re.compile(r'name="(?:barrier-)?csrf_token" (?:type="hidden" )?value="([^"]+)"')
MOVE_FORM = re.compile(r'<form[^>]*action="/initiatives/\d+/move[#"].*?</form>', re.DOTALL)
MOVE_TARGET = re.compile(r'name="to"[^>]*value="([a-z_]+)"')
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


# -- the database -------------------------------------------------------------------------------


@dataclass
class Prepared:
    """What the users need to know about the prepared database."""

    database_url: str
    tokens: dict  # username -> API token
    own_cases: dict  # username -> ids of the cases they may edit
    case_ids: list
    barrier_categories: list  # (id, code) of the active barrier categories
    password: str


def sqlite_url(path):
    return f"sqlite:///{Path(path).resolve()}"


def _app_for(database_url, instance_dir):
    from initiatives import create_app

    return create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": database_url,
            "ATTACHMENT_DIR": str(Path(instance_dir) / "attachments"),
            # Only the server logs; this in-process app must not reconfigure the caller's logging
            # (the tests that import this module run in pytest's process).
            "LOG_TO_STDOUT": False,
        }
    )


def prepare_database(database_url, instance_dir, *, cases=DEFAULT_CASES, seed=2026):
    """Migrate the database, add demo data when it has none, issue API tokens; return Prepared."""
    from flask_migrate import upgrade

    from initiatives.auth.tokens import issue_api_token
    from initiatives.auth.users import find_user
    from initiatives.barriers.models import BarrierCategory
    from initiatives.cases.models import Initiative
    from initiatives.demo import initiatives as demo_cases
    from initiatives.demo import operations as demo
    from initiatives.extensions import db

    app = _app_for(database_url, instance_dir)
    with app.app_context():
        upgrade()
        if not demo.demo_accounts_present():
            demo.create_reference_data()
            demo.create_demo_accounts()
            db.session.commit()
        if not demo_cases.has_initiatives():
            demo_cases.generate(cases, seed=seed)
            if db.engine.dialect.name == "postgresql":
                # Planner statistics, as autovacuum would have gathered on a database in use.
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("ANALYZE")
        tokens = {}
        for username in MANAGERS:
            _token, secret = issue_api_token(find_user(username), "load test", 1)
            tokens[username] = secret
        db.session.commit()
        own_cases = {username: [] for username in MANAGERS}
        rows = db.session.execute(sa.select(Initiative.id, Initiative.owner_id).order_by(Initiative.id)).all()
        managers = {find_user(username).id: username for username in MANAGERS}
        for initiative_id, owner_id in rows:
            if owner_id in managers:
                own_cases[managers[owner_id]].append(initiative_id)
        categories = db.session.execute(
            sa.select(BarrierCategory.id, BarrierCategory.code)
            .where(BarrierCategory.active.is_(True))
            .order_by(BarrierCategory.position)
        ).all()
        db.session.remove()
        db.engine.dispose()
    return Prepared(
        database_url=database_url,
        tokens=tokens,
        own_cases=own_cases,
        case_ids=[row[0] for row in rows],
        barrier_categories=[tuple(row) for row in categories],
        password=demo.DEMO_PASSWORD,
    )


def present_markers(database_url, run_id):
    """Return {write kind: set of marker texts in the database} for the markers of `run_id`."""
    engine = sa.create_engine(database_url)
    found = {}
    try:
        with engine.connect() as connection:
            for kind, (table, column) in MARKER_COLUMNS.items():
                text = sa.column(column)
                query = (
                    sa.select(text).select_from(sa.table(table)).where(text.like(f"{marker_prefix(run_id)}%"))
                )
                found[kind] = set(connection.scalars(query))
    finally:
        engine.dispose()
    return found


def lost_writes(database_url, run_id, acknowledged):
    """Return the acknowledged (kind, marker) writes that are not in the database."""
    found = present_markers(database_url, run_id)
    return [(kind, marker) for kind, marker in acknowledged if marker not in found[kind]]


def audit_chain_problem(database_url):
    """Return why the audit log's hash chain is broken, or "" when it holds: concurrent writes
    must still append one entry after the other."""
    from initiatives.audit import chain

    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            result = chain.verify(connection)
    finally:
        engine.dispose()
    return "" if result.intact else f"entry {result.broken_id}: {result.problem}"


def sqlite_integrity(database_url):
    """Return the result of SQLite's `PRAGMA integrity_check` ("ok" when the file is sound)."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    finally:
        engine.dispose()
    return "\n".join(rows)


def marker_prefix(run_id):
    return f"loadtest-{run_id}-"


# -- the server ---------------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_executable():
    beside_python = Path(sys.executable).parent / "gunicorn"
    return str(beside_python if beside_python.exists() else ROOT / ".venv" / "bin" / "gunicorn")


class Server:
    """gunicorn serving the app on a loopback port, in its own process group, logging to a file."""

    def __init__(self, database_url, instance_dir, log_path, *, workers=None, threads=None):
        self.database_url = database_url
        self.instance_dir = Path(instance_dir)
        self.log_path = Path(log_path)
        self.workers = workers
        self.threads = threads
        self.process = None
        self.port = None
        self.secret_key = secrets.token_hex(32)

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def environment(self):
        env = dict(os.environ)
        env.update(
            {
                "BRICOLEUR_ENV": "production",
                "BRICOLEUR_BIND": f"127.0.0.1:{self.port}",
                "DATABASE_URL": self.database_url,
                "SECRET_KEY": self.secret_key,
                "BRICOLEUR_INSTANCE_DIR": str(self.instance_dir),
                "BRICOLEUR_ATTACHMENT_DIR": str(self.instance_dir / "attachments"),
                # Plain http on loopback: a secure-only cookie would never come back.
                "BRICOLEUR_SECURE_COOKIES": "0",
                # The load comes from one address and would otherwise be throttled.
                "BRICOLEUR_RATELIMIT_ENABLED": "0",
                # Production forces HTTPS; the users act as the TLS proxy in front (PROXY_HEADERS).
                "BRICOLEUR_TRUSTED_PROXIES": "1",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.workers:
            env["BRICOLEUR_WORKERS"] = str(self.workers)
        if self.threads:
            env["BRICOLEUR_THREADS"] = str(self.threads)
        return env

    def start(self, timeout=60):
        self.port = free_port()
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                # No control socket: its default path is shared by every gunicorn on the machine.
                [gunicorn_executable(), "-c", "gunicorn.conf.py", "--no-control-socket", "wsgi:app"],
                cwd=ROOT,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: kill -9 reaches every worker
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base_url}/healthz", timeout=5).status_code == 200:
                    return self
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s:\n{self.log_tail()}")

    def stop(self, timeout=40):
        """Stop gracefully (SIGTERM lets running requests finish), as a service manager would."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self):
        """kill -9 the master and every worker at once: a crash, nothing gets to clean up."""
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def log_text(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines=40):
        return "\n".join(self.log_text().splitlines()[-lines:])

    def log_problems(self):
        """Return {problem: count} for what must never be in the log ("database is locked", ...)."""
        text = self.log_text()
        return {name: len(pattern.findall(text)) for name, pattern in LOG_PROBLEMS.items()}


# -- the users ----------------------------------------------------------------------------------


@dataclass
class Stats:
    """Timings and answers per endpoint, and the writes that got a success answer."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    timings: dict = field(default_factory=lambda: defaultdict(list))
    statuses: dict = field(default_factory=lambda: defaultdict(Counter))
    errors: Counter = field(default_factory=Counter)  # no answer at all: timeout
    resets: Counter = field(default_factory=Counter)  # no answer: connection refused, reset or closed
    acknowledged: list = field(default_factory=list)  # (kind, marker)
    think_times: list = field(default_factory=list)  # seconds a user waited between two actions
    log_ins: list = field(default_factory=list)  # (seconds after the start, label, duration)
    load_averages: list = field(default_factory=list)  # the 1-minute load average, sampled
    unexpected: list = field(default_factory=list)  # (endpoint, status, start of body)
    started: float = 0.0
    finished: float = 0.0

    def record(self, endpoint, status, seconds):
        with self.lock:
            self.timings[endpoint].append(seconds)
            self.statuses[endpoint][status] += 1

    def error(self, endpoint):
        with self.lock:
            self.errors[endpoint] += 1

    def reset(self, endpoint):
        with self.lock:
            self.resets[endpoint] += 1

    def thought(self, seconds):
        with self.lock:
            self.think_times.append(seconds)

    def logged_in(self, label, started, duration):
        """A log-in begun at `started` (time.monotonic()) that took `duration` seconds."""
        with self.lock:
            self.log_ins.append((started - self.started, label, duration))

    def acknowledge(self, kind, marker):
        with self.lock:
            self.acknowledged.append((kind, marker))

    def note_unexpected(self, endpoint, response):
        with self.lock:
            if len(self.unexpected) < 50:
                self.unexpected.append((endpoint, response.status_code, response.text[:300]))

    @property
    def seconds(self):
        return max(self.finished - self.started, 1e-9)

    def count_5xx(self):
        return sum(n for counter in self.statuses.values() for status, n in counter.items() if status >= 500)

    def rows(self):
        """(endpoint, count, rps, p50 ms, p95 ms, 5xx, other non-success, p99 ms, conflicts) per
        endpoint, sorted. Conflicts (409, 412) are among the non-success answers as well."""
        result = []
        for endpoint in sorted(self.timings):
            times = sorted(self.timings[endpoint])
            statuses = self.statuses[endpoint]
            fivexx = sum(n for status, n in statuses.items() if status >= 500)
            refused = sum(n for status, n in statuses.items() if 400 <= status < 500)
            result.append(
                (
                    endpoint,
                    len(times),
                    len(times) / self.seconds,
                    percentile(times, 50) * 1000,
                    percentile(times, 95) * 1000,
                    fivexx,
                    refused,
                    percentile(times, 99) * 1000,
                    statuses[409] + statuses[412],
                )
            )
        return result

    def table(self):
        header = (
            f"{'endpoint':<26} {'count':>7} {'rps':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'5xx':>4} {'4xx':>4} {'409/412':>7} {'reset':>5}"
        )
        lines = [header, "-" * len(header)]
        total = 0
        for endpoint, count, rps, p50, p95, fivexx, refused, p99, conflicts in self.rows():
            total += count
            lines.append(
                f"{endpoint:<26} {count:>7} {rps:>6.1f} {p50:>7.0f} {p95:>7.0f} {p99:>7.0f} "
                f"{fivexx:>4} {refused:>4} {conflicts:>7} {self.resets[endpoint]:>5}"
            )
        lines.append("-" * len(header))
        all_times = sorted(t for times in self.timings.values() for t in times)
        lines.append(
            f"{'all':<26} {total:>7} {total / self.seconds:>6.1f} {percentile(all_times, 50) * 1000:>7.0f} "
            f"{percentile(all_times, 95) * 1000:>7.0f} {percentile(all_times, 99) * 1000:>7.0f} "
            f"{self.count_5xx():>4}"
        )
        return "\n".join(lines)

    def percentile_of(self, labels, pct):
        """The `pct` percentile in ms over the timings of `labels` together (0 when none)."""
        times = sorted(t for label in labels for t in self.timings.get(label, ()))
        return percentile(times, pct) * 1000, len(times)


def redirect_path(response):
    return urlsplit(response.headers.get("Location", "")).path


def percentile(sorted_values, pct):
    if not sorted_values:
        return 0.0
    if len(sorted_values) == 1:
        return sorted_values[0]
    return statistics.quantiles(sorted_values, n=100, method="inclusive")[pct - 1]


class User(threading.Thread):
    """One simulated user: signs in, then works until the deadline (or `stop` is set)."""

    def __init__(
        self,
        index,
        channel,
        account,
        own_cases,
        prepared,
        base_url,
        stats,
        run_id,
        deadline,
        stop,
        seed,
        actions,
    ):
        super().__init__(name=f"user-{index}", daemon=True)
        self.index = index
        self.channel = channel  # "page" or "api"
        self.account = account
        self.prepared = prepared
        self.base_url = base_url
        self.stats = stats
        self.run_id = run_id
        self.deadline = deadline
        self.stop = stop
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.http.headers.update(PROXY_HEADERS)
        # Over https, Flask-WTF checks that a form comes from a page of the same site, as a
        # browser's Referer shows.
        self.http.headers["Referer"] = base_url.replace("http://", "https://", 1) + "/"
        self.csrf = None
        self.writes = 0
        self.failure = None
        self.own_cases = own_cases
        self.actions = actions
        self.last_status = None  # of the last exchange; None without an answer

    # one HTTP exchange, timed and counted
    def exchange(self, endpoint, method, path, **kwargs):
        label = f"{self.channel} {endpoint}"
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base_url + path, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
            )
        except requests.Timeout:
            self.stats.error(label)
            self.last_status = None
            return None
        except requests.RequestException:  # refused, reset or closed before an answer came
            self.stats.reset(label)
            self.last_status = None
            time.sleep(0.05)  # a lost server is not hammered in a tight loop
            return None
        self.stats.record(label, response.status_code, time.perf_counter() - started)
        self.last_status = response.status_code
        return response

    def expect(self, endpoint, response, *ok, to=None):
        """Whether `response` has one of the `ok` statuses (and, for a redirect, goes to the path
        `to`: a redirect to the log-in page or to https is no success)."""
        if response is None:
            return False
        if response.status_code in ok and (to is None or redirect_path(response) == to):
            return True
        if response.status_code not in (409, 412, 422):  # a conflict is an answer, not a bug
            self.stats.note_unexpected(f"{self.channel} {endpoint}", response)
        return False

    def marker(self):
        self.writes += 1
        return f"{marker_prefix(self.run_id)}u{self.index}-{self.writes}"

    # signing in
    def sign_in(self):
        if self.channel == "api":
            self.http.headers["Authorization"] = f"Bearer {self.prepared.tokens[self.account]}"
            return True
        for _attempt in range(3):  # a person whose log-in met a conflict tries again
            page = self.exchange("log-in form", "GET", "/login")
            if page is None or page.status_code != 200:
                return False
            token = CSRF_TOKEN.search(page.text).group(1)
            answer = self.exchange(
                "log-in",
                "POST",
                "/login",
                data={"csrf_token": token, "username": self.account, "password": self.prepared.password},
            )
            if self.expect("log-in", answer, 302, to="/"):
                break
            if answer is None or answer.status_code != 409:
                return False
        else:
            return False
        home = self.exchange("home", "GET", "/")
        if not self.expect("home", home, 200):
            return False
        self.csrf = CSRF_TOKEN.search(home.text).group(1)
        return True

    def run(self):
        try:
            if not self.sign_in():
                self.failure = "could not sign in"
                return
            actions, weights = zip(*self.actions.items(), strict=True)
            for _ in range(MAX_REQUESTS_PER_USER):
                if self.stop.is_set() or time.monotonic() >= self.deadline:
                    return
                action = self.rng.choices(actions, weights)[0]
                getattr(self, f"{self.channel}_{action.replace(' ', '_')}")()
        except Exception as error:  # a bug in this script must show, not end the thread silently
            self.failure = repr(error)

    def any_case(self):
        return self.rng.choice(self.prepared.case_ids)

    def own_case(self):
        return self.rng.choice(self.own_cases)

    @staticmethod
    def yesterday():
        # Yesterday in UTC is never "in the future" in the Netherlands, which is ahead of UTC.
        return (datetime.now(UTC).date() - timedelta(days=1)).isoformat()

    # the pages
    def page_case_list(self):
        self.expect(
            "case list", self.exchange("case list", "GET", f"/initiatives?page={self.rng.randint(1, 3)}"), 200
        )

    def page_search(self):
        word = self.rng.choice(SEARCH_WORDS)
        self.expect("search", self.exchange("search", "GET", f"/initiatives?q={word}"), 200)

    def page_case_page(self):
        self.expect("case page", self.exchange("case page", "GET", f"/initiatives/{self.any_case()}"), 200)

    def page_dashboard(self):
        self.expect("dashboard", self.exchange("dashboard", "GET", "/dashboard"), 200)

    def page_activity(self):
        marker = self.marker()
        data = {
            "csrf_token": self.csrf,
            "kind": self.rng.choice(["call", "email", "meeting", "site_visit"]),
            "happened_on": self.yesterday(),
            "practice": self.rng.choice(["mapping", "relations", "support"]),
            "note": marker,
        }
        case_id = self.own_case()
        answer = self.exchange("activity", "POST", f"/initiatives/{case_id}/activities", data=data)
        if self.expect("activity", answer, 302, to=f"/initiatives/{case_id}"):
            self.stats.acknowledge("activity", marker)

    def page_barrier(self):
        marker = self.marker()
        category_id, _code = self.rng.choice(self.prepared.barrier_categories)
        data = {
            "barrier-csrf_token": self.csrf,
            "barrier-category": str(category_id),
            "barrier-description": marker,
            "barrier-department": "0",
            "barrier-stage": self.rng.choice(["mapping", "relations", "support"]),
            "barrier-raised_on": self.yesterday(),
        }
        case_id = self.own_case()
        answer = self.exchange("barrier", "POST", f"/initiatives/{case_id}/barriers", data=data)
        if self.expect("barrier", answer, 302, to=f"/initiatives/{case_id}"):
            self.stats.acknowledge("barrier", marker)

    def page_transition(self):
        case_id = self.own_case()
        page = self.exchange("case page", "GET", f"/initiatives/{case_id}")
        if not self.expect("case page", page, 200):
            return
        form = MOVE_FORM.search(page.text)
        if form is None:
            return
        targets = [target for target in MOVE_TARGET.findall(form.group(0)) if target != "closed"]
        version = VERSION.search(form.group(0))
        if not targets or version is None:
            return
        marker = self.marker()
        data = {
            "csrf_token": self.csrf,
            "to": self.rng.choice(targets),
            "reason": marker,
            "version": version.group(1),
        }
        answer = self.exchange("transition", "POST", f"/initiatives/{case_id}/move", data=data)
        if self.expect("transition", answer, 302, to=f"/initiatives/{case_id}"):
            self.stats.acknowledge("transition", marker)

    # the API
    def api_case_list(self):
        self.expect(
            "case list",
            self.exchange("case list", "GET", f"/api/v1/initiatives?page={self.rng.randint(1, 3)}"),
            200,
        )

    def api_search(self):
        word = self.rng.choice(SEARCH_WORDS)
        self.expect("search", self.exchange("search", "GET", f"/api/v1/initiatives?q={word}"), 200)

    def api_case_page(self):
        self.expect("case", self.exchange("case", "GET", f"/api/v1/initiatives/{self.any_case()}"), 200)

    def api_dashboard(self):
        self.expect("dashboard", self.exchange("dashboard", "GET", "/api/v1/dashboard/barriers"), 200)

    def api_activity(self):
        marker = self.marker()
        body = {
            "kind": self.rng.choice(["call", "email", "meeting", "site_visit"]),
            "happened_on": self.yesterday(),
            "practice": self.rng.choice(["mapping", "relations", "support"]),
            "note": marker,
        }
        answer = self.exchange(
            "activity", "POST", f"/api/v1/initiatives/{self.own_case()}/activities", json=body
        )
        if self.expect("activity", answer, 201):
            self.stats.acknowledge("activity", marker)

    def api_barrier(self):
        marker = self.marker()
        _id, code = self.rng.choice(self.prepared.barrier_categories)
        body = {"category": code, "description": marker}
        answer = self.exchange(
            "barrier", "POST", f"/api/v1/initiatives/{self.own_case()}/barriers", json=body
        )
        if self.expect("barrier", answer, 201):
            self.stats.acknowledge("barrier", marker)

    def api_transition(self):
        from initiatives.cases.stages import ALLOWED_MOVES, Stage

        case_id = self.own_case()
        case = self.exchange("case", "GET", f"/api/v1/initiatives/{case_id}")
        if not self.expect("case", case, 200):
            return
        current = Stage(case.json()["stage"])
        targets = [target for target in ALLOWED_MOVES[current] if target is not Stage.CLOSED]
        if not targets:
            return
        marker = self.marker()
        answer = self.exchange(
            "transition",
            "POST",
            f"/api/v1/initiatives/{case_id}/transitions",
            json={"to": self.rng.choice(targets).value, "reason": marker},
            headers={"If-Match": case.headers["ETag"]},
        )
        if self.expect("transition", answer, 200):
            self.stats.acknowledge("transition", marker)


def own_slice(prepared, index, users):
    """The cases user `index` writes on: a share of its account's cases, so that the users of
    one account rarely race for the same case (`one_case` in `run_load` makes them all race)."""
    account_index = index % len(MANAGERS)
    sharing = len(range(account_index, users, len(MANAGERS)))
    cases = prepared.own_cases[MANAGERS[account_index]]
    return cases[index // len(MANAGERS) :: sharing] or cases


def new_run_id():
    return f"{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"


def run_load(
    base_url, prepared, *, users, seconds, run_id, stats=None, stop=None, seed=0, actions=None, one_case=False
):
    """Let `users` users work on the server for `seconds` (or until `stop` is set); return Stats.

    `actions` weighs what they do ({action: weight}, default ACTIONS). With `one_case` they all
    act as the first manager and write to one case of theirs, each write racing all the others.

    The users are started and left to finish; a user that failed (could not sign in, or a bug in
    this script) is reported in `stats.unexpected`.
    """
    stats = stats or Stats()
    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds
    crowd = [
        User(
            index,
            "page" if index % 2 == 0 else "api",
            MANAGERS[0] if one_case else MANAGERS[index % len(MANAGERS)],
            prepared.own_cases[MANAGERS[0]][:1] if one_case else own_slice(prepared, index, users),
            prepared,
            base_url,
            stats,
            run_id,
            deadline,
            stop,
            seed * 1000 + index,
            actions or ACTIONS,
        )
        for index in range(users)
    ]
    stats.started = time.monotonic()
    for user in crowd:
        user.start()
    for user in crowd:
        user.join(timeout=seconds + REQUEST_TIMEOUT + 30)
    stats.finished = time.monotonic()
    for user in crowd:
        if user.failure:
            stats.unexpected.append((user.name, 0, user.failure))
    return stats


# -- the morning: people at work -----------------------------------------------------------------

#: The morning's defaults: a big municipality's neighbourhood managers at work.
MORNING_USERS = 150
MORNING_SECONDS = 300
MORNING_CASES = 1500
#: Log-ins of the morning wave, and the seconds they come within.
WAVE = 50
WAVE_SECONDS = 10
#: Colleagues (on its team) who work on one case at once.
HOT = 5
#: Seconds a person takes between two actions: reading, typing, thinking.
THINK = (3.0, 10.0)
#: Seconds between two rounds of the BI tool (the dashboard API, then the CSV export).
BI_INTERVAL = 30.0
#: Seconds between two samples of the load average.
LOAD_SAMPLE_SECONDS = 2.0
#: Managers per wijk (a wijkteam), and the usernames of the morning's accounts.
MANAGERS_PER_WIJK = 3
MORNING_ACCOUNT = "wm{:03d}"
#: The first two-digit number of the morning's wijken (the demo's own are 01-07).
FIRST_MORNING_WIJK = 10
#: What a person does on an ordinary morning, and how often.
MORNING_ACTIONS = {
    "mijn werk": 14,
    "case list": 8,
    "list": 10,
    "search": 8,
    "case page": 22,
    "dashboard": 6,
    "activity": 18,
    "barrier": 8,
    "transition": 6,
}
#: What a colleague on the hot case does: mostly that case, writing more.
HOT_ACTIONS = {"case page": 40, "activity": 30, "barrier": 15, "transition": 15}
#: The targets of issue 27, each checked on the report: (what, limit in ms).
TARGETS = {"page views p95": 300, "API reads p95": 300, "writes p95": 500, "log-in in the wave p95": 2000}


@dataclass
class Morning:
    """The morning's people and their cases in the prepared database."""

    accounts: list  # usernames, one per user
    wijk_of: dict  # username -> the CBS code of their wijk
    own_cases: dict  # username -> ids of the cases of their wijk (which they may edit)
    hot_case: int
    hot_team: list  # usernames of the colleagues on the hot case's team
    bi_token: str  # the BI tool's API token (of the secretary's account: she reads everything)


def _spread(rng, count):
    """Weights of `count` wijken: a few busy ones, many quieter (Zipf-like, as in a real city)."""
    return [1 / (rank + 1) ** 0.8 for rank in range(count)]


def prepare_morning(database_url, instance_dir, *, managers, hot=HOT, seed=2026):
    """Give the prepared database `managers` neighbourhood managers of their own (MORNING_ACCOUNT),
    three to a wijk of their own (wijken made for them), and spread the demo cases over those wijken
    (busy and quiet ones) with an owner among their managers; put the hot case's colleagues on its
    team; issue the BI tool's token. Made once: a database that has them is reused as it is."""
    from initiatives.auth.accounts import create_user
    from initiatives.auth.password_hashes import make_hash
    from initiatives.auth.tokens import issue_api_token
    from initiatives.auth.users import find_user
    from initiatives.cases.models import Initiative
    from initiatives.cases.models.initiative import initiative_team
    from initiatives.core.roles import Role
    from initiatives.demo import operations as demo
    from initiatives.extensions import db
    from initiatives.organisation import operations as organisation

    rng = random.Random(seed)
    wijk_count = -(-managers // MANAGERS_PER_WIJK)
    if FIRST_MORNING_WIJK + wijk_count > 100:
        raise ValueError(f"at most {(100 - FIRST_MORNING_WIJK) * MANAGERS_PER_WIJK} morning users")
    accounts = [MORNING_ACCOUNT.format(number) for number in range(1, managers + 1)]
    app = _app_for(database_url, instance_dir)
    with app.app_context():
        # One real hash for all (a log-in costs what it costs in production), made once.
        password_hash = make_hash(demo.DEMO_PASSWORD, app.config["PASSWORD_HASH_METHOD"])
        wijken = []
        for number in range(wijk_count):
            code = demo.wijk_code(f"{FIRST_MORNING_WIJK + number:02d}")
            wijk = organisation.find_neighbourhood(code)
            if wijk is None:
                wijk = organisation.save_neighbourhood(
                    None, code=code, name=f"Ochtendwijk {number + 1}", parent=None, active=True
                )
            wijken.append(wijk)
        created = []
        for index, username in enumerate(accounts):
            user = find_user(username)
            if user is None:
                user = create_user(
                    username,
                    Role.NEIGHBOURHOOD_MANAGER,
                    None,
                    full_name=f"Wijkmanager {index + 1}",
                    email=f"{username}@voorbeeldstad.example",
                    neighbourhoods=[wijken[index // MANAGERS_PER_WIJK]],
                )
                user.password_hash = password_hash
                created.append(user)
        db.session.flush()
        wijk_of = {
            username: wijken[index // MANAGERS_PER_WIJK].code for index, username in enumerate(accounts)
        }
        team_of = {wijk.id: [] for wijk in wijken}
        for index, username in enumerate(accounts):
            team_of[wijken[index // MANAGERS_PER_WIJK].id].append(find_user(username).id)
        if created:
            # The demo cases go to the morning's wijken, but for every tenth: the flat mode's
            # managers keep those, so that both modes can run on one database.
            case_ids = [
                case_id
                for case_id in db.session.scalars(sa.select(Initiative.id).order_by(Initiative.id))
                if case_id % 10
            ]
            weights = _spread(rng, len(wijken))
            moves = []
            for case_id in case_ids:
                wijk = rng.choices(wijken, weights)[0]
                owners = team_of[wijk.id]
                owner = rng.choices(owners, [6, 3, 1][: len(owners)])[0]
                moves.append({"key": case_id, "wijk": wijk.id, "owner": owner})
            table = Initiative.__table__
            if moves:
                db.session.connection().execute(  # Core's executemany, not the ORM's bulk update
                    table.update()
                    .where(table.c.id == sa.bindparam("key"))
                    .values(neighbourhood_id=sa.bindparam("wijk"), owner_id=sa.bindparam("owner")),
                    moves,
                )
        rows = db.session.execute(
            sa.select(Initiative.id, Initiative.neighbourhood_id, Initiative.stage).order_by(Initiative.id)
        ).all()
        by_wijk = defaultdict(list)
        for case_id, neighbourhood_id, _stage in rows:
            by_wijk[neighbourhood_id].append(case_id)
        own_cases = {
            username: by_wijk[wijken[index // MANAGERS_PER_WIJK].id]
            for index, username in enumerate(accounts)
        }
        # The hot case: one of the first wijk's open cases; the colleagues from other wijken on its team.
        hot_team = accounts[-hot:] if hot else []
        candidates = [
            case_id
            for case_id, _n, stage in rows
            if stage != "closed" and case_id in set(own_cases[accounts[0]])
        ]
        hot_case = (candidates or own_cases[accounts[0]] or [rows[0][0]])[0]
        present = set(
            db.session.scalars(
                sa.select(initiative_team.c.user_id).where(initiative_team.c.initiative_id == hot_case)
            )
        )
        for username in hot_team:
            user_id = find_user(username).id
            if user_id not in present:
                db.session.execute(initiative_team.insert().values(initiative_id=hot_case, user_id=user_id))
        _token, bi_token = issue_api_token(find_user("secretaris"), "BI tool (load test)", 1)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        db.session.remove()
        db.engine.dispose()
    return Morning(
        accounts=accounts,
        wijk_of=wijk_of,
        own_cases=own_cases,
        hot_case=hot_case,
        hot_team=hot_team,
        bi_token=bi_token,
    )


class Person(User):
    """A neighbourhood manager on an ordinary morning: signs in at `start_after` seconds (in the
    wave or later), then does one thing every THINK seconds (chosen at random each time) on the
    cases of their wijk, or, on the hot case's team (channel "hot"), mostly on that one case."""

    def __init__(
        self,
        index,
        channel,
        account,
        own_cases,
        prepared,
        base_url,
        stats,
        run_id,
        deadline,
        stop,
        seed,
        actions,
        *,
        start_after,
        think,
        wijk,
        wave,
    ):
        super().__init__(
            index,
            channel,
            account,
            own_cases,
            prepared,
            base_url,
            stats,
            run_id,
            deadline,
            stop,
            seed,
            actions,
        )
        self.start_after = start_after
        self.think = think
        self.wijk = wijk
        self.wave = wave

    def sign_in(self):
        """The log-in form, the password, and Mijn werk: what a person waits for, timed as one."""
        page = self.exchange("log-in form", "GET", "/login")
        if page is None or page.status_code != 200:
            return False
        token = CSRF_TOKEN.search(page.text).group(1)
        started, begun = time.perf_counter(), time.monotonic()
        label = "log-in (wave)" if self.wave else "log-in"
        answer = self.exchange(
            label,
            "POST",
            "/login",
            data={"csrf_token": token, "username": self.account, "password": self.prepared.password},
        )
        if not self.expect(label, answer, 302, to="/"):
            return False
        home = self.exchange("mijn werk", "GET", "/")
        if not self.expect("mijn werk", home, 200):
            return False
        self.stats.logged_in(label, begun, time.perf_counter() - started)
        self.csrf = CSRF_TOKEN.search(home.text).group(1)
        return True

    def pause(self, seconds):
        """Wait `seconds`, or less when the run ends first; return whether the run goes on."""
        return not self.stop.wait(max(0.0, min(seconds, self.deadline - time.monotonic())))

    def run(self):
        try:
            if not self.pause(self.start_after) or time.monotonic() >= self.deadline:
                return
            if not self.sign_in():
                self.failure = "could not sign in"
                return
            actions, weights = zip(*self.actions.items(), strict=True)
            for _ in range(MAX_REQUESTS_PER_USER):
                thinking = self.rng.uniform(*self.think)
                self.stats.thought(thinking)
                if not self.pause(thinking) or time.monotonic() >= self.deadline:
                    return
                action = self.rng.choices(actions, weights)[0]
                getattr(self, f"page_{action.replace(' ', '_')}")()
        except Exception as error:  # a bug in this script must show, not end the thread silently
            self.failure = repr(error)

    def own_case(self):
        return self.rng.choice(self.own_cases)

    def page_mijn_werk(self):
        self.expect("mijn werk", self.exchange("mijn werk", "GET", "/"), 200)

    def page_list(self):
        """A filtered list: their own cases, their wijk's, a stage, or what is overdue."""
        query = self.rng.choice(
            [
                f"owner={self.account}",
                f"neighbourhood={self.wijk}",
                f"stage={self.rng.choice(['mapping', 'relations', 'support'])}",
                "overdue=1",
            ]
        )
        self.expect("list", self.exchange("list", "GET", f"/initiatives?{query}"), 200)

    def page_case_page(self):
        # Mostly a case of their own wijk; now and then a colleague's elsewhere.
        case_id = self.own_case() if self.rng.random() < 0.7 else self.any_case()
        self.expect("case page", self.exchange("case page", "GET", f"/initiatives/{case_id}"), 200)

    def again_after_a_conflict(self, write):
        """Make `write`; when someone else's change came first (409/412: "changed meanwhile"),
        read the case again and make it once more, as a person does."""
        write()
        if self.last_status in (409, 412):
            case_id = self.own_case()
            self.expect("case page", self.exchange("case page", "GET", f"/initiatives/{case_id}"), 200)
            write()

    def page_activity(self):
        self.again_after_a_conflict(super().page_activity)

    def page_barrier(self):
        self.again_after_a_conflict(super().page_barrier)

    def page_transition(self):
        """A stage move with the version the page showed; someone else's move first (409) means
        reading the case again and deciding anew, once: the normal answer to a stale page."""
        case_id = self.own_case()
        for _attempt in range(2):
            page = self.exchange("case page", "GET", f"/initiatives/{case_id}")
            if not self.expect("case page", page, 200):
                return
            form = MOVE_FORM.search(page.text)
            if form is None:
                return
            targets = [target for target in MOVE_TARGET.findall(form.group(0)) if target != "closed"]
            version = VERSION.search(form.group(0))
            if not targets or version is None:
                return
            marker = self.marker()
            data = {
                "csrf_token": self.csrf,
                "to": self.rng.choice(targets),
                "reason": marker,
                "version": version.group(1),
            }
            answer = self.exchange("transition", "POST", f"/initiatives/{case_id}/move", data=data)
            if self.expect("transition", answer, 302, to=f"/initiatives/{case_id}"):
                self.stats.acknowledge("transition", marker)
                return
            if answer is None or answer.status_code not in (409, 412):
                return


class BiTool(threading.Thread):
    """An integration: a BI tool with an API token reading the dashboard API and the CSV export of
    every case, every `interval` seconds, while people work."""

    def __init__(self, base_url, token, stats, deadline, stop, interval):
        super().__init__(name="bi-tool", daemon=True)
        self.base_url = base_url
        self.stats = stats
        self.deadline = deadline
        self.stop = stop
        self.interval = interval
        self.http = requests.Session()
        self.http.headers.update({**PROXY_HEADERS, "Authorization": f"Bearer {token}"})
        self.failure = None

    def fetch(self, label, path):
        started = time.perf_counter()
        try:
            response = self.http.get(self.base_url + path, timeout=REQUEST_TIMEOUT)
        except requests.Timeout:
            self.stats.error(label)
            return
        except requests.RequestException:
            self.stats.reset(label)
            return
        self.stats.record(label, response.status_code, time.perf_counter() - started)
        if response.status_code != 200:
            self.stats.note_unexpected(label, response)

    def run(self):
        try:
            while not self.stop.is_set() and time.monotonic() < self.deadline:
                self.fetch("bi dashboard api", "/api/v1/dashboard/barriers")
                self.fetch("bi csv export", "/api/v1/exports/initiatives.csv")
                if self.stop.wait(max(0.0, min(self.interval, self.deadline - time.monotonic()))):
                    return
        except Exception as error:
            self.failure = repr(error)


class LoadSampler(threading.Thread):
    """Samples the machine's 1-minute load average during the run."""

    def __init__(self, stats, stop, interval=LOAD_SAMPLE_SECONDS):
        super().__init__(name="load-average", daemon=True)
        self.stats, self.stop, self.interval = stats, stop, interval

    def run(self):
        while True:
            self.stats.load_averages.append(os.getloadavg()[0])
            if self.stop.wait(self.interval):
                return


@dataclass
class MorningPlan:
    """When each user signs in, and who works on the hot case."""

    starts: list  # seconds after the start, per user
    wave: set  # indexes of the users of the wave
    hot: set  # indexes of the users on the hot case


def morning_plan(users, seconds, *, wave=WAVE, wave_seconds=WAVE_SECONDS, hot=HOT, seed=0):
    """The first `wave` users sign in within `wave_seconds` (the wave); the others come in one by
    one over the next minute (at most a third of the run), except the last `hot`, who work on the
    hot case: they are at it from the start (signing in within the wave's seconds, not counted in it)."""
    rng = random.Random(seed)
    wave = min(wave, users)
    hot = set(range(max(wave, users - hot), users))
    later = max(wave_seconds, min(wave_seconds + 60, seconds / 3))
    starts = [
        rng.uniform(0, wave_seconds) if index < wave or index in hot else rng.uniform(wave_seconds, later)
        for index in range(users)
    ]
    return MorningPlan(starts=starts, wave=set(range(wave)), hot=hot)


def run_morning(
    base_url,
    prepared,
    morning,
    *,
    users,
    seconds,
    run_id,
    wave=WAVE,
    wave_seconds=WAVE_SECONDS,
    hot=HOT,
    think=THINK,
    bi_interval=BI_INTERVAL,
    stats=None,
    stop=None,
    seed=0,
):
    """Let `users` people work a morning for `seconds` (see `morning_plan`), with the BI tool
    reading along and the load average sampled; return Stats."""
    stats = stats or Stats()
    stop = stop or threading.Event()
    plan = morning_plan(users, seconds, wave=wave, wave_seconds=wave_seconds, hot=hot, seed=seed)
    stats.plan = plan
    deadline = time.monotonic() + seconds
    crowd = []
    for index in range(users):
        account = morning.accounts[index]
        on_hot_case = index in plan.hot
        crowd.append(
            Person(
                index,
                "hot" if on_hot_case else "page",
                account,
                [morning.hot_case] if on_hot_case else morning.own_cases[account],
                prepared,
                base_url,
                stats,
                run_id,
                deadline,
                stop,
                seed * 1000 + index,
                HOT_ACTIONS if on_hot_case else MORNING_ACTIONS,
                start_after=plan.starts[index],
                think=think,
                wijk=morning.wijk_of[account],
                wave=index in plan.wave,
            )
        )
    bi_tool = BiTool(base_url, morning.bi_token, stats, deadline, stop, bi_interval)
    sampler = LoadSampler(stats, stop)
    stats.started = time.monotonic()
    sampler.start()
    bi_tool.start()
    for person in crowd:
        person.start()
    for thread in [*crowd, bi_tool]:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 30)
    stats.finished = time.monotonic()
    stop.set()
    sampler.join(timeout=10)
    for thread in [*crowd, bi_tool]:
        if thread.failure:
            stats.unexpected.append((thread.name, 0, thread.failure))
    return stats


def target_figures(stats):
    """{target: (p95 ms, requests)} for TARGETS: page views (every GET of a page, the hot case's
    too), API reads (the BI tool's), writes (the hot case's included), log-ins in the wave."""
    labels = list(stats.timings)
    page_views = [
        label
        for label in labels
        if label.split(" ", 1)[0] in ("page", "hot")
        and label.split(" ", 1)[1] not in (*WRITE_ACTIONS, "log-in", "log-in (wave)")
    ]
    api_reads = [
        label
        for label in labels
        if label.startswith(("bi ", "api ")) and label.split(" ", 1)[1] not in WRITE_ACTIONS
    ]
    writes = [label for label in labels if label.split(" ", 1)[1] in WRITE_ACTIONS]
    wave = sorted(duration for _at, label, duration in stats.log_ins if label == "log-in (wave)")
    return {
        "page views p95": stats.percentile_of(page_views, 95),
        "API reads p95": stats.percentile_of(api_reads, 95),
        "writes p95": stats.percentile_of(writes, 95),
        "log-in in the wave p95": (percentile(wave, 95) * 1000, len(wave)),
    }


# -- the whole run ------------------------------------------------------------------------------


@dataclass
class Outcome:
    stats: Stats
    lost: list
    log_problems: dict
    database: str
    run_id: str
    audit_problem: str = ""
    mode: str = "flat"
    morning: Morning | None = None

    @property
    def failures(self):
        """What makes the run fail, in words; empty when all is well."""
        reasons = []
        if self.stats.count_5xx():
            reasons.append(f"{self.stats.count_5xx()} answers with a 5xx status")
        for problem, count in self.log_problems.items():
            if count:
                reasons.append(f'{count} times "{problem}" in the server log')
        if self.lost:
            reasons.append(f"{len(self.lost)} acknowledged writes missing from the database")
        if self.audit_problem:
            reasons.append(f"the audit log's chain is broken at {self.audit_problem}")
        if not self.stats.acknowledged:
            reasons.append("no write succeeded")
        failed_users = [entry for entry in self.stats.unexpected if entry[1] == 0]
        if failed_users:
            reasons.append(f"{len(failed_users)} users failed: {failed_users[0][2]}")
        if self.mode == "morning" and sum(self.stats.resets.values()):
            reasons.append(f"{sum(self.stats.resets.values())} connection resets")
        return reasons

    def targets(self):
        """[(target, PASS or MISS, figure in words)] for the targets of a morning (issue 27)."""
        resets = sum(self.stats.resets.values())
        rows = [
            ("0 answers with a 5xx status", self.stats.count_5xx() == 0, f"{self.stats.count_5xx()}"),
            ("0 connection resets", resets == 0, f"{resets}"),
            (
                "0 lost writes",
                not self.lost,
                f"{len(self.lost)} of {len(self.stats.acknowledged)} acknowledged",
            ),
        ]
        for target, (figure, count) in target_figures(self.stats).items():
            limit = TARGETS[target]
            rows.append(
                (f"{target} <= {limit} ms", count > 0 and figure <= limit, f"{figure:.0f} ms over {count}")
            )
        return [(target, "PASS" if met else "MISS", figure) for target, met, figure in rows]

    def morning_report(self):
        stats = self.stats
        lines = ["", "The morning:"]
        plan = getattr(stats, "plan", None)
        if plan is not None:
            wave = sorted(at for at, label, _duration in stats.log_ins if label == "log-in (wave)")
            lines.append(
                f"  wave: {len(wave)} of {len(plan.wave)} log-ins sent between {wave[0] if wave else 0:.1f} s "
                f"and {wave[-1] if wave else 0:.1f} s after the start; {len(stats.log_ins) - len(wave)} "
                "log-ins later, one by one"
            )
        hot = {
            kind: n
            for (label, counter) in stats.statuses.items()
            if label.startswith("hot ")
            for kind, n in [(label[4:], sum(counter.values()))]
        }
        conflicts = sum(
            counter[409] + counter[412]
            for label, counter in stats.statuses.items()
            if label.startswith("hot ")
        )
        lines.append(
            "  hot case: "
            + (", ".join(f"{n} {kind}" for kind, n in sorted(hot.items())) or "nothing")
            + f"; {conflicts} conflicts (409/412) answered by reading again"
        )
        if stats.think_times:
            think = sorted(stats.think_times)
            lines.append(
                f"  think time: {len(think)} pauses, {think[0]:.1f}-{think[-1]:.1f} s, median {statistics.median(think):.1f} s"
            )
        if stats.load_averages:
            loads = stats.load_averages
            lines.append(
                f"  load average (1 min, {len(loads)} samples, {os.cpu_count()} cores): "
                f"min {min(loads):.2f}, median {statistics.median(loads):.2f}, max {max(loads):.2f}"
            )
        lines.append("")
        lines.append("Targets (150 users for 5 minutes in issue 27):")
        for target, verdict, figure in self.targets():
            lines.append(f"  {verdict}  {target}: {figure}")
        return "\n".join(lines)

    def report(self):
        acknowledged = Counter(kind for kind, _marker in self.stats.acknowledged)
        lines = [
            f"Load test on {self.database}: {self.stats.seconds:.0f} s",
            "",
            self.stats.table(),
            "",
            "Acknowledged writes: "
            + ", ".join(f"{acknowledged[kind]} {kind}" for kind in WRITE_ACTIONS)
            + f" ({len(self.stats.acknowledged) / self.stats.seconds:.1f}/s)"
            + f"; missing from the database afterwards: {len(self.lost)}",
            "Requests without an answer: "
            + f"{sum(self.stats.resets.values())} connection resets (refused, reset, closed), "
            + f"{sum(self.stats.errors.values())} timeouts",
            "Server log: " + ", ".join(f'"{name}" {count}' for name, count in self.log_problems.items()),
            "Audit log chain: " + (self.audit_problem or "intact"),
        ]
        for endpoint, status, text in self.stats.unexpected[:10]:
            lines.append(f"  unexpected: {endpoint} {status}: {text[:200]!r}")
        if self.mode == "morning":
            lines.append(self.morning_report())
        return "\n".join(lines)


def database_kind(database_url):
    return sa.engine.make_url(database_url).get_backend_name()


def load_test(
    database_url,
    workdir,
    *,
    users,
    seconds,
    cases=DEFAULT_CASES,
    workers=None,
    threads=None,
    actions=None,
    one_case=False,
    mode="flat",
    morning_options=None,
):
    """Prepare, serve, load, stop and check; return the Outcome.

    `mode` "flat": every user sends the next request as soon as the last one answers (`run_load`);
    "morning": people with their own accounts and think time, a wave of log-ins, a hot case and a
    BI tool (`run_morning`, with `morning_options` for its wave, hot, think and bi_interval).
    """
    workdir = Path(workdir)
    prepared = prepare_database(database_url, workdir / "instance", cases=cases)
    morning = None
    if mode == "morning":
        options = morning_options or {}
        morning = prepare_morning(
            database_url, workdir / "instance", managers=users, hot=options.get("hot", HOT)
        )
    server = Server(
        database_url, workdir / "instance", workdir / "gunicorn.log", workers=workers, threads=threads
    )
    run_id = new_run_id()
    server.start()
    try:
        if morning is not None:
            stats = run_morning(
                server.base_url,
                prepared,
                morning,
                users=users,
                seconds=seconds,
                run_id=run_id,
                **(morning_options or {}),
            )
        else:
            stats = run_load(
                server.base_url,
                prepared,
                users=users,
                seconds=seconds,
                run_id=run_id,
                actions=actions,
                one_case=one_case,
            )
    finally:
        server.stop()
    return Outcome(
        stats=stats,
        lost=lost_writes(database_url, run_id, stats.acknowledged),
        log_problems=server.log_problems(),
        database=database_kind(database_url),
        run_id=run_id,
        audit_problem=audit_chain_problem(database_url),
        mode=mode,
        morning=morning,
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--mode",
        choices=("morning", "flat"),
        default="morning",
        help="morning (the default): people with their own accounts and think time, a wave of log-ins, "
        "a hot case and a BI tool, checked against issue 27's targets; flat: every user sends the next "
        "request as soon as the last one answers (what the server takes at most)",
    )
    parser.add_argument(
        "--users",
        type=int,
        help=f"concurrent users (morning {MORNING_USERS}, flat {DEFAULT_USERS}); in the morning each has "
        "an account of their own",
    )
    parser.add_argument(
        "--seconds", type=float, help=f"duration (morning {MORNING_SECONDS}, flat {DEFAULT_SECONDS})"
    )
    parser.add_argument(
        "--database-url",
        help="an existing database to use, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bric_load "
        "(default: a fresh SQLite file)",
    )
    parser.add_argument(
        "--cases",
        type=int,
        help=f"demo cases in a new database (morning {MORNING_CASES}, flat {DEFAULT_CASES})",
    )
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads per process (default: gunicorn.conf.py's)")
    morning = parser.add_argument_group("the morning")
    morning.add_argument("--wave", type=int, default=WAVE, help=f"log-ins in the morning wave ({WAVE})")
    morning.add_argument(
        "--wave-seconds",
        type=float,
        default=WAVE_SECONDS,
        help=f"seconds the wave comes within ({WAVE_SECONDS})",
    )
    morning.add_argument("--hot", type=int, default=HOT, help=f"colleagues working one case at once ({HOT})")
    morning.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK,
        metavar=("MIN", "MAX"),
        help=f"seconds between a person's actions, at random ({THINK[0]:g} {THINK[1]:g})",
    )
    morning.add_argument(
        "--bi-interval",
        type=float,
        default=BI_INTERVAL,
        help=f"seconds between the BI tool's reads of the dashboard API and CSV export ({BI_INTERVAL:g})",
    )
    flat = parser.add_argument_group("flat out")
    flat.add_argument(
        "--one-case",
        action="store_true",
        help="every user writes to the same case (as one manager), instead of to cases of their own",
    )
    flat.add_argument(
        "--writes-only", action="store_true", help="only writes (activities, transitions, barriers), no reads"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database and log)")
    args = parser.parse_args(argv)
    morning_mode = args.mode == "morning"
    if args.users is None:
        args.users = MORNING_USERS if morning_mode else DEFAULT_USERS
    if args.seconds is None:
        args.seconds = MORNING_SECONDS if morning_mode else DEFAULT_SECONDS
    if args.cases is None:
        args.cases = MORNING_CASES if morning_mode else DEFAULT_CASES
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users and --seconds must be positive")
    if not 0 <= args.think[0] <= args.think[1] or args.wave < 0 or args.hot < 0 or args.wave_seconds <= 0:
        parser.error(
            "--think MIN MAX with 0 <= MIN <= MAX; --wave and --hot not negative; --wave-seconds positive"
        )
    return args


def main(argv=None):
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bricoleur-load-"))
    database_url = args.database_url or sqlite_url(workdir / "load.sqlite")
    print(
        f"Preparing {database_kind(database_url)}, then a {args.mode} run: {args.users} users for "
        f"{args.seconds:.0f} s ...",
        flush=True,
    )
    try:
        outcome = load_test(
            database_url,
            workdir,
            users=args.users,
            seconds=args.seconds,
            cases=args.cases,
            workers=args.workers,
            threads=args.threads,
            actions={action: ACTIONS[action] for action in WRITE_ACTIONS} if args.writes_only else None,
            one_case=args.one_case,
            mode=args.mode,
            morning_options={
                "wave": args.wave,
                "wave_seconds": args.wave_seconds,
                "hot": args.hot,
                "think": tuple(args.think),
                "bi_interval": args.bi_interval,
            },
        )
    finally:
        if args.keep:
            print(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(outcome.report())
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "database": outcome.database,
                    "users": args.users,
                    "seconds": outcome.stats.seconds,
                    "endpoints": [
                        dict(
                            zip(
                                (
                                    "endpoint",
                                    "count",
                                    "rps",
                                    "p50_ms",
                                    "p95_ms",
                                    "5xx",
                                    "4xx",
                                    "p99_ms",
                                    "conflicts",
                                ),
                                row,
                                strict=True,
                            )
                        )
                        for row in outcome.stats.rows()
                    ],
                    "acknowledged_writes": len(outcome.stats.acknowledged),
                    "lost_writes": len(outcome.lost),
                    "log_problems": outcome.log_problems,
                    "mode": outcome.mode,
                    "connection_resets": sum(outcome.stats.resets.values()),
                    "load_average_1min": outcome.stats.load_averages,
                    "targets": [
                        {"target": target, "verdict": verdict, "figure": figure}
                        for target, verdict, figure in (
                            outcome.targets() if outcome.mode == "morning" else []
                        )
                    ],
                },
                indent=2,
            )
        )
    if outcome.failures:
        print("FAILED: " + "; ".join(outcome.failures))
        return 1
    print("OK: no 5xx, no locked database, no lost write.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
