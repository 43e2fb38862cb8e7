"""Browser fixtures: the app on a live server, driven by Debian's Chromium through Playwright.

Loaded as a plugin from tests/conftest.py, so that every test folder shares the one session-wide
Playwright instance (two sync Playwright instances in one process refuse to run). Playwright's own
browser download does not work here, so the tests use /usr/bin/chromium (`make browser` installs
it). Without it they are skipped, except on CI (`CI` set), where a missing browser fails the run
instead of quietly testing less.
"""

import os
import re
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

import config
from initiatives.cases.models import Activity, Initiative
from initiatives.demo.initiatives import add_initiatives
from initiatives.demo.operations import DEMO_PASSWORD
from initiatives.extensions import db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: axe-core as the app serves it (`make setup` copies it there): the Content Security Policy
#: refuses inline scripts, so it is loaded from the app's own origin, like every other script.
AXE_SCRIPT = config.BASE_DIR / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
SCREENSHOT_DIR = config.BASE_DIR / "docs" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Milliseconds Playwright waits for a page or element; the app is local, so this is generous.
TIMEOUT_MS = 10_000


@pytest.fixture
def live_server(app):
    """Serve the test app on a free local port; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def demo_case_id(demo_world):
    """Fill the demo municipality with cases; return the one in Noord with the longest timeline."""
    with demo_world.app_context():
        add_initiatives(80)
        db.session.commit()
        return db.session.scalar(
            sa.select(Initiative.id)
            .join(Activity, Activity.initiative_id == Initiative.id)
            .where(Initiative.owner.has(username="noord"))
            .group_by(Initiative.id)
            .order_by(sa.func.count(Activity.id).desc(), Initiative.id)
            .limit(1)
        )


@pytest.fixture
def screenshot_dir():
    """The folder for documentation screenshots; tests using it only run with `--screenshots`."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: run `make browser` to install Debian's chromium"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (browser tests may not be skipped on CI)")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    """Return a function opening a page in a fresh browser context; all are closed afterwards."""
    contexts = []

    def open_page(**context_options):
        context = chromium.new_context(locale="nl-NL", **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in its own browser context (no cookies shared between tests), in Dutch."""
    return new_page()


def login(page, base_url, username, password=DEMO_PASSWORD, totp_secret=None):
    """Sign in through the log-in form and check that we land on the home page.

    An account with a second factor (the demo admin `beheer` has ADMIN_TOTP_SECRET) gets the
    code its app shows; when that one was just used, the next one.
    """
    from tests.auth.second_factor import ADMIN_TOTP_SECRET, code_now

    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(base_url)}/(login/code)?$"))
    if page.url.endswith("/login/code"):
        secret = totp_secret or ADMIN_TOTP_SECRET
        for offset in (0, 1):
            page.fill("#code", code_now(secret, offset))
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            if not page.url.endswith("/login/code"):
                break
    expect(page).to_have_url(f"{base_url}/")


def _describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
    return "\n".join(lines)


def assert_no_axe_violations(page):
    """Run axe-core's WCAG 2.1 A and AA rules on the page; fail with a readable list of violations."""
    assert AXE_SCRIPT.exists(), f"{AXE_SCRIPT} is missing: run `make setup`"
    page.add_script_tag(url=AXE_URL)
    results = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})""",
        AXE_TAGS,
    )
    violations = results["violations"]
    assert not violations, (
        f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
        + _describe_violations(violations)
    )
