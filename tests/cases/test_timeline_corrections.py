"""A timeline entry made by mistake is voided, or its note corrected, by its author or the case's
owner, with a reason; both stay in the history. The page and the API do the same."""

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import REDACTED
from initiatives.auth.accounts import create_user
from initiatives.auth.users import find_user
from initiatives.cases import activities, team
from initiatives.cases.models import Activity, ActivityCorrection, Initiative
from initiatives.cases.profile import practice_profile
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.api.conftest import ApiClient, issue_token
from tests.cases.conftest import field_error
from tests.conftest import DEMO_PASSWORD

NOTE = "Jan belde over het veldje."  # the test case's first note
VOID_REASON = "Hoort bij een andere zaak: Jan Jansen belde over de Lijsterstraat."


def _api(app, username):
    return ApiClient(app.test_client(), issue_token(app, username))


@pytest.fixture
def colleague(demo_world, test_case):
    """A manager of Zuid on the test case's team, with an activity of their own on it; its id."""
    with demo_world.app_context():
        user = create_user(
            "teamlid",
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            neighbourhoods=[find_neighbourhood("WK999903")],
            published_demo_password=True,
        )
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        team.set_team(initiative, initiative.owner, [user])
        activity = activities.add_activity(
            initiative,
            user,
            kind="meeting",
            happened_on=local_today(),
            practice=Stage.MAPPING,
            note="Overleg.",
        )
        db.session.commit()
        return activity.id


def _void_url(test_case, activity_id=None):
    return (
        f"/initiatives/{test_case['initiative_id']}/activities/{activity_id or test_case['activity_id']}/void"
    )


def test_voiding_asks_for_a_reason_and_keeps_the_entry_struck_through(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    case_url = f"/initiatives/{test_case['initiative_id']}"
    assert f'href="{_void_url(test_case)}"' in noord.get(case_url).get_data(as_text=True)
    confirmation = noord.get(_void_url(test_case)).get_data(as_text=True)
    assert "Deze regel op de tijdlijn laten vervallen?" in confirmation
    assert NOTE in confirmation  # the entry, to see it is the right one

    refused = noord.submit(_void_url(test_case), {"reason": ""})
    assert refused.status_code == 422
    assert field_error(refused.get_data(as_text=True), "reason") == "Geef een reden."

    response = noord.submit(_void_url(test_case), {"reason": VOID_REASON})
    assert response.status_code == 302
    assert response.location == f"{case_url}#timeline"
    page = noord.get(case_url).get_data(as_text=True)
    assert "timeline__item--voided" in page
    assert '<del class="timeline__struck">' in page
    assert "<strong>Vervallen</strong>" in page
    assert "belde over de Lijsterstraat" in page
    assert "Regel op de tijdlijn vervallen" in page  # the history
    assert f'href="{_void_url(test_case)}"' not in page  # voided once

    # Others than the team no longer see it; the API agrees with the page.
    secretary_page = signed_in("secretaris").get(case_url).get_data(as_text=True)
    assert NOTE not in secretary_page
    assert "Vervallen" not in secretary_page.split('id="history"')[0]
    secretary = _api(demo_world, "secretaris").get(f"/api/v1{case_url}/activities").get_json()
    assert secretary["items"] == []
    team = _api(demo_world, "noord").get(f"/api/v1{case_url}/activities").get_json()["items"]
    assert [(item["voided"], item["voided_by"], item["void_reason"]) for item in team] == [
        (True, "noord", VOID_REASON)
    ]

    with demo_world.app_context():
        activity = db.session.get(Activity, test_case["activity_id"])
        assert activity.note == NOTE  # nothing is deleted
        assert sum(row.count for row in practice_profile(activity.initiative)) == 0  # counts nowhere
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "activity.voided"))
        assert entry.data == {"kind": "call", "reason": REDACTED}
        assert entry.initiative_id == test_case["initiative_id"]


