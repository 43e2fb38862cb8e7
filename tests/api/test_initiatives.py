"""Cases through the API: open, read, list with filters and search, change with If-Match."""

from datetime import timedelta

import pytest
from sqlalchemy import event

from initiatives.auth.users import find_user
from initiatives.cases import activities, operations, team
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.api.conftest import BINNENSTAD, NOORD, ZUID


def _new_case(**changes):
    return {
        "title": "Speeltuin in de Vogelwijk",
        "description": "Ouders willen een speeltuin op het grasveld.",
        "neighbourhood": NOORD,
        "channel": "phone",
        "received_on": (local_today() - timedelta(days=2)).isoformat(),
        "themes": ["play"],
        "next_step": "Terugbellen",
        "follow_up_on": local_today().isoformat(),
        **changes,
    }


def test_open_a_case(api_as):
    noord = api_as("noord")
    response = noord.post("/api/v1/initiatives", json=_new_case())
    assert response.status_code == 201
    case = response.get_json()
    assert isinstance(case["id"], int)
    assert case["stage"] == "intake"
    assert case["owner"] == "noord"
    assert case["neighbourhood"] == NOORD
    assert case["themes"] == ["play"]
    assert case["version"] == 1
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"].endswith(f"/api/v1/initiatives/{case['id']}")
    assert noord.get(response.headers["Location"]).get_json()["title"] == "Speeltuin in de Vogelwijk"


def test_open_a_case_in_a_buurt_of_an_own_wijk(api_as):
    response = api_as("noord").post("/api/v1/initiatives", json=_new_case(neighbourhood="BU99990201"))
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("username", "neighbourhood", "status"),
    [("zuid", NOORD, 403), ("secretaris", NOORD, 403), ("beheer", NOORD, 403), ("noord", ZUID, 403)],
)
def test_only_managers_of_the_wijk_open_cases_there(api_as, username, neighbourhood, status):
    response = api_as(username).post("/api/v1/initiatives", json=_new_case(neighbourhood=neighbourhood))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"neighbourhood": "WK000000"}, "neighbourhood"),
        ({"themes": ["no_such_theme"]}, "themes"),
        ({"themes": ["play", "play"]}, "themes"),
        ({"channel": "pigeon"}, "channel"),
        ({"received_on": "yesterday"}, "received_on"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"stage": "closed"}, "stage"),
    ],
)
def test_invalid_values_answer_422_with_the_field(api_as, changes, field):
    response = api_as("noord").post("/api/v1/initiatives", json=_new_case(**changes))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]


def test_missing_fields_are_listed(api_as):
    response = api_as("noord").post("/api/v1/initiatives", json={})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {
        "title",
        "description",
        "neighbourhood",
        "channel",
        "received_on",
    }


def test_business_rules_answer_422_with_the_field(api_as):
    future = (local_today() + timedelta(days=1)).isoformat()
    response = api_as("noord").post("/api/v1/initiatives", json=_new_case(received_on=future))
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["received_on"]


def test_a_refused_case_leaves_nothing_behind(demo_world, api_as):
    future = (local_today() + timedelta(days=1)).isoformat()
    api_as("noord").post("/api/v1/initiatives", json=_new_case(received_on=future))
    with demo_world.app_context():
        assert db.session.query(Initiative).count() == 0


# -- reading ----------------------------------------------------------------------------------


def test_read_a_case(api_as, make_case):
    case_id = make_case(address="Kerkstraat 1")
    response = api_as("zuid").get(f"/api/v1/initiatives/{case_id}")
    assert response.status_code == 200
    case = response.get_json()
    assert case["id"] == case_id
    assert case["stage"] == "intake"
    assert case["owner"] == "noord"
    assert case["version"] == 1
    assert case["received_on"] == (local_today() - timedelta(days=3)).isoformat()
    assert response.headers["ETag"] == '"1"'


def test_the_address_is_shown_only_to_those_who_see_contact_data(api_as, make_case):
    case_id = make_case(address="Kerkstraat 1")
    assert api_as("noord").get(f"/api/v1/initiatives/{case_id}").get_json()["address"] == "Kerkstraat 1"
    assert api_as("zuid").get(f"/api/v1/initiatives/{case_id}").get_json()["address"] is None
    assert api_as("secretaris").get(f"/api/v1/initiatives/{case_id}").get_json()["address"] is None


