"""Working a case through its pages: intake, moves, timeline, contacts, team, conflicts."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import REDACTED
from initiatives.cases.models import Initiative, Initiator, StageChange
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import count, field_error, load
from tests.conftest import csrf_token_from


def _wijk_id(app, code):
    with app.app_context():
        return find_neighbourhood(code).id


@pytest.fixture
def noord(signed_in):
    return signed_in("noord")


def test_phone_call_opens_a_case_in_intake(demo_world, noord):
    wijk = _wijk_id(demo_world, "WK999902")
    response = noord.submit(
        "/initiatives/new",
        {
            "initiator_name": "Fatma Yilmaz",
            "initiator_phone": "06-12345678",
            "title": "Buurtkamer in de oude bibliotheek",
            "description": "Een plek om elkaar te ontmoeten.",
            "neighbourhood": str(wijk),
            "channel": "phone",
            "received_on": local_today().isoformat(),
            "next_step": "Afspraak maken",
            "follow_up_on": (local_today() + timedelta(days=7)).isoformat(),
            "first_note": "Fatma belde namens vijf buren.",
        },
    )
    assert response.status_code == 302
    initiative_id = int(response.location.rsplit("/", 1)[1])
    initiative = load(demo_world, initiative_id)
    assert initiative.stage == Stage.INTAKE
    assert initiative.owner.username == "noord"
    assert [change.to_stage for change in initiative.stage_changes] == [Stage.INTAKE]
    assert [activity.note for activity in initiative.activities] == ["Fatma belde namens vijf buren."]
    assert [(person.name, person.phone) for person in initiative.initiators] == [
        ("Fatma Yilmaz", "06-12345678")
    ]
    page = noord.get(response.location).get_data(as_text=True)
    assert "Buurtkamer in de oude bibliotheek" in page
    assert "Fatma Yilmaz" in page


def test_intake_errors_are_dutch_and_nothing_is_saved(demo_world, noord):
    response = noord.submit(
        "/initiatives/new",
        {
            "title": "",
            "neighbourhood": "",
            "channel": "phone",
            "received_on": "morgen",
            "initiator_email": "x",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, "title") == "Vul een korte titel in."
    assert field_error(page, "received_on") == "Vul een geldige datum in, bijvoorbeeld 23-11-2026."
    assert field_error(page, "initiator_name") == "Vul de naam van de contactpersoon in."
    assert count(demo_world, Initiative) == 0


def test_a_follow_up_before_the_first_contact_is_refused(demo_world, noord):
    response = noord.submit(
        "/initiatives/new",
        {
            "title": "Bankje",
            "neighbourhood": str(_wijk_id(demo_world, "WK999902")),
            "channel": "walk_in",
            "received_on": local_today().isoformat(),
            "follow_up_on": (local_today() - timedelta(days=3)).isoformat(),
        },
    )
    assert field_error(response.get_data(as_text=True), "follow_up_on") is not None
    assert count(demo_world, Initiative) == 0


def test_a_manager_opens_cases_only_in_own_wijken(demo_world, signed_in):
    zuid = signed_in("zuid")
    response = zuid.submit(
        "/initiatives/new",
        {
            "title": "Speeltuin",
            "neighbourhood": str(_wijk_id(demo_world, "WK999902")),
            "channel": "phone",
            "received_on": local_today().isoformat(),
        },
    )
    assert field_error(response.get_data(as_text=True), "neighbourhood") is not None
    assert count(demo_world, Initiative) == 0


def _move(client, initiative_id, to, version, **extra):
    return client.submit(
        f"/initiatives/{initiative_id}/move",
        {"to": to, "version": str(version), **extra},
        form_url=f"/initiatives/{initiative_id}",
    )


def test_browsing_a_case_through_all_stages_to_closed_and_reopening(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    version = 1
    for stage in ["mapping", "relations", "support", "embedding", "practical_support"]:
        assert _move(noord, case_id, stage, version).status_code == 302
        version += 1
    response = _move(noord, case_id, "closed", version, result="realised")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "lessons") is not None
    response = _move(noord, case_id, "closed", version, result="realised", lessons="Samen met Groen regelen.")
    assert response.status_code == 302
    version += 1
    closed = load(demo_world, case_id)
    assert closed.stage == Stage.CLOSED
    assert closed.result == "realised"
    assert closed.closed_on == local_today()
    assert _move(noord, case_id, "support", version).status_code == 422  # reopening needs a reason
    assert _move(noord, case_id, "support", version, reason="Tweede fase van de tuin").status_code == 302
    reopened = load(demo_world, case_id)
    assert reopened.stage == Stage.SUPPORT
    assert reopened.result is None
    assert reopened.lessons == "Samen met Groen regelen."
    stages = [(change.from_stage, change.to_stage) for change in reopened.stage_changes]
    assert stages[0] == (None, Stage.INTAKE)
    assert stages[-2:] == [(Stage.PRACTICAL_SUPPORT, Stage.CLOSED), (Stage.CLOSED, Stage.SUPPORT)]
    assert "Tweede fase van de tuin" in noord.get(f"/initiatives/{case_id}").get_data(as_text=True)


def test_a_skip_without_reason_is_explained_and_changes_nothing(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    response = _move(noord, case_id, "embedding", 1)
    assert response.status_code == 422
    assert (
        field_error(response.get_data(as_text=True), "reason")
        == "Geef een reden op als u teruggaat of een fase overslaat."
    )
    assert load(demo_world, case_id).stage == Stage.INTAKE
    assert count(demo_world, StageChange) == 1
    assert _move(noord, case_id, "embedding", 1, reason="Plan ligt er al").status_code == 302


def test_activity_on_the_timeline_shows_in_the_practice_profile(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    response = noord.submit(
        f"/initiatives/{case_id}/activities",
        {
            "kind": "meeting",
            "happened_on": local_today().isoformat(),
            "practice": "relations",
            "note": "Koffie met de buren",
        },
        form_url=f"/initiatives/{case_id}",
    )
    assert response.status_code == 302
    page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "Koffie met de buren" in page
    assert load(demo_world, case_id).version == 1  # an activity is not an edit of the case


def test_contact_details_are_shown_only_to_those_who_work_on_the_case(demo_world, test_case, signed_in):
    url = f"/initiatives/{test_case['initiative_id']}"
    assert "jan@example.org" in signed_in("noord").get(url).get_data(as_text=True)
    for username in ("zuid", "secretaris"):
        page = signed_in(username).get(url).get_data(as_text=True)
        assert "Moestuin op het veldje" in page  # colleagues learn from the content
        assert "jan@example.org" not in page
        assert "0612345678" not in page
        assert "Jan Jansen" not in page


def test_team_member_from_another_wijk_may_edit(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    zuid = signed_in("zuid")
    assert zuid.get(f"/initiatives/{case_id}/edit").status_code == 403
    with demo_world.app_context():
        zuid_id = db.session.scalar(sa.text("SELECT id FROM users WHERE username = 'zuid'"))
    assert (
        noord.submit(
            f"/initiatives/{case_id}/team", {"members": [str(zuid_id)]}, form_url=f"/initiatives/{case_id}"
        ).status_code
        == 302
    )
    assert zuid.get(f"/initiatives/{case_id}/edit").status_code == 200
    assert "jan@example.org" in zuid.get(f"/initiatives/{case_id}").get_data(as_text=True)


def _edit_data(app, case_id, **changes):
    data = {
        "title": "Moestuin op het veldje aan de Merelstraat",
        "description": "Zes buren willen samen groente kweken.",
        "neighbourhood": str(_wijk_id(app, "WK999902")),
        "address": "",
        "channel": "phone",
        "received_on": local_today().isoformat(),
        "in_council_report": "y",  # a browser sends the ticked box back
        "version": "1",
    }
    data.update(changes)
    return data


def test_a_stale_edit_shows_both_versions_and_overwrites_nothing(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    first, second = signed_in("noord"), signed_in("noord")
    url = f"/initiatives/{case_id}/edit"
    assert first.submit(url, _edit_data(demo_world, case_id, title="Pluktuin Merelstraat")).status_code == 302
    response = second.submit(url, _edit_data(demo_world, case_id, title="Groentetuin Merelstraat"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Pluktuin Merelstraat" in page  # the colleague's version
    assert 'value="Groentetuin Merelstraat"' in page  # the user's own input, kept in the form
    assert 'name="version" type="hidden" value="2"' in page
    assert load(demo_world, case_id).title == "Pluktuin Merelstraat"
    # Saving again after seeing the conflict is a deliberate choice, and works.
    assert (
        second.submit(
            url, _edit_data(demo_world, case_id, title="Groentetuin Merelstraat", version="2")
        ).status_code
        == 302
    )
    assert load(demo_world, case_id).title == "Groentetuin Merelstraat"


def test_a_theme_retired_while_the_form_was_open_is_named_as_such(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    data = {**_edit_data(demo_world, case_id), "themes": ["999999"]}
    response = noord.submit(f"/initiatives/{case_id}/edit", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Een van uw keuzes wordt niet meer aangeboden" in page
    assert "999999" not in page


def test_edits_are_audited_with_old_and_new_values_except_free_text(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    follow_up = (local_today() + timedelta(days=3)).isoformat()
    noord.submit(
        f"/initiatives/{case_id}/edit",
        _edit_data(demo_world, case_id, next_step="Bellen met Groen", follow_up_on=follow_up),
    )
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "initiative.updated"))
        # Free text may name residents, and the log cannot be purged: only that it changed.
        assert entry.data == {"next_step": REDACTED, "follow_up_on": [None, follow_up]}
        assert entry.initiative_id == case_id
        assert entry.origin == "127.0.0.1"
    history = noord.get(f"/initiatives/{case_id}").get_data(as_text=True).split('id="history"')[1]
    assert "Zaak bewerkt: volgende stap, opvolgen op" in history
    assert "Bellen met Groen" not in history


def test_contact_person_changes_do_not_put_personal_data_in_the_audit_log(demo_world, test_case, noord):
    case_id = test_case["initiative_id"]
    noord.submit(
        f"/initiatives/{case_id}/initiators",
        {"name": "Priya Ramdin", "email": "priya@example.org", "phone": "0687654321"},
        form_url=f"/initiatives/{case_id}",
    )
    assert count(demo_world, Initiator) == 2
    with demo_world.app_context():
        logged = " ".join(
            str(entry.data) + entry.summary for entry in db.session.scalars(sa.select(AuditEntry))
        )
    assert "Priya" not in logged
    assert "priya@example.org" not in logged


def _submit_from(client, url, page, **fields):
    """Post `fields` with the CSRF token and the version of the form in `page` (as it was shown)."""
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)[1]
    return client.client.post(url, data={"csrf_token": csrf_token_from(page), "version": version, **fields})


def test_saving_a_contact_person_over_a_colleagues_save_is_refused_with_both_versions(
    demo_world, test_case, signed_in
):
    url = f"/initiatives/{test_case['initiative_id']}/initiators/{test_case['initiator_id']}"
    mine, colleague = signed_in("noord"), signed_in("noord")
    form = mine.get(url).get_data(as_text=True)  # version 1
    saved = colleague.submit(url, {"name": "Jan Jansen", "phone": "0611111111", "email": "jan@example.org"})
    assert saved.status_code == 302
    page = _submit_from(
        mine, url, form, name="Jan Jansen-de Boer", email="jan@example.org", phone="0612345678"
    )
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert "Iemand anders heeft deze contactpersoon opgeslagen terwijl u hem bewerkte" in html
    assert "0611111111" in html  # the colleague's phone number, next to
    assert 'value="Jan Jansen-de Boer"' in html  # what the user typed, still in the form
    with demo_world.app_context():
        initiator = db.session.get(Initiator, test_case["initiator_id"])
        assert (initiator.name, initiator.phone) == ("Jan Jansen", "0611111111")
    again = _submit_from(
        mine, url, html, name="Jan Jansen-de Boer", email="jan@example.org", phone="0612345678"
    )
    assert again.status_code == 302  # saving again, having seen both, is a choice
    with demo_world.app_context():
        assert db.session.get(Initiator, test_case["initiator_id"]).name == "Jan Jansen-de Boer"


def test_my_work_lists_overdue_first_then_quiet_cases(demo_world, noord):
    from initiatives.auth.users import find_user
    from initiatives.core.db import utcnow
    from tests.conftest import open_test_case

    today = local_today()
    with demo_world.app_context():
        overdue = open_test_case(
            title="Te laat: AED in de straat",
            received_on=today - timedelta(days=60),
            follow_up_on=today - timedelta(days=5),
        )
        quiet = open_test_case(title="Stil: jeu-de-boulesbaan", received_on=today - timedelta(days=90))
        quiet.last_activity_at = utcnow() - timedelta(days=45)
        recent = open_test_case(title="Vers: buurtbarbecue")
        other = open_test_case(username="zuid", wijk="WK999903", title="Niet van mij: speeltuin")
        assert find_user("noord").id not in {other.owner_id}
        db.session.commit()
        del overdue, recent
    page = noord.get("/").get_data(as_text=True)
    assert (
        page.index("Te laat: AED in de straat")
        < page.index("Stil: jeu-de-boulesbaan")
        < page.index("Vers: buurtbarbecue")
    )
    assert "Niet van mij" not in page
