"""Full-text search: ranked, Dutch-aware where the engine allows, in sync on every change."""

import re

import pytest

from initiatives.auth.users import find_user
from initiatives.cases import activities, operations
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.conftest import open_test_case


def _titles(client, query):
    page = client.get(f"/initiatives?q={query}").get_data(as_text=True)
    return re.findall(r'href="/initiatives/\d+">([^<]+)</a>', page)


@pytest.fixture
def cases(demo_world):
    with demo_world.app_context():
        noord = find_user("noord")
        in_title = open_test_case(
            title="Compostbak voor de hele straat", description="Groenafval samen verwerken."
        )
        in_note = open_test_case(title="Bankjes bij de speeltuin", description="Zitplekken voor ouders.")
        activities.add_activity(
            in_note,
            noord,
            kind="call",
            happened_on=local_today(),
            practice=Stage.MAPPING,
            note="Ook een compostbak?",
        )
        open_test_case(title="Geveltuinen in de Vogelwijk", description="Stoeptegels eruit, planten erin.")
        db.session.commit()
        return {"in_title": in_title.id, "in_note": in_note.id}


def test_a_title_match_ranks_above_a_timeline_note_match(cases, signed_in):
    assert _titles(signed_in("noord"), "compostbak") == [
        "Compostbak voor de hele straat",
        "Bankjes bij de speeltuin",
    ]


def test_words_match_as_prefixes_and_all_words_must_match(cases, signed_in):
    noord = signed_in("noord")
    assert _titles(noord, "geveltuin") == ["Geveltuinen in de Vogelwijk"]
    assert _titles(noord, "geveltuin vogelwijk") == ["Geveltuinen in de Vogelwijk"]
    assert _titles(noord, "geveltuin speeltuin") == []


def test_search_ignores_accents_and_case(cases, signed_in):
    assert _titles(signed_in("noord"), "COMPOSTBÀK") == [
        "Compostbak voor de hele straat",
        "Bankjes bij de speeltuin",
    ]


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "*", "compost)(", "';--", "NEAR(a b)"])
def test_search_syntax_in_the_query_never_breaks_the_page(cases, signed_in, query):
    response = signed_in("noord").get("/initiatives", query_string={"q": query})
    assert response.status_code == 200


def test_the_index_follows_edits_notes_and_lessons(demo_world, cases, signed_in):
    noord = signed_in("noord")
    with demo_world.app_context():
        initiative = db.session.get(operations.Initiative, cases["in_title"])
        user = find_user("noord")
        operations.update_case(initiative, user, initiative.version, title="Wormenhotel voor de hele straat")
        operations.move_case(
            initiative,
            user,
            Stage.CLOSED,
            result=Result.REALISED,
            lessons="Begin klein met een proefperiode.",
        )
        db.session.commit()
    assert "Wormenhotel voor de hele straat" in _titles(noord, "wormenhotel")
    assert "Wormenhotel voor de hele straat" not in _titles(noord, "compostbak")
    assert _titles(noord, "proefperiode") == ["Wormenhotel voor de hele straat"]


def test_search_combines_with_filters(cases, signed_in):
    noord = signed_in("noord")
    assert _titles(noord, "compostbak&stage=mapping") == []
    assert len(_titles(noord, "compostbak&stage=intake")) == 2


def test_postgresql_search_stems_dutch_words(demo_world, signed_in, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite's FTS5 has no Dutch stemmer; there words match as prefixes")
    with demo_world.app_context():
        open_test_case(title="Nieuwe bomen in het park")
        db.session.commit()
    assert _titles(signed_in("noord"), "boom") == ["Nieuwe bomen in het park"]


@pytest.mark.parametrize(
    ("username", "has_search"),
    [(None, False), ("noord", True), ("secretaris", True), ("beheer", False)],
)
def test_the_header_searches_cases_for_those_who_may_read_them(
    demo_world, browser, signed_in, username, has_search
):
    client = signed_in(username) if username else browser
    page = client.get("/" if username else "/login").get_data(as_text=True)
    header = page.split("<main", 1)[0]
    assert ('action="/initiatives" role="search"' in header) is has_search
