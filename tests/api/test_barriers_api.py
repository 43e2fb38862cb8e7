"""Barriers, helps and their categories through the API: record, change with If-Match, and move a
help through requested -> granted | refused -> applied."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.barriers.models import BarrierCategory
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.models import Department
from tests.api.conftest import ZUID


def _day(days_ago):
    return (local_today() - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def department(demo_world):
    """Return (id, name) of a demo department."""
    with demo_world.app_context():
        row = db.session.scalars(sa.select(Department).order_by(Department.name)).first()
        return row.id, row.name


@pytest.fixture
def case(api_as, make_case):
    """A case of noord's wijk, with noord's client and helpers to record barriers and helps."""
    case_id = make_case()
    client = api_as("noord")

    class Case:
        id = case_id
        url = f"/api/v1/initiatives/{case_id}"
        noord = client

        @staticmethod
        def barrier(**fields):
            response = client.post(f"{Case.url}/barriers", json={"category": "silos", **fields})
            assert response.status_code == 201, response.get_json()
            return response.get_json()

        @staticmethod
        def help(**fields):
            body = {"category": "backing", "provider": "alderman", **fields}
            response = client.post(f"{Case.url}/helps", json=body)
            assert response.status_code == 201, response.get_json()
            return response.get_json()

        @staticmethod
        def patch(url, changes, version=1, **kwargs):
            return client.patch(url, json=changes, headers={"If-Match": f'"{version}"'}, **kwargs)

    return Case


def _errors(response):
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    return response.get_json()["errors"]


# -- barriers ---------------------------------------------------------------------------------


def test_record_a_barrier(case, department):
    response = case.noord.post(
        f"{case.url}/barriers",
        json={
            "category": "silos",
            "description": "Groen en Verkeer wijzen naar elkaar.",
            "department": department[0],
            "raised_on": _day(2),
        },
    )
    assert response.status_code == 201
    assert response.headers["ETag"] == '"1"'
    barrier = response.get_json()
    assert barrier["initiative_id"] == case.id
    assert barrier["category"] == "silos"
    assert barrier["description"] == "Groen en Verkeer wijzen naar elkaar."
    assert barrier["department"] == {"id": department[0], "name": department[1]}
    assert barrier["stage"] == "intake"  # the stage the case is in
    assert barrier["raised_on"] == _day(2)
    assert barrier["status"] == "open"
    assert barrier["resolved_on"] is None
    assert barrier["help_ids"] == []
    assert barrier["version"] == 1
    assert barrier["created_by"] == "noord"


def test_list_the_barriers_latest_first(case, api_as):
    older = case.barrier(raised_on=_day(5), stage="mapping")
    newer = case.barrier(category="lack_of_time", department=None)
    body = api_as("secretaris").get(f"{case.url}/barriers").get_json()
    assert body["total"] == 2
    assert [item["id"] for item in body["items"]] == [newer["id"], older["id"]]
    assert body["items"][0]["department"] is None
    assert body["items"][1]["stage"] == "mapping"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "no_such_category"}, "category"),
        ({"category": None}, "category"),
        ({"stage": "closed"}, "stage"),
        ({"stage": "finished"}, "stage"),
        ({"department": 999999}, "department"),
        ({"raised_on": "gisteren"}, "raised_on"),
        ({"raised_on": (local_today() + timedelta(days=1)).isoformat()}, "raised_on"),  # a business rule
        ({"status": "resolved"}, "status"),  # recorded open; the status is changed later
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_invalid_barriers_answer_422_with_the_field(case, changes, field):
    response = case.noord.post(f"{case.url}/barriers", json={"category": "silos", **changes})
    assert field in _errors(response)


def test_a_retired_category_keeps_its_history_but_is_not_chosen_anew(demo_world, case):
    kept = case.barrier(category="silos")
    with demo_world.app_context():
        db.session.scalar(sa.select(BarrierCategory).filter_by(code="silos")).active = False
        db.session.commit()
    assert "category" in _errors(case.noord.post(f"{case.url}/barriers", json={"category": "silos"}))
    other = case.barrier(category="colleagues")
    assert "category" in _errors(case.patch(f"/api/v1/barriers/{other['id']}", {"category": "silos"}))
    response = case.patch(
        f"/api/v1/barriers/{kept['id']}", {"category": "silos", "description": "Nog steeds."}
    )
    assert response.status_code == 200
    assert response.get_json()["category"] == "silos"


def test_change_a_barrier(case, department):
    barrier = case.barrier(department=department[0])
    url = f"/api/v1/barriers/{barrier['id']}"
    response = case.patch(
        url, {"category": "rigid_rules", "department": None, "stage": "relations", "raised_on": _day(3)}
    )
    assert response.status_code == 200, response.get_json()
    assert response.headers["ETag"] == '"2"'
    changed = response.get_json()
    assert (changed["category"], changed["department"], changed["stage"]) == (
        "rigid_rules",
        None,
        "relations",
    )
    assert changed["raised_on"] == _day(3)
    assert changed["version"] == 2

    accepted = case.patch(url, {"status": "accepted", "resolved_on": _day(1)}, version=2).get_json()
    assert (accepted["status"], accepted["resolved_on"], accepted["version"]) == ("accepted", _day(1), 3)
    reopened = case.patch(url, {"status": "open"}, version=3).get_json()
    assert (reopened["status"], reopened["resolved_on"]) == ("open", None)


def test_a_barrier_cannot_be_resolved_before_it_was_raised(case):
    barrier = case.barrier(raised_on=_day(2))
    response = case.patch(f"/api/v1/barriers/{barrier['id']}", {"status": "resolved", "resolved_on": _day(5)})
    assert list(_errors(response)) == ["resolved_on"]


def test_changing_a_barrier_needs_if_match(case):
    barrier = case.barrier()
    url = f"/api/v1/barriers/{barrier['id']}"
    missing = case.noord.patch(url, json={"description": "Zonder versie."})
    assert missing.status_code == 428
    assert missing.mimetype == "application/problem+json"
    assert case.patch(url, {"description": "Eerst."}).status_code == 200
    stale = case.patch(url, {"description": "Daarna."})
    assert stale.status_code == 412
    assert case.noord.get(f"{case.url}/barriers").get_json()["items"][0]["description"] == "Eerst."


# -- helps ------------------------------------------------------------------------------------


def test_the_whole_help_lifecycle(case):
    resolved = case.barrier(raised_on=_day(10))
    partly = case.barrier(category="lack_of_time", raised_on=_day(10))
    requested = case.noord.post(
        f"{case.url}/helps",
        json={
            "category": "backing",
            "provider": "alderman",
            "description": "Rugdekking voor een proef.",
            "requested_on": _day(8),
            "barrier_ids": [resolved["id"], partly["id"]],
        },
    )
    assert requested.status_code == 201, requested.get_json()
    assert requested.headers["ETag"] == '"1"'
    item = requested.get_json()
    assert item["initiative_id"] == case.id
    assert (item["category"], item["provider"], item["status"]) == ("backing", "alderman", "requested")
    assert item["requested_on"] == _day(8)
    assert item["requested_by"] == "noord"
    assert sorted(item["barrier_ids"]) == sorted([resolved["id"], partly["id"]])
    assert item["effects"] == {}
    assert item["department"] is None
    url = f"/api/v1/helps/{item['id']}"

    assert list(_errors(case.patch(url, {"status": "granted"}))) == ["decided_by"]
    granted = case.patch(url, {"status": "granted", "decided_by": "wethouder De Boer", "decided_on": _day(6)})
    assert granted.status_code == 200, granted.get_json()
    assert granted.headers["ETag"] == '"2"'
    item = granted.get_json()
    assert (item["status"], item["decided_on"], item["decided_by"]) == (
        "granted",
        _day(6),
        "wethouder De Boer",
    )

    applied = case.patch(
        url,
        {
            "status": "applied",
            "applied_on": _day(4),
            "effects": {str(resolved["id"]): "resolved", str(partly["id"]): "partly"},
        },
        version=2,
    )
    assert applied.status_code == 200, applied.get_json()
    item = applied.get_json()
    assert (item["status"], item["applied_on"], item["version"]) == ("applied", _day(4), 3)
    assert item["effects"] == {str(resolved["id"]): "resolved", str(partly["id"]): "partly"}

    barriers = {
        barrier["id"]: barrier for barrier in case.noord.get(f"{case.url}/barriers").get_json()["items"]
    }
    assert (barriers[resolved["id"]]["status"], barriers[resolved["id"]]["resolved_on"]) == (
        "resolved",
        _day(4),
    )
    assert (barriers[partly["id"]]["status"], barriers[partly["id"]]["resolved_on"]) == ("open", None)
    assert barriers[resolved["id"]]["help_ids"] == [item["id"]]

    listed = case.noord.get(f"{case.url}/helps").get_json()
    assert [help_["id"] for help_ in listed["items"]] == [item["id"]]
    actions = [entry.get("action") for entry in case.noord.get(f"{case.url}/history").get_json()["items"]]
    assert {"help.requested", "help.granted", "help.applied", "barrier.updated"} <= set(actions)


def test_applying_a_requested_help_is_a_conflict(case):
    item = case.help()
    response = case.patch(f"/api/v1/helps/{item['id']}", {"status": "applied"}, language="en")
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == "A help that is requested cannot become applied."


def test_granting_a_refused_help_is_a_conflict(case):
    item = case.help()
    url = f"/api/v1/helps/{item['id']}"
    refused = case.patch(url, {"status": "refused", "decided_by": "directie"})
    assert refused.get_json()["status"] == "refused"
    response = case.patch(url, {"status": "granted", "decided_by": "directie"}, version=2)
    assert response.status_code == 409
    assert case.noord.get(f"{case.url}/helps").get_json()["items"][0]["status"] == "refused"


def test_the_dates_of_a_move_follow_the_rules(case):
    item = case.help(requested_on=_day(5))
    url = f"/api/v1/helps/{item['id']}"
    early = case.patch(url, {"status": "granted", "decided_by": "directie", "decided_on": _day(6)})
    assert list(_errors(early)) == ["decided_on"]
    assert (
        case.patch(url, {"status": "granted", "decided_by": "directie", "decided_on": _day(3)}).status_code
        == 200
    )
    assert list(_errors(case.patch(url, {"status": "applied", "applied_on": _day(4)}, version=2))) == [
        "applied_on"
    ]
    future = (local_today() + timedelta(days=1)).isoformat()
    assert list(_errors(case.patch(url, {"status": "applied", "applied_on": future}, version=2))) == [
        "applied_on"
    ]


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"effects": {}}, {"effects"}),
        ({"applied_on": _day(0)}, {"applied_on"}),
        ({"decided_by": "directie"}, {"decided_by"}),
        ({"status": "granted", "decided_by": "directie", "effects": {}}, {"effects"}),
        ({"status": "applied", "decided_on": _day(0)}, {"decided_on"}),
    ],
)
def test_the_fields_of_a_move_come_only_with_that_move(case, changes, fields):
    item = case.help()
    assert set(_errors(case.patch(f"/api/v1/helps/{item['id']}", changes))) == fields


def test_effects_only_on_the_barriers_the_help_addressed(case):
    addressed, other = case.barrier(), case.barrier()
    item = case.help(barrier_ids=[addressed["id"]])
    url = f"/api/v1/helps/{item['id']}"
    case.patch(url, {"status": "granted", "decided_by": "directie"})
    assert list(
        _errors(case.patch(url, {"status": "applied", "effects": {str(other["id"]): "resolved"}}, version=2))
    ) == ["effects"]
    assert "effects" in _errors(
        case.patch(url, {"status": "applied", "effects": {"x": "resolved"}}, version=2)
    )
    assert "effects" in _errors(
        case.patch(url, {"status": "applied", "effects": {str(addressed["id"]): "great"}}, version=2)
    )
    applied = case.patch(url, {"status": "applied"}, version=2).get_json()
    assert applied["effects"] == {str(addressed["id"]): "none"}  # left out: no effect


def test_change_the_fields_of_a_help(case, department):
    first, second = case.barrier(), case.barrier()
    item = case.help(barrier_ids=[first["id"]])
    url = f"/api/v1/helps/{item['id']}"
    response = case.patch(
        url,
        {
            "category": "budget",
            "provider": "department",
            "department": department[0],
            "barrier_ids": [second["id"]],
        },
    )
    assert response.status_code == 200, response.get_json()
    changed = response.get_json()
    assert (changed["category"], changed["provider"]) == ("budget", "department")
    assert changed["department"] == {"id": department[0], "name": department[1]}
    assert changed["barrier_ids"] == [second["id"]]
    assert changed["version"] == 2
    assert response.headers["ETag"] == '"2"'
    assert list(_errors(case.patch(url, {"department": None}, version=2))) == ["department"]


def test_fields_and_a_move_in_one_request(case):
    item = case.help()
    response = case.patch(
        f"/api/v1/helps/{item['id']}",
        {"description": "Geld voor materiaal.", "status": "refused", "decided_by": "directie"},
    )
    assert response.status_code == 200, response.get_json()
    assert (response.get_json()["description"], response.get_json()["status"]) == (
        "Geld voor materiaal.",
        "refused",
    )


def test_a_help_addresses_only_existing_barriers_of_its_own_case(case, make_case, api_as):
    own = case.barrier()
    other_case = make_case(title="Buurtkamer")
    foreign = api_as("noord").post(f"/api/v1/initiatives/{other_case}/barriers", json={"category": "silos"})
    foreign_id = foreign.get_json()["id"]
    body = {"category": "backing", "provider": "alderman"}
    for barrier_ids in ([foreign_id], [own["id"], own["id"]], [999999], ["x"]):
        response = case.noord.post(f"{case.url}/helps", json={**body, "barrier_ids": barrier_ids})
        assert list(_errors(response)) == ["barrier_ids"]
    item = case.help(barrier_ids=[own["id"]])
    assert list(_errors(case.patch(f"/api/v1/helps/{item['id']}", {"barrier_ids": [foreign_id]}))) == [
        "barrier_ids"
    ]


def test_a_department_help_needs_its_department(case):
    response = case.noord.post(f"{case.url}/helps", json={"category": "budget", "provider": "department"})
    assert list(_errors(response)) == ["department"]


def test_changing_a_help_needs_if_match(case):
    item = case.help()
    url = f"/api/v1/helps/{item['id']}"
    assert case.noord.patch(url, json={"status": "refused", "decided_by": "directie"}).status_code == 428
    assert case.patch(url, {"description": "Eerst."}).status_code == 200
    assert case.patch(url, {"status": "refused", "decided_by": "directie"}).status_code == 412
    assert case.noord.get(f"{case.url}/helps").get_json()["items"][0]["status"] == "requested"


# -- who may ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"), [("noord", 200), ("zuid", 200), ("secretaris", 200), ("beheer", 403)]
)
def test_barriers_and_helps_are_read_by_managers_and_secretaries(case, api_as, username, status):
    case.barrier()
    case.help()
    client = api_as(username)
    assert client.get(f"{case.url}/barriers").status_code == status
    assert client.get(f"{case.url}/helps").status_code == status


@pytest.mark.parametrize("username", ["zuid", "secretaris", "beheer"])
def test_only_who_may_edit_the_case_changes_its_barriers_and_helps(case, api_as, username):
    barrier, item = case.barrier(), case.help()
    client = api_as(username)
    headers = {"If-Match": '"1"'}
    assert client.post(f"{case.url}/barriers", json={"category": "silos"}).status_code == 403
    assert (
        client.post(f"{case.url}/helps", json={"category": "backing", "provider": "alderman"}).status_code
        == 403
    )
    assert (
        client.patch(
            f"/api/v1/barriers/{barrier['id']}", json={"description": "x"}, headers=headers
        ).status_code
        == 403
    )
    assert (
        client.patch(f"/api/v1/helps/{item['id']}", json={"description": "x"}, headers=headers).status_code
        == 403
    )


def test_the_owner_elsewhere_may_change_the_barriers_of_their_case(api_as, make_case):
    case_id = make_case("zuid", ZUID)
    assert (
        api_as("zuid").post(f"/api/v1/initiatives/{case_id}/barriers", json={"category": "silos"}).status_code
        == 201
    )
    assert (
        api_as("noord")
        .post(f"/api/v1/initiatives/{case_id}/barriers", json={"category": "silos"})
        .status_code
        == 403
    )


def test_unknown_ids_answer_404(case):
    headers = {"If-Match": '"1"'}
    assert case.noord.get("/api/v1/initiatives/999999/barriers").status_code == 404
    assert case.noord.post("/api/v1/initiatives/999999/helps", json={}).status_code == 404
    response = case.noord.patch("/api/v1/barriers/999999", json={"description": "x"}, headers=headers)
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert (
        case.noord.patch("/api/v1/helps/999999", json={"description": "x"}, headers=headers).status_code
        == 404
    )


# -- categories -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["noord", "secretaris", "beheer"])
def test_the_categories_for_every_signed_in_user(demo_world, api_as, username):
    with demo_world.app_context():
        db.session.scalar(sa.select(BarrierCategory).filter_by(code="colleagues")).active = False
        db.session.commit()
    response = api_as(username).get("/api/v1/categories")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"barriers", "helps"}
    barriers = {category["code"]: category for category in body["barriers"]}
    assert barriers["silos"] == {
        "code": "silos",
        "label_nl": "Verkokering, schotten tussen afdelingen",
        "label_en": "Silos between departments",
        "active": True,
    }
    assert barriers["colleagues"]["active"] is False  # retired, kept for the history
    assert body["helps"][0]["code"] == "backing"
    assert api_as().get("/api/v1/categories").status_code == 401


def test_changing_only_the_barriers_of_a_help_makes_a_new_version(case):
    first, second = case.barrier(), case.barrier()
    item = case.help(barrier_ids=[first["id"]])
    url = f"/api/v1/helps/{item['id']}"
    response = case.patch(url, {"barrier_ids": [first["id"], second["id"]]})
    assert response.headers["ETag"] == '"2"'
    assert response.get_json()["barrier_ids"] == [first["id"], second["id"]]
    assert case.patch(url, {"barrier_ids": [first["id"], second["id"]]}, version=2).headers["ETag"] == '"2"'
    assert case.patch(url, {"barrier_ids": [second["id"]]}).status_code == 412