def test_an_unknown_case_answers_404(api_as):
    response = api_as("noord").get("/api/v1/initiatives/999999")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


# -- the list ---------------------------------------------------------------------------------


def test_the_list_answers_the_collection_envelope(api_as, make_case):
    first, second = make_case(title="Eerste"), make_case(title="Tweede")
    body = api_as("secretaris").get("/api/v1/initiatives").get_json()
    assert body["total"] == 2
    assert body["page"] == 1
    assert body["per_page"] == 25
    assert [item["id"] for item in body["items"]] == [second, first]  # newest first


def test_the_list_paginates_and_caps_the_page_size(api_as, make_case):
    ids = [make_case(title=f"Initiatief {number}") for number in range(3)]
    client = api_as("noord")
    page = client.get("/api/v1/initiatives?per_page=2&page=2").get_json()
    assert page["total"] == 3
    assert page["per_page"] == 2
    assert [item["id"] for item in page["items"]] == [ids[0]]
    assert client.get("/api/v1/initiatives?per_page=500").get_json()["per_page"] == 100
    assert client.get("/api/v1/initiatives?page=9").get_json()["items"] == []
    assert client.get("/api/v1/initiatives?page=0").status_code == 422
    assert "per_page" in client.get("/api/v1/initiatives?per_page=x").get_json()["errors"]


def _listed(client, query):
    response = client.get(f"/api/v1/initiatives?{query}")
    assert response.status_code == 200, response.get_json()
    return [item["title"] for item in response.get_json()["items"]]


def test_the_list_filters(demo_world, api_as, make_case):
    make_case("noord", NOORD, title="Noord, te laat", follow_up_on=local_today() - timedelta(days=1))
    make_case("noord", BINNENSTAD, title="Binnenstad")
    make_case("zuid", ZUID, title="Zuid, in een buurt")
    buurt_case = make_case("noord", "BU99990202", title="Noord, in een buurt")
    with demo_world.app_context():
        operations.move_case(db.session.get(Initiative, buurt_case), find_user("noord"), "mapping")
        db.session.commit()
    client = api_as("secretaris")
    assert sorted(_listed(client, f"neighbourhood={NOORD}")) == ["Noord, in een buurt", "Noord, te laat"]
    assert _listed(client, "neighbourhood=BU99990202") == ["Noord, in een buurt"]
    assert _listed(client, "neighbourhood=WK000000") == []
    assert _listed(client, "owner=zuid") == ["Zuid, in een buurt"]
    assert _listed(client, "stage=mapping") == ["Noord, in een buurt"]
    assert _listed(client, "overdue=true") == ["Noord, te laat"]
    assert len(_listed(client, "overdue=false")) == 3
    assert sorted(_listed(client, f"neighbourhood={NOORD},{ZUID}")) == [
        "Noord, in een buurt",
        "Noord, te laat",
        "Zuid, in een buurt",
    ]
    assert _listed(client, "owner=noord&stage=intake&overdue=true") == ["Noord, te laat"]
    assert client.get("/api/v1/initiatives?stage=nowhere").status_code == 422


def test_search_ranks_a_title_above_a_timeline_note(demo_world, api_as, make_case):
    in_note = make_case(title="Bankjes op het plein", description="Bewoners willen zitplekken.")
    make_case(title="Speelplaats", description="Een speelplek voor kinderen.")
    in_title = make_case(title="Geveltuinen in de Molenhoek", description="Groene straat.")
    with demo_world.app_context():
        activities.add_activity(
            db.session.get(Initiative, in_note),
            find_user("noord"),
            kind="call",
            happened_on=local_today(),
            practice="intake",
            note="Ze denken ook aan geveltuinen langs het plein.",
        )
        db.session.commit()
    body = api_as("noord").get("/api/v1/initiatives?q=geveltuinen").get_json()
    assert [item["id"] for item in body["items"]] == [in_title, in_note]
    assert body["total"] == 2


