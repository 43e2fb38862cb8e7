"""The production entry point: gunicorn with gunicorn.conf.py starts several workers, serves
/healthz, logs JSON, keeps the log-in throttle's counts in Redis, and refuses to start without a
real SECRET_KEY. Each server is a subprocess on a free port of 127.0.0.1, stopped within seconds."""

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from config import BASE_DIR
from initiatives.cases.models import Activity
from initiatives.extensions import db
from tests.api.conftest import issue_token

GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
REDIS_URL = "redis://127.0.0.1:6379/0"
#: How long a kept-alive connection idles before it is used again: longer than gunicorn's own
#: default keep-alive (5 s), with which connections reused after 4 to 6 s idle were reset.
IDLE_SECONDS = 6.5


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_environment(database_url, tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith("BRICOLEUR_")}
    env.update(
        BRICOLEUR_ENV="production",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=database_url,
        BRICOLEUR_INSTANCE_DIR=str(tmp_path / "instance"),
        BRICOLEUR_ATTACHMENT_DIR=str(tmp_path / "attachments"),
        BRICOLEUR_SECURE_COOKIES="0",  # plain http on the loopback; behind the proxy it is https
        BRICOLEUR_WORKERS="2",
        BRICOLEUR_THREADS="2",
        **extra,
    )
    return env


class Server:
    """gunicorn in a subprocess, its output in a file; stopped (TERM, then KILL) on exit."""

    def __init__(self, env, tmp_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = Path(tmp_path) / f"gunicorn-{self.port}.log"
        env = {**env, "BRICOLEUR_BIND": f"127.0.0.1:{self.port}"}
        with open(self.output, "w") as output:
            self.process = subprocess.Popen(
                [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:app"],
                cwd=BASE_DIR,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )

    def wait_until_up(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped:\n{self.lines()}")
            try:
                return requests.get(f"{self.url}/healthz", timeout=2)
            except requests.ConnectionError:
                time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer in {seconds} s:\n{self.lines()}")

    def lines(self):
        return self.output.read_text()

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def serve(app, database_url, tmp_path):
    """Start gunicorn on the (migrated) test database with extra settings; stop it afterwards."""
    servers = []

    def start(**extra):
        server = Server(gunicorn_environment(database_url, tmp_path, **extra), tmp_path)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


def test_gunicorn_serves_healthz_with_several_workers_and_json_logs(serve):
    server = serve()
    response = server.wait_until_up()
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    request_id = response.headers["X-Request-ID"]
    # One JSON object per line, from gunicorn and the app alike.
    deadline = time.monotonic() + 10
    while request_id not in server.lines() and time.monotonic() < deadline:
        time.sleep(0.1)
    server.stop()
    records = [json.loads(line) for line in server.lines().splitlines() if line.strip()]
    assert sum("Booting worker" in record["message"] for record in records) == 2
    assert sum("Using worker: gthread" in record["message"] for record in records) == 1
    request_line = next(record for record in records if record.get("request_id") == request_id)
    assert request_line["logger"] == "initiatives.requests"
    assert (request_line["method"], request_line["path"], request_line["status"]) == ("GET", "/healthz", 200)
    # The app's line replaces gunicorn's access line: each request is logged once.
    assert not any(record["logger"] == "gunicorn.access" for record in records)


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


def _failed_log_in(url, username):
    """One failed log-in on a connection of its own, so the workers share the attempts; as the
    proxy in front would, it says the client spoke HTTPS (production redirects plain HTTP)."""
    with requests.Session() as browser:
        browser.headers["X-Forwarded-Proto"] = "https"
        browser.headers["Referer"] = url.replace("http:", "https:") + "/login"  # CSRF over HTTPS
        page = browser.get(f"{url}/login", timeout=10)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)
        return browser.post(
            f"{url}/login",
            data={"csrf_token": token, "username": username, "password": "fout-wachtwoord"},
            timeout=10,
            allow_redirects=False,
        )


def test_the_log_in_throttle_counts_in_redis_across_workers(serve):
    redis = _redis_or_skip()
    server = serve(BRICOLEUR_RATELIMIT_STORAGE_URI=REDIS_URL)
    assert server.wait_until_up().status_code == 200
    username = f"gunicorn-test-{uuid.uuid4().hex[:12]}"  # its own counter, which expires by itself
    statuses = [_failed_log_in(server.url, username).status_code for _attempt in range(6)]
    assert statuses[:5] == [200] * 5  # the form again, with a message
    assert statuses[5] == 429
    keys = [key.decode() for key in redis.scan_iter(match=f"*{username}*")]
    assert keys, "the throttle's counter is not in Redis"


def test_gunicorn_refuses_to_start_without_a_real_secret_key(database_url, tmp_path):
    env = gunicorn_environment(database_url, tmp_path, BRICOLEUR_BIND=f"127.0.0.1:{free_port()}")
    env["SECRET_KEY"] = "changeme"
    result = subprocess.run(
        [GUNICORN, "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip()
    assert output.splitlines()[-1].startswith(
        "Bricoleur cannot start: SECRET_KEY is not set to a real secret"
    )
    assert len(output.splitlines()) == 1


def test_a_kept_alive_connection_reused_after_idling_takes_a_post(serve, demo_world, test_case):
    """A proxy reuses its idle connections to gunicorn: one idle for longer than gunicorn's own
    default keep-alive still carries a POST, on the same socket, and the write is saved."""
    case_id = test_case["initiative_id"]
    token = issue_token(demo_world, "noord")
    server = serve(BRICOLEUR_TRUSTED_PROXIES="1")  # as behind the TLS proxy: X-Forwarded-Proto
    assert server.wait_until_up().status_code == 200
    headers = {
        "Authorization": f"Bearer {token}",
        "X-Forwarded-Proto": "https",
        "Content-Type": "application/json",
    }
    activity = {"kind": "call", "happened_on": "2026-01-05", "practice": "mapping", "note": "Na de pauze"}
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.request("GET", f"/api/v1/initiatives/{case_id}", headers=headers)
        first = connection.getresponse()
        first.read()
        kept = connection.sock
        time.sleep(IDLE_SECONDS)
        # http.client does not reconnect by itself: a closed connection raises here.
        connection.request(
            "POST", f"/api/v1/initiatives/{case_id}/activities", body=json.dumps(activity), headers=headers
        )
        second = connection.getresponse()
        second.read()
        reused = connection.sock is kept
    finally:
        connection.close()
    assert first.status == 200
    assert first.getheader("Connection", "").lower() != "close"
    assert second.status == 201
    assert reused
    with demo_world.app_context():
        notes = db.session.scalars(sa.select(Activity.note).where(Activity.initiative_id == case_id)).all()
    assert "Na de pauze" in notes
