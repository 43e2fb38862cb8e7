"""Handing a case over: no colleague preselected, a confirmation that names the colleague, and a
history that names people, not usernames."""

import re

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import User
from initiatives.extensions import db
from tests.cases.conftest import field_error, load


@pytest.fixture
def noord(signed_in):
    return signed_in("noord")


def _user_id(app, username):
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username))


def _hand_over(client, case_id, **data):
    return client.submit(f"/initiatives/{case_id}/owner", data, form_url=f"/initiatives/{case_id}")


def _owner_select(page):
    return re.search(r'<select[^>]*id="handover-owner".*?</select>', page, re.S).group(0)


def test_no_colleague_is_preselected(test_case, noord):
    select = _owner_select(noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True))
    assert re.search(r'<option selected value="">Kies een collega…</option>', select)
    assert select.count("selected") == 1


def test_handing_over_without_choosing_is_refused(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    response = _hand_over(noord, case_id, **{"handover-owner": "", "handover-version": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_error(page, "handover-owner") == "Kies de collega die de zaak overneemt."
    assert load(demo_world, case_id).owner.username == "noord"


def test_the_hand_over_asks_for_confirmation_naming_the_colleague(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    zuid = str(_user_id(demo_world, "zuid"))
    asked = _hand_over(
        noord,
        case_id,
        **{"handover-owner": zuid, "handover-note": "Ik ga met verlof", "handover-version": "1"},
    )
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert '<h1 class="utrecht-heading-1">De zaak overdragen aan Sem Jansen?</h1>' in page
    assert "Ja, overdragen aan Sem Jansen" in page
    assert "Noor de Vries, tot nu toe de eigenaar, blijft in het team." in page
    assert load(demo_world, case_id).owner.username == "noord"  # nothing changed yet

    confirmed = _hand_over(
        noord,
        case_id,
        **{
            "handover-owner": zuid,
            "handover-note": "Ik ga met verlof",
            "handover-version": "1",
            "handover-confirmed": "yes",
        },
    )
    assert confirmed.status_code == 302
    assert confirmed.location == f"/initiatives/{case_id}#team-confirmation"
    initiative = load(demo_world, case_id)
    assert initiative.owner.username == "zuid"
    assert [member.username for member in initiative.team] == ["noord"]
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "initiative.handed_over"))
        assert entry.data["owner"] == ["noord", "zuid"]  # the log keeps usernames
        assert entry.actor.username == "noord"


def test_a_confirmation_after_a_colleagues_change_is_refused(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    response = _hand_over(
        noord,
        case_id,
        **{
            "handover-owner": str(_user_id(demo_world, "zuid")),
            "handover-version": "0",
            "handover-confirmed": "yes",
        },
    )
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "handover-owner").startswith("Iemand anders heeft")
    assert load(demo_world, case_id).owner.username == "noord"


def test_the_history_names_people_not_usernames(demo_world, test_case, noord, signed_in):
    case_id = test_case["initiative_id"]
    zuid = str(_user_id(demo_world, "zuid"))
    noord.submit(f"/initiatives/{case_id}/team", {"members": zuid}, form_url=f"/initiatives/{case_id}")
    _hand_over(
        noord, case_id, **{"handover-owner": zuid, "handover-version": "1", "handover-confirmed": "yes"}
    )
    page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    history = page[page.index('id="history"') :]
    assert "Team gewijzigd: Sem Jansen toegevoegd" in history
    assert "Zaak overgedragen: Noor de Vries → Sem Jansen" in history
    assert "noord →" not in history
