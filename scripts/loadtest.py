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
3. --users users work for --seconds seconds. Half sign in through the log-in form (with its CSRF
   token) and use the pages, half use the JSON API with a Bearer token. Each mixes reads (case
   list, search, case page, dashboard) and writes (activities, stage transitions, barriers) on
   the cases of their own wijken (with --one-case all on one case, as one manager). Every write
   carries a unique marker text; the writes that got a success answer are kept.
4. It stops gunicorn, then checks in the database that every acknowledged write is there and that
   the audit log's hash chain holds, and reads the server log for "database is locked" and
   tracebacks.

It prints requests per second and p50/p95 per endpoint, and exits 1 on any 5xx answer, any
"database is locked" or traceback in the server log, any lost write, a broken audit chain, or a
run that could not work (no successful write). The crash test (tests/reliability/test_crash.py)
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
MOVE_FORM = re.compile(r'<form[^>]*action="/initiatives/\d+/move".*?</form>', re.DOTALL)
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
    errors: Counter = field(default_factory=Counter)  # no answer at all: connection lost, timeout
    acknowledged: list = field(default_factory=list)  # (kind, marker)
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
        """(endpoint, count, rps, p50 ms, p95 ms, 5xx, other non-success) per endpoint, sorted."""
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
                )
            )
        return result

    def table(self):
        header = f"{'endpoint':<24} {'count':>7} {'rps':>7} {'p50 ms':>8} {'p95 ms':>8} {'5xx':>5} {'4xx':>5}"
        lines = [header, "-" * len(header)]
        total = 0
        for endpoint, count, rps, p50, p95, fivexx, refused in self.rows():
            total += count
            lines.append(
                f"{endpoint:<24} {count:>7} {rps:>7.1f} {p50:>8.0f} {p95:>8.0f} {fivexx:>5} {refused:>5}"
            )
        lines.append("-" * len(header))
        all_times = sorted(t for times in self.timings.values() for t in times)
        lines.append(
            f"{'all':<24} {total:>7} {total / self.seconds:>7.1f} {percentile(all_times, 50) * 1000:>8.0f} "
            f"{percentile(all_times, 95) * 1000:>8.0f} {self.count_5xx():>5}"
        )
        return "\n".join(lines)


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

    # one HTTP exchange, timed and counted
    def exchange(self, endpoint, method, path, **kwargs):
        label = f"{self.channel} {endpoint}"
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base_url + path, timeout=REQUEST_TIMEOUT, allow_redirects=False, **kwargs
            )
        except requests.RequestException:
            self.stats.error(label)
            time.sleep(0.05)  # a lost server is not hammered in a tight loop
            return None
        self.stats.record(label, response.status_code, time.perf_counter() - started)
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


# -- the whole run ------------------------------------------------------------------------------


@dataclass
class Outcome:
    stats: Stats
    lost: list
    log_problems: dict
    database: str
    run_id: str
    audit_problem: str = ""

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
        return reasons

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
            "Requests without an answer (connection lost, timeout): " + str(sum(self.stats.errors.values())),
            "Server log: " + ", ".join(f'"{name}" {count}' for name, count in self.log_problems.items()),
            "Audit log chain: " + (self.audit_problem or "intact"),
        ]
        for endpoint, status, text in self.stats.unexpected[:10]:
            lines.append(f"  unexpected: {endpoint} {status}: {text[:200]!r}")
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
):
    """Prepare, serve, load, stop and check; return the Outcome."""
    workdir = Path(workdir)
    prepared = prepare_database(database_url, workdir / "instance", cases=cases)
    server = Server(
        database_url, workdir / "instance", workdir / "gunicorn.log", workers=workers, threads=threads
    )
    run_id = new_run_id()
    server.start()
    try:
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
    )


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--users", type=int, default=DEFAULT_USERS, help=f"concurrent users ({DEFAULT_USERS})"
    )
    parser.add_argument(
        "--seconds", type=float, default=DEFAULT_SECONDS, help=f"duration ({DEFAULT_SECONDS})"
    )
    parser.add_argument(
        "--database-url",
        help="an existing database to use, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/bric_load "
        "(default: a fresh SQLite file)",
    )
    parser.add_argument(
        "--cases", type=int, default=DEFAULT_CASES, help=f"demo cases in a new database ({DEFAULT_CASES})"
    )
    parser.add_argument("--workers", type=int, help="gunicorn processes (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads per process (default: gunicorn.conf.py's)")
    parser.add_argument(
        "--one-case",
        action="store_true",
        help="every user writes to the same case (as one manager), instead of to cases of their own",
    )
    parser.add_argument(
        "--writes-only", action="store_true", help="only writes (activities, transitions, barriers), no reads"
    )
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON to PATH")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database and log)")
    args = parser.parse_args(argv)
    if args.users < 1 or args.seconds <= 0:
        parser.error("--users and --seconds must be positive")
    return args


def main(argv=None):
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bricoleur-load-"))
    database_url = args.database_url or sqlite_url(workdir / "load.sqlite")
    print(
        f"Preparing {database_kind(database_url)}, then {args.users} users for {args.seconds:.0f} s ...",
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
                                ("endpoint", "count", "rps", "p50_ms", "p95_ms", "5xx", "4xx"),
                                row,
                                strict=True,
                            )
                        )
                        for row in outcome.stats.rows()
                    ],
                    "acknowledged_writes": len(outcome.stats.acknowledged),
                    "lost_writes": len(outcome.lost),
                    "log_problems": outcome.log_problems,
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
