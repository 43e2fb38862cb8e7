"""The dates of a case's work lie from 1990 up to two years ahead: the pages, the API and the
operations refuse the same dates with the same message."""

from datetime import date, timedelta

import pytest

from initiatives.auth.users import find_user
from initiatives.cases import operations as cases
from initiatives.core.dates import latest_work_day, local_today, work_date_problem
from initiatives.organisation.operations import find_neighbourhood
from tests.api.conftest import ApiClient, issue_token
from tests.cases.conftest import field_error

BEFORE_1990 = "Een datum vóór 1990 kan hier niet: controleer het jaar."
TOO_FAR_AHEAD = "Een datum meer dan twee jaar vooruit kan hier niet: controleer het jaar."


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (date(2026, 5, 4), date(2028, 5, 4)),
        (date(2028, 2, 29), date(2030, 2, 28)),  # no 29 February two years on
    ],
)
def test_the_latest_day_is_two_years_after_today(today, latest):
    assert latest_work_day(today) == latest


def test_the_first_and_last_day_are_allowed(app):
    with app.test_request_context():
        assert work_date_problem(date(1990, 1, 1)) is None
        assert work_date_problem(latest_work_day()) is None
        assert work_date_problem(date(1989, 12, 31)) is not None
        assert work_date_problem(latest_work_day() + timedelta(days=1)) is not None


@pytest.fixture
def noord(signed_in):
    return signed_in("noord")


@pytest.fixture
def api(demo_world):
    return ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))


def _far_ahead():
    return (local_today() + timedelta(days=3 * 366)).isoformat()


@pytest.mark.parametrize(("day", "message"), [("1926-11-23", BEFORE_1990), ("far ahead", TOO_FAR_AHEAD)])
def test_the_date_of_first_contact_on_the_page_and_in_the_api(demo_world, noord, api, day, message):
    day = _far_ahead() if day == "far ahead" else day
    with demo_world.app_context():
        wijk = find_neighbourhood("WK999902")
        wijk_id, wijk_code = wijk.id, wijk.code
    page = noord.submit(
        "/initiatives/new",
        {"title": "Bankje", "neighbourhood": str(wijk_id), "channel": "phone", "received_on": day},
    )
    assert page.status_code == 200
    assert field_error(page.get_data(as_text=True), "received_on") == message
    answer = api.post(
        "/api/v1/initiatives",
        json={
            "title": "Bankje",
            "description": "",
            "neighbourhood": wijk_code,
            "channel": "phone",
            "received_on": day,
        },
    )
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"received_on": [message]}


def test_the_operations_refuse_the_same_dates(demo_world):
    """A caller that is neither a page nor the API (the mail import, the demo data) gets the rule too."""
    with demo_world.test_request_context():
        with pytest.raises(cases.CaseError) as refused:
            cases.open_case(
                find_user("noord"),
                title="Bankje",
                description="",
                neighbourhood=find_neighbourhood("WK999902"),
                channel="phone",
                received_on=date(1926, 11, 23),
            )
        assert (str(refused.value), refused.value.field) == (BEFORE_1990, "received_on")


def test_an_edit_and_a_follow_up_too_far_ahead(demo_world, test_case, noord, api):
    case_id = test_case["initiative_id"]
    edited = api.patch(
        f"/api/v1/initiatives/{case_id}", json={"follow_up_on": _far_ahead()}, headers={"If-Match": '"1"'}
    )
    assert edited.status_code == 422
    assert edited.get_json()["errors"] == {"follow_up_on": [TOO_FAR_AHEAD]}
    changed = api.patch(
        f"/api/v1/initiatives/{case_id}", json={"received_on": "1926-01-01"}, headers={"If-Match": '"1"'}
    )
    assert changed.get_json()["errors"] == {"received_on": [BEFORE_1990]}


def test_the_date_of_an_activity(demo_world, test_case, noord, api):
    case_id = test_case["initiative_id"]
    page = noord.submit(
        f"/initiatives/{case_id}/activities",
        {"kind": "call", "happened_on": "1926-11-23", "practice": "intake"},
        form_url=f"/initiatives/{case_id}",
    )
    assert page.status_code == 422
    assert field_error(page.get_data(as_text=True), "happened_on") == BEFORE_1990
    answer = api.post(
        f"/api/v1/initiatives/{case_id}/activities",
        json={"kind": "call", "happened_on": "1926-11-23", "practice": "intake"},
    )
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"happened_on": [BEFORE_1990]}


def test_the_date_a_barrier_was_raised(demo_world, test_case, noord, api):
    case_id = test_case["initiative_id"]
    page = noord.submit(
        f"/initiatives/{case_id}/barriers",
        {
            "barrier-category": "1",
            "barrier-department": "0",
            "barrier-stage": "intake",
            "barrier-raised_on": "1926-11-23",
        },
        form_url=f"/initiatives/{case_id}",
    )
    assert page.status_code == 422
    assert field_error(page.get_data(as_text=True), "barrier-raised_on") == BEFORE_1990
    answer = api.post(
        f"/api/v1/initiatives/{case_id}/barriers", json={"category": "silos", "raised_on": "1926-11-23"}
    )
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"raised_on": [BEFORE_1990]}


def test_the_dates_of_a_help(demo_world, test_case, api):
    answer = api.patch(
        f"/api/v1/helps/{test_case['help_id']}",
        json={"status": "granted", "decided_by": "wethouder", "decided_on": _far_ahead()},
        headers={"If-Match": '"1"'},
    )
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {"decided_on": [TOO_FAR_AHEAD]}