def test_correcting_keeps_the_earlier_note_in_the_history(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    url = f"/initiatives/{test_case['initiative_id']}/activities/{test_case['activity_id']}/correct"
    form = noord.get(url).get_data(as_text=True)
    assert f"{NOTE}</textarea>" in form  # the note to correct, in the form
    unchanged = noord.submit(url, {"note": NOTE, "reason": "Tikfout."})
    assert unchanged.status_code == 422
    assert field_error(unchanged.get_data(as_text=True), "note") == "De notitie is niet gewijzigd."

    corrected = "Jan belde over het veldje achter nummer 12."
    assert noord.submit(url, {"note": corrected, "reason": "Het nummer ontbrak."}).status_code == 302
    page = noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert corrected in page
    assert "<em>gecorrigeerd</em>" in page
    assert "Eerdere versie (1)" in page
    assert f"Eerder: {NOTE}" in page
    assert "Notitie op de tijdlijn gecorrigeerd" in page

    secretary_page = (
        signed_in("secretaris").get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    )
    assert "<em>gecorrigeerd</em>" in secretary_page
    assert "Eerdere versie" not in secretary_page  # earlier texts are for the team

    with demo_world.app_context():
        (correction,) = db.session.scalars(sa.select(ActivityCorrection)).all()
        assert (correction.previous_note, correction.reason, correction.actor.username) == (
            NOTE,
            "Het nummer ontbrak.",
            "noord",
        )
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "activity.corrected"))
        assert entry.data == {"note": REDACTED, "reason": REDACTED}  # that it changed, not what it said
    found = noord.get("/initiatives?q=nummer").get_data(as_text=True)
    assert "Moestuin op het veldje" in found  # the search knows the corrected note


def test_the_api_voids_and_corrects_as_the_page_does(demo_world, test_case):
    base = f"/api/v1/initiatives/{test_case['initiative_id']}/activities/{test_case['activity_id']}"
    noord = _api(demo_world, "noord")
    blank = noord.post(f"{base}/correct", json={"note": "Nieuw.", "reason": ""})
    assert blank.status_code == 422
    assert "reason" in blank.get_json()["errors"]
    corrected = noord.post(f"{base}/correct", json={"note": "Jan belde, twee keer.", "reason": "Vollediger."})
    assert corrected.status_code == 200, corrected.get_json()
    body = corrected.get_json()
    assert (body["note"], body["corrected"]) == ("Jan belde, twee keer.", True)
    assert [(item["previous_note"], item["corrected_by"]) for item in body["corrections"]] == [
        (NOTE, "noord")
    ]
    secretary = (
        _api(demo_world, "secretaris")
        .get(f"/api/v1/initiatives/{test_case['initiative_id']}/activities")
        .get_json()["items"]
    )
    assert [(item["corrected"], item["corrections"]) for item in secretary] == [(True, [])]

    voided = noord.post(f"{base}/void", json={"reason": "Dubbel ingevoerd."})
    assert voided.status_code == 200, voided.get_json()
    assert (voided.get_json()["voided"], voided.get_json()["void_reason"]) == (True, "Dubbel ingevoerd.")
    assert noord.post(f"{base}/void", json={"reason": "Nog eens."}).status_code == 409
    again = noord.post(f"{base}/correct", json={"note": "Later.", "reason": "Toch."})
    assert again.status_code == 409
    other_case = noord.post(
        f"/api/v1/initiatives/999/activities/{test_case['activity_id']}/void", json={"reason": "x"}
    )
    assert other_case.status_code == 404


def test_only_the_author_or_the_owner_amends_an_entry(demo_world, test_case, colleague, signed_in):
    """The team member may void their own entry, not the owner's; the owner may void both."""
    team_member = signed_in("teamlid")
    assert team_member.get(_void_url(test_case)).status_code == 403
    assert (
        _api(demo_world, "teamlid")
        .post(
            f"/api/v1/initiatives/{test_case['initiative_id']}/activities/{test_case['activity_id']}/void",
            json={"reason": "Niet van mij."},
        )
        .status_code
        == 403
    )
    page = team_member.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert f'href="{_void_url(test_case, colleague)}"' in page
    assert f'href="{_void_url(test_case)}"' not in page
    assert team_member.submit(_void_url(test_case, colleague), {"reason": "Dubbel."}).status_code == 302
    assert signed_in("noord").get(_void_url(test_case)).status_code == 200
    # Another manager of the wijk works on the case, but neither wrote the entry nor owns the case.
    with demo_world.app_context():
        create_user(
            "noord2",
            Role.NEIGHBOURHOOD_MANAGER,
            DEMO_PASSWORD,
            neighbourhoods=[find_neighbourhood("WK999902")],
            published_demo_password=True,
        )
        db.session.commit()
    assert signed_in("noord2").get(_void_url(test_case)).status_code == 403
    assert signed_in("zuid").get(_void_url(test_case)).status_code == 403


def test_a_voided_entry_is_left_out_of_the_exports(demo_world, test_case, signed_in):
    with demo_world.app_context():
        activity = db.session.get(Activity, test_case["activity_id"])
        activities.void_activity(activity, find_user("noord"), reason="Dubbel.")
        db.session.commit()
    export = signed_in("noord").get("/initiatives/export.csv").get_data(as_text=True)
    header, row = export.splitlines()[:2]
    columns = dict(zip(header.lstrip("\ufeff").split(";"), row.split(";"), strict=True))
    assert columns["Activiteiten"] == "0"
