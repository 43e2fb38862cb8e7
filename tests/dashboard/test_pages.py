"""The dashboard page: who may open it, what its tables and charts show, and where every number
leads (the case list with exactly the cases behind it)."""

import re

import pytest

from tests.dashboard.expected import EXPECTED
from tests.dashboard.html import case_ids, case_list_links, query_of, row, tables

#: English labels of the categories (the tests read the page in English: captions stay stable).
BARRIER_LABELS = {
    "colleagues": "Colleagues who will not",
    "silos": "Silos between departments",
    "rigid_rules": "Rigid policy",
    "lack_of_time": "Lack of time",
    "traditional_steering": "Traditional steering",
    "performance_management": "Performance management",
    "risk_aversion": "Risk-averse culture",
}
HELP_LABELS = {
    "backing": "Backing from",
    "budget": "Flexibly usable budget",
    "room": "Room:",
    "colleague_takes_along": "A colleague who takes",
    "reflection": "Reflection",
}
CATEGORY_TABLE = "Barriers per category"
HELP_TABLE = "Help effectiveness per category"


@pytest.fixture
def reader(signed_in):
    """Return a function giving a Browser signed in as `username`, reading in English."""

    def sign_in(username="secretaris"):
        browser = signed_in(username)
        browser.submit("/language", {"language": "en", "next": "/"}, form_url="/")
        return browser

    return sign_in


def page_of(browser, url):
    response = browser.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def cell_number(cell):
    return int(cell.text)


# -- who may see it ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/dashboard", "/dashboard?from=2025-01-01"])
def test_admins_have_no_dashboard(signed_in, data_set, url):
    assert signed_in("beheer").get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(browser, data_set):
    response = browser.get("/dashboard")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_the_dashboard_is_in_the_menu_of_secretaries_and_managers(signed_in, data_set):
    for username in ("secretaris", "noord"):
        assert 'href="/dashboard"' in signed_in(username).get("/").get_data(as_text=True)
    assert 'href="/dashboard"' not in signed_in("beheer").get("/").get_data(as_text=True)


# -- what it shows -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "query", "name"),
    [
        ("secretaris", "", "everything"),
        ("secretaris", "?from=2025-01-01&to=2025-03-31", "period"),
        ("secretaris", "?neighbourhood=WK999902", "wijk"),
        ("secretaris", "?theme=green", "theme"),
        ("noord", "", "noord"),
    ],
)
def test_the_tables_show_the_figures(reader, data_set, username, query, name):
    found = tables(page_of(reader(username), "/dashboard" + query))
    expected = EXPECTED[name]
    shown = {
        code: (cell_number(cells[1]), cell_number(cells[2]))
        for code, label in BARRIER_LABELS.items()
        for cells in found[CATEGORY_TABLE]
        if cells[0].text.startswith(label)
    }
    assert shown == expected["category"]
    helps = {
        code: tuple(cell_number(cell) for cell in cells[1:6])
        for code, label in HELP_LABELS.items()
        for cells in found[HELP_TABLE]
        if cells[0].text.startswith(label)
    }
    assert {code: counts for code, counts in helps.items() if counts[0]} == expected["helps"]


def test_a_retired_category_is_marked(reader, data_set):
    found = tables(page_of(reader(), "/dashboard"))
    assert (
        row(found[CATEGORY_TABLE], "Risk-averse culture")[0].text == "Risk-averse culture (no longer in use)"
    )


def test_unusable_filters_are_named_on_the_page(reader, data_set):
    page = page_of(reader(), "/dashboard?from=yesterday&stage=dreaming&theme=green")
    notes = page.split('id="filter-notes"', 1)[1].split("</div>", 1)[0]
    assert "yesterday" in notes
    assert "dreaming" in notes
    assert 'value="green" selected' in page


def test_every_chart_is_an_image_with_a_title_followed_by_its_table(reader, data_set):
    page = page_of(reader(), "/dashboard")
    charts = re.findall(r'<svg class="chart__svg" role="img" aria-labelledby="([\w-]+)-title \1-desc"', page)
    assert len(charts) == 9
    for chart_id in charts:
        assert f'<title id="{chart_id}-title">' in page
        assert f'<desc id="{chart_id}-desc">' in page
        after = page.split(f'aria-labelledby="{chart_id}-title', 1)[1]
        assert after.index("<table") < after.index("<svg") if "<svg" in after else "<table" in after
    assert "<script" not in page.split("<main", 1)[1]


# -- where the numbers lead ------------------------------------------------------------------------

TREND = "Barriers raised per quarter, per category"
AGE = "Open barriers per category, by days open"

