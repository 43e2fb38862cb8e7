"""Screenshots of the app for the documentation: `make screenshots` writes them to docs/screenshots.

Add a page with one line in SCREENSHOTS: (demo account, or None for signed out; path; file name).
`{case_id}` in a path stands for the demo case with the longest timeline (`demo_case_id`).
Without `--screenshots` these tests are skipped (see `screenshot_dir` in conftest.py).
"""

import pytest

from tests.browser.support import login

SCREENSHOTS = [
    (None, "/login", "login.png"),
    ("noord", "/", "mijn-werk.png"),
    ("noord", "/initiatives", "initiatives.png"),
    ("noord", "/initiatives/{case_id}", "case.png"),
    ("secretaris", "/dashboard", "dashboard.png"),
    ("secretaris", "/lessons", "lessons.png"),
    ("secretaris", "/reports/council?from=2025-01-01", "council-report.png"),
    ("beheer", "/admin/users", "admin-accounts.png"),
]
VIEWPORT = {"width": 1280, "height": 900}


@pytest.mark.parametrize(("username", "path", "filename"), SCREENSHOTS, ids=[shot[2] for shot in SCREENSHOTS])
def test_screenshot(demo_case_id, live_server, new_page, screenshot_dir, username, path, filename):
    page = new_page(viewport=VIEWPORT)
    if username:
        login(page, live_server, username)
    response = page.goto(live_server + path.format(case_id=demo_case_id))
    assert response.status == 200
    page.screenshot(path=str(screenshot_dir / filename))  # the first screen: what a user sees first
