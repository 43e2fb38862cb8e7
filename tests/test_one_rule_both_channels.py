"""One rule, two channels: what the pages refuse, the API refuses with the same meaning, and a
filter selects the same cases on the page and in the API. Each rule is written once, in the
operations (writes) or the queries (reads); these tests drive both the form post and the API.
"""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood
from tests.api.conftest import BINNENSTAD, NOORD, ZUID, ApiClient, issue_token
from tests.cases.conftest import count, field_error
from tests.conftest import open_test_case


@pytest.fixture
def api_as(demo_world):
    """Return a function giving an API client with a fresh token of a demo account."""
    return lambda username: ApiClient(demo_world.test_client(), issue_token(demo_world, username))


def _id(app, model, **filters):
    with app.app_context():
        return db.session.scalar(sa.select(model.id).filter_by(**filters))


def _retire(app, model, **filters):
    with app.app_context():
        db.session.scalar(sa.select(model).filter_by(**filters)).active = False
        db.session.commit()


# -- opening a case outside your own wijken ---------------------------------------------------


def test_a_case_outside_your_own_wijken_is_refused_at_the_neighbourhood(demo_world, signed_in, api_as):
    page = signed_in("zuid").submit(
        "/initiatives/new",
        {
            "title": "Speeltuin",
            "neighbourhood": str(_id(demo_world, Neighbourhood, code=NOORD)),
            "channel": "phone",
            "received_on": local_today().isoformat(),
        },
    )
    api = api_as("zuid").post(
        "/api/v1/initiatives",
        json={
            "title": "Speeltuin",
            "description": "",
            "neighbourhood": NOORD,
            "channel": "phone",
            "received_on": local_today().isoformat(),
        },
        language="nl",
    )
    message = "U kunt alleen zaken openen in uw eigen wijken."
    assert field_error(page.get_data(as_text=True), "neighbourhood") == message
    # The same refusal, said the API's way: a denial (403), at the field the page marks.
    assert api.status_code == 403
    assert api.get_json()["errors"] == {"neighbourhood": [message]}
    assert count(demo_world, Initiative) == 0


# -- a retired barrier category, an inactive department ---------------------------------------


def _barrier_form(app, category, department=0):
    return {
        "barrier-category": str(_id(app, BarrierCategory, code=category)),
        "barrier-description": "De APV verbiedt het.",
        "barrier-department": str(department),
        "barrier-stage": "intake",
        "barrier-raised_on": local_today().isoformat(),
    }


def _case_url(test_case):
    return f"/initiatives/{test_case['initiative_id']}"


def test_a_retired_barrier_category_is_not_chosen_anew(demo_world, test_case, signed_in, api_as):
    _retire(demo_world, BarrierCategory, code="rigid_rules")
    case_url = _case_url(test_case)
    page = signed_in("noord").submit(
        f"{case_url}/barriers", _barrier_form(demo_world, "rigid_rules"), form_url=case_url
    )
    api = api_as("noord").post(f"/api/v1{case_url}/barriers", json={"category": "rigid_rules"})
    assert page.status_code == 422
    assert field_error(page.get_data(as_text=True), "barrier-category")
    assert api.status_code == 422
    assert list(api.get_json()["errors"]) == ["category"]
    assert count(demo_world, Barrier) == 1  # the test case's own


def test_an_inactive_department_is_not_chosen_anew(demo_world, test_case, signed_in, api_as):
    department = _id(demo_world, Department, name=_first_department_name(demo_world))
    _retire(demo_world, Department, id=department)
    case_url = _case_url(test_case)
    page = signed_in("noord").submit(
        f"{case_url}/barriers", _barrier_form(demo_world, "silos", department), form_url=case_url
    )
    api = api_as("noord").post(
        f"/api/v1{case_url}/barriers", json={"category": "silos", "department": department}
    )
    assert page.status_code == 422
    assert field_error(page.get_data(as_text=True), "barrier-department")
    assert api.status_code == 422
    assert list(api.get_json()["errors"]) == ["department"]
    assert count(demo_world, Barrier) == 1


def _first_department_name(app):
    with app.app_context():
        return db.session.scalar(sa.select(Department.name).order_by(Department.name).limit(1))


def test_a_retired_help_category_is_not_chosen_anew(demo_world, test_case, signed_in, api_as):
    _retire(demo_world, HelpCategory, code="budget")
    case_url = _case_url(test_case)
    page = signed_in("noord").submit(
        f"{case_url}/helps",
        {
            "help-category": str(_id(demo_world, HelpCategory, code="budget")),
            "help-provider": "management",
            "help-requested_on": local_today().isoformat(),
        },
        form_url=case_url,
    )
    api = api_as("noord").post(
        f"/api/v1{case_url}/helps", json={"category": "budget", "provider": "management"}
    )
    assert page.status_code == 422
    assert field_error(page.get_data(as_text=True), "help-category")
    assert api.status_code == 422
    assert list(api.get_json()["errors"]) == ["category"]
    assert count(demo_world, Help) == 1


def test_a_barrier_keeps_its_category_retired_since(demo_world, test_case, signed_in, api_as):
    """What a record has already is no new choice: saving it unchanged works on both channels."""
    _retire(demo_world, BarrierCategory, code="silos")  # the test case's barrier has it
    case_url = _case_url(test_case)
    barrier_url = f"{case_url}/barriers/{test_case['barrier_id']}"
    page = signed_in("noord").submit(
        barrier_url, {**_unprefixed(_barrier_form(demo_world, "silos")), "version": "1"}
    )
    assert page.status_code == 302
    api = api_as("noord").patch(
        f"/api/v1/barriers/{test_case['barrier_id']}",
        json={"category": "silos", "description": "Nog steeds."},
        headers={"If-Match": '"2"'},
    )
    assert api.status_code == 200