DRILL_DOWNS = [
    # (dashboard arguments, username, table, row label, column, the cases behind the number)
    ("", "secretaris", CATEGORY_TABLE, "Silos", 1, "ABC"),
    ("", "secretaris", CATEGORY_TABLE, "Lack of time", 2, "AC"),
    ("", "secretaris", "Barriers per department", "No department", 1, "B"),
    ("", "secretaris", "Barriers per department", "Financiën", 2, "D"),
    ("", "secretaris", "Barriers per wijk (with its buurten)", "Binnenstad", 1, "C"),
    ("", "secretaris", "Barriers per stage the initiative was in", "First contact", 1, "A"),
    ("", "secretaris", TREND, "Silos", 3, "BC"),
    ("", "secretaris", TREND, "Rigid policy", 1, "B"),
    ("", "secretaris", "Days to resolve per category", "Colleagues", 1, "ABCD"),
    ("", "secretaris", AGE, "All categories", 1, "C"),
    ("", "secretaris", AGE, "All categories", 2, "AB"),
    ("", "secretaris", AGE, "Silos", 3, "A"),
    ("", "secretaris", HELP_TABLE, "Backing", 1, "ABC"),
    ("", "secretaris", HELP_TABLE, "Room", 2, "A"),
    ("", "secretaris", HELP_TABLE, "Flexibly", 3, "AD"),
    ("", "secretaris", HELP_TABLE, "A colleague who takes", 4, "A"),
    ("", "secretaris", HELP_TABLE, "Backing", 5, "ABC"),
    ("", "secretaris", "Refused helps per decider", "the alderman", 1, "B"),
    ("", "secretaris", "Refused helps per decider", "Financiën", 1, "D"),
    ("", "secretaris", "Barriers resolved, per barrier category and help category", "Colleagues", 2, "D"),
    ("", "secretaris", "Barriers resolved, per barrier category and help category", "Silos", 6, "A"),
    ("?from=2025-01-01&to=2025-03-31", "secretaris", CATEGORY_TABLE, "Colleagues", 1, "AB"),
    ("?from=2025-01-01&to=2025-03-31", "secretaris", HELP_TABLE, "Flexibly", 1, "AD"),
    ("?from=2025-01-01&to=2025-03-31", "secretaris", HELP_TABLE, "Room", 1, "B"),
    (
        "?from=2025-01-01&to=2025-03-31",
        "secretaris",
        "Barriers resolved, per barrier category and help category",
        "Colleagues",
        1,
        "AB",
    ),
    ("?department={OR}", "secretaris", HELP_TABLE, "Backing", 5, "AB"),
    ("?stage=mapping", "secretaris", CATEGORY_TABLE, "Colleagues", 1, "ACD"),
    ("?theme=green", "secretaris", CATEGORY_TABLE, "Silos", 1, "AC"),
    ("?neighbourhood=BU99990201", "secretaris", "Barriers per wijk (with its buurten)", "Noord", 1, "A"),
    ("", "noord", CATEGORY_TABLE, "Colleagues", 1, "ABC"),
    ("", "zuid", CATEGORY_TABLE, "Colleagues", 1, "D"),
]


@pytest.mark.parametrize(("query", "username", "caption", "label", "column", "cases"), DRILL_DOWNS)
def test_a_number_leads_to_exactly_the_cases_behind_it(
    reader, data_set, query, username, caption, label, column, cases
):
    browser = reader(username)
    query = query.format(OR=data_set["departments"]["Openbare Ruimte"])
    cell = row(tables(page_of(browser, "/dashboard" + query))[caption], label)[column]
    assert cell.href, f"{cell.text} has no link"
    assert case_ids(page_of(browser, cell.href)) == {data_set["cases"][key] for key in cases}


@pytest.mark.parametrize("username", ["secretaris", "noord"])
def test_every_link_leads_to_cases_the_reader_may_see(reader, data_set, username):
    browser = reader(username)
    links = case_list_links(page_of(browser, "/dashboard"))
    assert len(links) > 40
    allowed = set(data_set["cases"].values())
    if username == "noord":
        areas = {query_of(link)["neighbourhood"] for link in links}
        # theirs, one of them, or a buurt of them with cases (the map's areas)
        assert areas == {"WK999901,WK999902", "WK999901", "WK999902", "BU99990101", "BU99990201"}
        allowed = {data_set["cases"][key] for key in "ABCE"}
    for link in set(links):
        found = case_ids(page_of(browser, link))
        assert found, f"{link} shows no cases"
        assert found <= allowed


def test_the_case_list_behind_a_number_is_for_case_readers_only(reader, signed_in, data_set):
    link = case_list_links(page_of(reader(), "/dashboard"))[0]
    assert signed_in("beheer").get(link).status_code == 403
