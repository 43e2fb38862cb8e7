"""The team's side of the status page: an entry shown or hidden afterwards, the initiators' own
words never corrected, a message reaching the team while the owner is away, and the link ended
when a contact person's data is erased."""

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.accounts import deactivate_user
from initiatives.auth.users import find_user
from initiatives.cases.models import Activity, ActivityKind
from initiatives.extensions import db
from initiatives.notifications.events import Event
from initiatives.notifications.models import Notification
from initiatives.status_page.models import StatusLink
from tests.conftest import Browser, csrf_token_from
from tests.status_page.conftest import make_link


def _activity_id(app, case_id, kind):
    with app.app_context():
        return db.session.scalar(
            sa.select(Activity.id).where(Activity.initiative_id == case_id, Activity.kind == kind)
        )


def _visibility(browser, case_id, activity_id, visible):
    return browser.submit(
        f"/initiatives/{case_id}/activities/{activity_id}/visibility",
        {"visible": visible},
        form_url=f"/initiatives/{case_id}",
    )


def test_an_entry_is_shown_to_the_initiators_afterwards_and_hidden_again(demo_world, secret_case, signed_in):
    path = make_link(demo_world, secret_case)
    initiators = Browser(demo_world.test_client())
    consultation = "Internal consultation"
    assert consultation not in initiators.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    entry = _activity_id(demo_world, secret_case, ActivityKind.INTERNAL)
    noord = signed_in("noord")
    shown = _visibility(noord, secret_case, entry, "yes")
    assert shown.status_code == 302
    assert shown.location.endswith("#timeline-confirmation")
    page = initiators.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert consultation in page
    assert "-internal" not in page  # its date and kind, never the note
    assert "Verbergen voor initiatiefnemers" in noord.get(f"/initiatives/{secret_case}").get_data(
        as_text=True
    )
    _visibility(noord, secret_case, entry, "no")
    assert consultation not in initiators.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
    with demo_world.app_context():
        logged = db.session.scalars(
            sa.select(AuditEntry.data)
            .where(AuditEntry.action == "activity.visibility_changed")
            .order_by(AuditEntry.id)
        ).all()
    assert logged == [{"visible_to_initiators": [False, True]}, {"visible_to_initiators": [True, False]}]


def test_the_api_shows_an_entry_to_the_initiators_and_refuses_a_voided_one(demo_world, secret_case, api_as):
    api = api_as("noord")
    entry = _activity_id(demo_world, secret_case, ActivityKind.INTERNAL)
    url = f"/api/v1/initiatives/{secret_case}/activities/{entry}/visibility"
    answer = api.post(url, json={"visible_to_initiators": True})
    assert answer.status_code == 200
    assert answer.get_json()["visible_to_initiators"] is True
    assert api.post(url, json={}).status_code == 422
    voided = _activity_id(demo_world, secret_case, ActivityKind.SITE_VISIT)
    refused = api.post(
        f"/api/v1/initiatives/{secret_case}/activities/{voided}/visibility",
        json={"visible_to_initiators": False},
    )
    assert refused.status_code == 409
    # Only its author or the case's owner, as for correcting and voiding.
    outsider = api_as("zuid")
    assert outsider.post(url, json={"visible_to_initiators": False}).status_code == 403


def test_the_initiators_message_is_never_corrected_but_can_be_voided(
    demo_world, secret_case, signed_in, api_as
):
    path = make_link(demo_world, secret_case)
    Browser(demo_world.test_client()).submit(path, {"message": "Wij willen graag een bankje."})
    message = _activity_id(demo_world, secret_case, ActivityKind.INITIATOR_MESSAGE)
    noord = signed_in("noord")
    case_page = noord.get(f"/initiatives/{secret_case}").get_data(as_text=True)
    assert f"/activities/{message}/void" in case_page
    assert f"/activities/{message}/correct" not in case_page
    refused_page = noord.get(f"/initiatives/{secret_case}/activities/{message}/correct")
    assert refused_page.status_code == 302
    api = api_as("noord")
    refused = api.post(
        f"/api/v1/initiatives/{secret_case}/activities/{message}/correct",
        json={"note": "Wij willen twee bankjes.", "reason": "typfout"},
    )
    assert refused.status_code == 409
    assert "kan niet worden gecorrigeerd" in refused.get_json()["detail"]
    with demo_world.app_context():
        assert db.session.get(Activity, message).note == "Wij willen graag een bankje."
    voided = api.post(
        f"/api/v1/initiatives/{secret_case}/activities/{message}/void", json={"reason": "Dubbel verstuurd."}
    )
    assert voided.status_code == 200
    assert voided.get_json()["voided"] is True


def test_while_the_owner_is_away_the_message_reaches_the_team(demo_world, secret_case):
    path = make_link(demo_world, secret_case)
    with demo_world.app_context():
        deactivate_user(find_user("noord"))
        db.session.commit()
        colleague_id = find_user("zuid").id
    Browser(demo_world.test_client()).submit(path, {"message": "Is er al nieuws?"})
    with demo_world.app_context():
        told = db.session.scalars(
            sa.select(Notification.user_id).where(Notification.event == Event.INITIATOR_REPLIED)
        ).all()
    assert told == [colleague_id]


def test_erasing_a_contact_person_ends_the_link(demo_world, secret_case, signed_in):
    path = make_link(demo_world, secret_case)
    initiators = Browser(demo_world.test_client())
    assert initiators.get(path).status_code == 200
    admin = signed_in("beheer")
    token = csrf_token_from(admin.get("/admin/privacy").get_data(as_text=True))
    erased = admin.client.post(
        "/admin/privacy/erase",
        data={"csrf_token": token, "step": "confirm", "confirmed": "y", "email": "geheim-xyz@example.org"},
    )
    assert erased.status_code == 302
    assert initiators.get(path).status_code == 404
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(StatusLink)) == 0
        ended = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "status_link.revoked"))
        assert ended.data == {"reason": "contact_erased"}
        assert ended.initiative_id == secret_case
    # The case page says so to its team.
    page = signed_in("noord").get(f"/initiatives/{secret_case}").get_data(as_text=True)
    assert "Dit initiatief heeft nog geen statuslink." in page
