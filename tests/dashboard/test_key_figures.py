"""The secretary's start page: the key figures, each the same number as the dashboard view it
links to, and the way on to the dashboard and the council report."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token

#: A day in the second quarter of 2025 of the data set (tests/dashboard/conftest.py).
TODAY = date(2025, 6, 30)
TAG = re.compile(r"<[^>]+>")
HREF = re.compile(r'href="([^"]+)"')


def key_figures(page):
    """The start page's key figures: [(text, [hrefs])], one per card."""
    cards = page.split('<ul class="summary-cards key-figures">', 1)[1].split("</ul>", 1)[0]
    return [
        (" ".join(TAG.sub(" ", card).split()), [href.replace("&amp;", "&") for href in HREF.findall(card)])
        for card in cards.split("<li>")[1:]
    ]


def summary_number(page, label):
    """A number from the dashboard's summary cards, by the text after it."""
    match = re.search(r'summary-cards__number">(?:<a [^>]+>)?([\d.]+)(?:</a>)?</span> ' + label, page)
    return match.group(1)


@pytest.fixture
def start_page(data_set, signed_in, monkeypatch):
    monkeypatch.setattr("initiatives.home.controllers.local_today", lambda: TODAY)
    browser = signed_in("secretaris")
    return browser, browser.get("/").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{}, {"DASHBOARD_TALLIES": False}], ids=["tallies", "base-rows"])
def test_the_secretary_sees_the_key_figures_with_links_on(start_page, data_set, demo_world):
    browser, page = start_page
    with demo_world.app_context():
        open_cases = db.session.scalar(
            sa.select(sa.func.count()).select_from(Initiative).where(Initiative.stage != Stage.CLOSED)
        )
    cases, barriers, oldest, helps = key_figures(page)
    assert cases == (f"{open_cases} lopende initiatieven", [])
    assert barriers == ("7 open drempels", ["/dashboard#duration"])
    # b2, raised on 15 February 2025 in case A, is the barrier open longest: 135 days.
    assert oldest[0] == (
        f"135 dagen de oudste open drempel: {data_set['titles']['A']} "
        "(Verkokering, schotten tussen afdelingen, open sinds 15 feb 2025)"
    )
    assert oldest[1] == [f"/initiatives/{data_set['cases']['A']}"]
    assert helps == ("7 keer hulp gevraagd in K2 2025", ["/dashboard?from=2025-04-01&to=2025-06-30"])
    # Each number is the dashboard's in the view it links to.
    assert summary_number(browser.get(barriers[1][0]).get_data(as_text=True), "nog open") == "7"
    assert summary_number(browser.get(helps[1][0]).get_data(as_text=True), "keer hulp gevraagd") == "7"
    assert 'href="/dashboard"' in page
    assert 'href="/reports/council?from=2025-04-01&amp;to=2025-06-30"' in page


def test_without_open_barriers_the_page_says_so(demo_world, signed_in):
    page = signed_in("secretaris").get("/").get_data(as_text=True)
    cases, barriers, oldest, helps = key_figures(page)
    assert cases[0] == "0 lopende initiatieven"
    assert barriers[0] == "0 open drempels"
    assert oldest == ("– geen drempel staat open", [])
    assert helps[0].startswith("0 keer hulp gevraagd in K")


def test_a_withdrawn_case_is_no_open_initiative(start_page, data_set, demo_world):
    browser, page = start_page
    before = int(key_figures(page)[0][0].split()[0])
    api = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    case_id = data_set["cases"]["A"]  # open, with the barrier open longest
    response = api.post(f"/api/v1/initiatives/{case_id}/withdraw", json={"reason": "Dubbel geregistreerd."})
    assert response.status_code == 200
    cases, _barriers, oldest, _helps = key_figures(browser.get("/").get_data(as_text=True))
    assert cases[0] == f"{before - 1} lopende initiatieven"
    assert data_set["titles"]["A"] not in oldest[0]  # its barriers count nowhere either
