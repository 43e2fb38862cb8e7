"""A search's pages at scale (issue 27): its count stops at a cap ("more than"), each page is ranked
from all the matches, and what a reader may find stays as it was."""

import re

import pytest

from initiatives.auth.users import find_user
from initiatives.cases import activities, operations, queries
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import open_test_case

#: Small numbers, so that a few cases pass the cap: counted up to 3, a page of one.
SMALL = {"SEARCH_COUNT_CAP": 3, "PAGE_SIZE": 1}


def _english(client):
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    return client


def _titles(page):
    return re.findall(r'href="/initiatives/\d+">([^<]+)</a>', page)


def _page(client, query, number=1):
    return client.get("/initiatives", query_string={"q": query, "page": number}).get_data(as_text=True)


@pytest.fixture
def six_cases(demo_world):
    """Six cases with 'compostbak' in their titles (and one without it); returns their ids."""
    with demo_world.app_context():
        ids = [open_test_case(title=f"Compostbak nummer {number}").id for number in range(6)]
        open_test_case(title="Geveltuinen in de Vogelwijk")
        db.session.commit()
    return ids


@pytest.mark.parametrize("app_config", [SMALL])
def test_a_search_with_more_matches_than_the_cap_says_more_than(six_cases, signed_in):
    browser = _english(signed_in("noord"))
    first = _page(browser, "compostbak")
    assert "More than 3 initiatives found" in first
    assert "Page 1 (more than 3 in total)" in first
    assert 'rel="next"' in first
    # Further on, the count reaches past the next page: here to the end, so it is exact again.
    fifth = _page(browser, "compostbak", 5)
    assert "6 initiatives found" in fifth
    assert "Page 5 of 6 (6 in total)" in fifth
    # The list without a search counts up to its own cap, here past all seven.
    assert "7 initiatives found" in browser.get("/initiatives").get_data(as_text=True)


@pytest.mark.parametrize("app_config", [{"LIST_COUNT_CAP": 3, "PAGE_SIZE": 2}])
def test_a_list_counts_its_cases_up_to_its_own_cap(six_cases, signed_in, demo_world):
    """A municipality-wide list of a million cases counts ten thousand, not every case."""
    browser = _english(signed_in("noord"))
    first = browser.get("/initiatives").get_data(as_text=True)
    assert "More than 4 initiatives found" in first  # the count reaches past the next page
    assert 'rel="next"' in first
    last = browser.get("/initiatives?page=4").get_data(as_text=True)
    assert "7 initiatives found" in last
    api = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    listed = api.get("/api/v1/initiatives?per_page=1").get_json()
    assert (listed["total"], listed["total_capped"]) == (3, True)
    assert api.get("/api/v1/initiatives?q=compostbak").get_json()["total"] == 6  # its own cap


@pytest.mark.parametrize("app_config", [SMALL])
def test_paging_through_a_capped_search_reaches_every_match_once(six_cases, signed_in):
    browser = _english(signed_in("noord"))
    found = []
    for number in range(1, 10):
        titles = _titles(_page(browser, "compostbak", number))
        if not titles:
            break
        found += titles
    assert sorted(found) == [f"Compostbak nummer {number}" for number in range(6)]


@pytest.mark.parametrize("app_config", [{"SEARCH_COUNT_CAP": 3}])
def test_the_api_says_when_a_search_count_is_capped(demo_world, six_cases):
    api = ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))
    first = api.get("/api/v1/initiatives?q=compostbak&per_page=1").get_json()
    assert (first["total"], first["total_capped"], len(first["items"])) == (3, True, 1)
    # A client that pages on while `total` reaches past its page gets every match, once.
    seen, number, body = [], 1, first
    while True:
        body = api.get(f"/api/v1/initiatives?q=compostbak&per_page=2&page={number}").get_json()
        seen += [item["id"] for item in body["items"]]
        if body["page"] * body["per_page"] >= body["total"]:
            break
        number += 1
    assert sorted(seen) == sorted(six_cases)
    assert (body["total"], body["total_capped"]) == (6, False)
    # Without a search, and with few matches, the total is exact.
    listed = api.get("/api/v1/initiatives").get_json()
    assert (listed["total"], listed["total_capped"]) == (7, False)
    few = api.get("/api/v1/initiatives?q=geveltuinen").get_json()
    assert (few["total"], few["total_capped"]) == (1, False)


