"""Screenshots of the app for the documentation: `make screenshots` writes them to docs/screenshots.

Add a page with one line in SCREENSHOTS: (demo account, or None for signed out; path; file name).
`{case_id}` in a path stands for the demo case with the longest timeline.
Without `--screenshots` these tests are skipped (see `screenshot_dir` in conftest.py).
"""

import pytest
import sqlalchemy as sa

from initiatives.cases.models import Activity, Initiative
from initiatives.demo.initiatives import add_initiatives
from initiatives.extensions import db
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


@pytest.mark.parametrize(("username", "path", "filename"), SCREENSHOTS, ids=[shot[2] for shot in SCREENSHOTS])
def test_screenshot(demo_case_id, live_server, new_page, screenshot_dir, username, path, filename):
    page = new_page(viewport=VIEWPORT)
    if username:
        login(page, live_server, username)
    response = page.goto(live_server + path.format(case_id=demo_case_id))
    assert response.status == 200
    page.screenshot(path=str(screenshot_dir / filename))  # the first screen: what a user sees first