def test_search_combines_with_filters_and_pagination(api_as, make_case):
    make_case("noord", NOORD, title="Moestuin Noord")
    make_case("zuid", ZUID, title="Moestuin Zuid")
    client = api_as("noord")
    assert _listed(client, "q=moestuin&owner=zuid") == ["Moestuin Zuid"]
    page = client.get("/api/v1/initiatives?q=moestuin&per_page=1").get_json()
    assert page["total"] == 2
    assert len(page["items"]) == 1


def test_the_list_runs_a_fixed_number_of_queries(demo_world, api_as, make_case):
    places = [("noord", NOORD), ("zuid", ZUID), ("noord", "BU99990201"), ("zuid", "WK999904")]
    for number, (owner, code) in enumerate(places * 2):
        make_case(owner, code, title=f"Initiatief {number}")
    client = api_as("secretaris")
    client.get("/api/v1/initiatives?per_page=1")  # the token's first use of the minute writes last_used_at
    statements = []

    def count(*args):
        statements.append(args)

    with demo_world.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get("/api/v1/initiatives?per_page=2")
        few = len(statements)
        statements.clear()
        client.get("/api/v1/initiatives?per_page=8")
        many = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert few == many


# -- changing ---------------------------------------------------------------------------------


def test_change_a_case_with_if_match(api_as, make_case):
    case_id = make_case()
    client = api_as("noord")
    etag = client.get(f"/api/v1/initiatives/{case_id}").headers["ETag"]
    response = client.patch(
        f"/api/v1/initiatives/{case_id}",
        json={"title": "Moestuin op het schoolplein", "themes": ["green", "play"], "follow_up_on": None},
        headers={"If-Match": etag},
    )
    assert response.status_code == 200, response.get_json()
    case = response.get_json()
    assert case["title"] == "Moestuin op het schoolplein"
    assert case["themes"] == ["green", "play"]
    assert case["follow_up_on"] is None
    assert case["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert client.get(f"/api/v1/initiatives/{case_id}").get_json()["title"] == "Moestuin op het schoolplein"


def test_a_change_without_if_match_answers_428(api_as, make_case):
    case_id = make_case()
    response = api_as("noord").patch(f"/api/v1/initiatives/{case_id}", json={"title": "Zonder versie"})
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"


def test_a_change_on_a_stale_version_answers_412_and_changes_nothing(api_as, make_case):
    case_id = make_case()
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}"
    assert client.patch(url, json={"title": "Eerst"}, headers={"If-Match": '"1"'}).status_code == 200
    response = client.patch(url, json={"title": "Daarna"}, headers={"If-Match": '"1"'})
    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"
    assert client.get(url).get_json()["title"] == "Eerst"


def test_a_change_refused_by_the_rules_answers_422(api_as, make_case):
    case_id = make_case()
    future = (local_today() + timedelta(days=5)).isoformat()
    response = api_as("noord").patch(
        f"/api/v1/initiatives/{case_id}", json={"received_on": future}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["received_on"]


# -- who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "read", "change"),
    [("noord", 200, 200), ("zuid", 200, 403), ("secretaris", 200, 403), ("beheer", 403, 403)],
)
def test_who_reads_and_changes_a_case_of_noord(api_as, make_case, username, read, change):
    case_id = make_case("noord", NOORD)
    client = api_as(username)
    url = f"/api/v1/initiatives/{case_id}"
    assert client.get(url).status_code == read
    assert client.get("/api/v1/initiatives").status_code == read
    assert client.patch(url, json={"title": "Anders"}, headers={"If-Match": '"1"'}).status_code == change
    assert client.post(f"{url}/transitions", json={"to": "mapping"}).status_code == change


def test_a_team_member_from_another_wijk_may_change_the_case(demo_world, api_as, make_case):
    case_id = make_case("noord", NOORD)
    with demo_world.app_context():
        team.set_team(db.session.get(Initiative, case_id), find_user("noord"), [find_user("zuid")])
        db.session.commit()
    response = api_as("zuid").patch(
        f"/api/v1/initiatives/{case_id}", json={"next_step": "Samen langs"}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200