@pytest.fixture
def ranked(demo_world):
    """The word 'wormenhotel' in a title, a description and a timeline note: best match first."""
    with demo_world.app_context():
        noord = find_user("noord")
        in_title = open_test_case(title="Wormenhotel voor de straat", description="Groenafval verwerken.")
        in_description = open_test_case(title="Bankjes", description="Met een wormenhotel ernaast.")
        in_note = open_test_case(title="Geveltuinen", description="Stoeptegels eruit.")
        activities.add_activity(
            in_note,
            noord,
            kind="call",
            happened_on=local_today(),
            practice=Stage.MAPPING,
            note="Misschien ook een wormenhotel?",
        )
        db.session.commit()
        return {"title": in_title.id, "description": in_description.id, "note": in_note.id}


@pytest.mark.parametrize("app_config", [SMALL])
@pytest.mark.parametrize("shortlist_extra", [queries.SHORTLIST_EXTRA, 0])
@pytest.mark.parametrize("username", ["noord", "zuid"])  # zuid searches the public documents
def test_each_page_of_a_search_is_ranked_from_all_matches(
    ranked, signed_in, demo_world, monkeypatch, username, shortlist_extra
):
    # Without extra entries a page of one is looked for among two: a withdrawn best match leaves
    # too few, and all matches are checked after all.
    monkeypatch.setattr(queries, "SHORTLIST_EXTRA", shortlist_extra)
    browser = signed_in(username)
    pages = [_titles(_page(browser, "wormenhotel", number)) for number in (1, 2, 3, 4)]
    assert pages == [["Wormenhotel voor de straat"], ["Bankjes"], ["Geveltuinen"], []]
    with demo_world.app_context():
        initiative = db.session.get(Initiative, ranked["title"])
        operations.withdraw_case(initiative, initiative.owner, reason="Dubbel geregistreerd.")
        db.session.commit()
    # A withdrawn case leaves the search before the page is cut, not after.
    assert _titles(_page(browser, "wormenhotel")) == ["Bankjes"]
    withdrawn = browser.get("/initiatives", query_string={"q": "wormenhotel", "withdrawn": "only"})
    assert _titles(withdrawn.get_data(as_text=True)) == ["Wormenhotel voor de straat"]


@pytest.mark.parametrize("app_config", [SMALL])
def test_a_page_of_a_search_finds_a_resident_only_for_who_may_see_them(demo_world, signed_in):
    with demo_world.app_context():
        open_test_case(
            title="Pluktuin bij het speelveld",
            initiators=[operations.InitiatorDetails(name="Ayşe Yılmaz", phone="06-12345678")],
            description="Ayşe Yılmaz wil een pluktuin met kruiden.",
        )
        open_test_case(title="Pluktuin aan de Yilmazstraat", description="Een straatnaam, geen bewoner.")
        db.session.commit()
    owner = _english(signed_in("noord"))
    assert sorted(_titles(_page(owner, "yilmaz")) + _titles(_page(owner, "yilmaz", 2))) == [
        "Pluktuin aan de Yilmazstraat",
        "Pluktuin bij het speelveld",
    ]
    for username in ("zuid", "secretaris"):
        other = _english(signed_in(username))
        first = _page(other, "yilmaz")
        assert _titles(first) == ["Pluktuin aan de Yilmazstraat"], username
        assert "1 initiative found" in first, username
        assert _titles(_page(other, "yilmaz", 2)) == [], username