def _unprefixed(form):
    return {name.removeprefix("barrier-"): value for name, value in form.items()}


# -- a stale save -----------------------------------------------------------------------------


def _case_edit(app, title, version):
    return {
        "title": title,
        "description": "Zes buren willen samen groente kweken.",
        "neighbourhood": str(_id(app, Neighbourhood, code=NOORD)),
        "channel": "phone",
        "received_on": local_today().isoformat(),
        "in_council_report": "y",
        "version": str(version),
    }


def _title(app, initiative_id):
    with app.app_context():
        return db.session.get(Initiative, initiative_id).title


def test_a_stale_case_save_is_refused_on_both_channels(demo_world, test_case, signed_in, api_as):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    url = f"/initiatives/{case_id}/edit"
    assert noord.submit(url, _case_edit(demo_world, "Pluktuin", 1)).status_code == 302  # now version 2
    page = noord.submit(url, _case_edit(demo_world, "Groentetuin", 1))
    api = api_as("noord").patch(
        f"/api/v1/initiatives/{case_id}", json={"title": "Groentetuin"}, headers={"If-Match": '"1"'}
    )
    assert page.status_code == 409  # the page shows both versions
    assert api.status_code == 412  # the client's precondition (If-Match) failed
    assert _title(demo_world, case_id) == "Pluktuin"


def test_a_stale_move_is_refused_on_both_channels(demo_world, test_case, signed_in, api_as):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    assert (
        noord.submit(f"/initiatives/{case_id}/edit", _case_edit(demo_world, "Pluktuin", 1)).status_code == 302
    )
    case_url = f"/initiatives/{case_id}"
    page = noord.submit(f"{case_url}/move", {"to": "mapping", "version": "1"}, form_url=case_url)
    api = api_as("noord").post(
        f"/api/v1{case_url}/transitions", json={"to": "mapping"}, headers={"If-Match": '"1"'}
    )
    assert page.status_code == 422
    assert "intussen gewijzigd" in page.get_data(as_text=True)
    assert api.status_code == 412
    with demo_world.app_context():
        assert db.session.get(Initiative, case_id).stage == "intake"


def test_a_stale_barrier_save_is_refused_on_both_channels(demo_world, test_case, signed_in, api_as):
    barrier_id = test_case["barrier_id"]
    url = f"{_case_url(test_case)}/barriers/{barrier_id}"
    noord = signed_in("noord")
    data = {**_unprefixed(_barrier_form(demo_world, "silos")), "description": "Eerste", "version": "1"}
    assert noord.submit(url, data).status_code == 302  # now version 2
    page = noord.submit(url, {**data, "description": "Tweede"})
    api = api_as("noord").patch(
        f"/api/v1/barriers/{barrier_id}", json={"description": "Derde"}, headers={"If-Match": '"1"'}
    )
    assert page.status_code == 409
    assert api.status_code == 412
    with demo_world.app_context():
        assert db.session.get(Barrier, barrier_id).description == "Eerste"


# -- the case list's filters ------------------------------------------------------------------


@pytest.fixture
def listed_cases(demo_world):
    """Four cases: overdue in Noord, in a buurt of Noord, in Binnenstad and in Zuid."""
    yesterday, last_week = local_today() - timedelta(days=1), local_today() - timedelta(days=7)
    with demo_world.app_context():
        cases = {
            "late": open_test_case(
                "noord", NOORD, title="Noord, te laat", received_on=last_week, follow_up_on=yesterday
            ),
            "buurt": open_test_case("noord", "BU99990202", title="Noord, in een buurt"),
            "binnenstad": open_test_case("noord", BINNENSTAD, title="Binnenstad"),
            "zuid": open_test_case("zuid", ZUID, title="Zuid"),
        }
        db.session.commit()
        return {name: initiative.id for name, initiative in cases.items()}


def _on_the_page(client, query):
    response = client.get(f"/initiatives?{query}")
    assert response.status_code == 200
    return {
        int(case_id) for case_id in re.findall(r'href="/initiatives/(\d+)"', response.get_data(as_text=True))
    }


def _in_the_api(client, query):
    response = client.get(f"/api/v1/initiatives?{query}&per_page=100")
    assert response.status_code == 200, response.get_json()
    return {item["id"] for item in response.get_json()["items"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"neighbourhood={NOORD}", {"late", "buurt"}),
        (f"neighbourhood={NOORD},{ZUID}", {"late", "buurt", "zuid"}),
        (f"neighbourhood={NOORD.lower()}", {"late", "buurt"}),
        ("neighbourhood=WK000000", set()),
        ("overdue=true", {"late"}),
        # false: only the cases that are not overdue; nothing (the unticked box): every case.
        ("overdue=false", {"buurt", "binnenstad", "zuid"}),
        ("", {"late", "buurt", "binnenstad", "zuid"}),
        (f"neighbourhood={BINNENSTAD},{ZUID}&overdue=true", set()),
        ("q=te%20laat", {"late"}),
        # A letter FTS5 folds by itself next to another word: searched, not a database error.
        ("q=0%2F%C3%80", set()),
    ],
)
def test_the_case_list_filters_select_the_same_cases(
    demo_world, listed_cases, signed_in, api_as, query, expected
):
    page = _on_the_page(signed_in("secretaris"), query)
    api = _in_the_api(api_as("secretaris"), query)
    assert api == {listed_cases[name] for name in expected}
    assert page == api
