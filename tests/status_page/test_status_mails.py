"""The initiators' status mails: consent recorded with its date, the preview the owner reads
before turning them on, a mail per consenting contact person at each move (through the outbox,
over SMTP), nothing internal in it, and no mail once the reason is gone."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative, Initiator
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.notifications.delivery import SKIPPED
from initiatives.notifications.models import OutboxKind, OutboxStatus
from initiatives.privacy.anonymisation import anonymise_contacts
from initiatives.status_page.models import StatusMailSettings
from tests.notifications.delivery_support import BASE_URL, bodies, deliver, outbox
from tests.notifications.mail_server import MailServer
from tests.status_page.conftest import MARKER


@pytest.fixture
def mail_server(demo_world):
    with MailServer() as server:
        demo_world.config.update(
            server.settings(), BASE_URL=BASE_URL, MAIL_FROM="Bricoleur <bricoleur@voorbeeldstad.example>"
        )
        yield server


def _initiators(app, case_id):
    with app.app_context():
        return {
            person.email or person.name: person.id
            for person in db.session.scalars(sa.select(Initiator).where(Initiator.initiative_id == case_id))
        }


def _consent(browser, case_id, initiator_id, agreed):
    """Tick (or untick) the consent box on the contact person's form, keeping the rest."""
    url = f"/initiatives/{case_id}/initiators/{initiator_id}"
    form = BeautifulSoup(browser.get(url).get_data(as_text=True), "html.parser").find("form", method="post")
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("type") != "checkbox"
    }
    if agreed:
        data["status_mail_consent"] = "y"
    return browser.client.post(url, data=data)


def _mails_page(case_id):
    return f"/initiatives/{case_id}/status-mails"


def _press(browser, case_id, action, sentence=""):
    return browser.submit(_mails_page(case_id), {"action": action, "personal_sentence": sentence})


def _move(app, case_id, to):
    with app.app_context():
        initiative = db.session.get(Initiative, case_id)
        cases.move_case(initiative, initiative.owner, to)
        db.session.commit()


def test_consent_is_recorded_with_its_date_and_can_be_taken_back(demo_world, secret_case, signed_in):
    noord = signed_in("noord")
    jan = _initiators(demo_world, secret_case)["geheim-xyz@example.org"]
    assert _consent(noord, secret_case, jan, True).status_code == 302
    with demo_world.app_context():
        assert db.session.get(Initiator, jan).status_mail_consent_on == local_today()
    case_page = noord.get(f"/initiatives/{secret_case}").get_data(as_text=True)
    assert "Statusmails: toestemming op" in case_page
    assert _consent(noord, secret_case, jan, False).status_code == 302
    with demo_world.app_context():
        assert db.session.get(Initiator, jan).status_mail_consent_on is None
        logged = db.session.scalars(
            sa.select(AuditEntry.data).where(AuditEntry.action == "initiator.updated")
        ).all()
    # The audit log names the field that changed, never its value.
    assert logged == [{"fields": ["status_mail_consent_on"]}, {"fields": ["status_mail_consent_on"]}]


def test_the_api_records_consent_when_adding_a_contact_person(demo_world, secret_case, api_as):
    api = api_as("noord")
    added = api.post(
        f"/api/v1/initiatives/{secret_case}/initiators",
        json={"name": "Fatima", "email": "fatima@example.org", "status_mail_consent": True},
    )
    assert added.status_code == 201
    assert added.get_json()["status_mail_consent_on"] == local_today().isoformat()
    without = api.post(f"/api/v1/initiatives/{secret_case}/initiators", json={"name": "Kees"})
    assert without.get_json()["status_mail_consent_on"] is None


def test_the_preview_shows_the_mail_and_who_gets_it(demo_world, secret_case, signed_in):
    noord = signed_in("noord")
    jan = _initiators(demo_world, secret_case)["geheim-xyz@example.org"]
    _consent(noord, secret_case, jan, True)
    page = noord.get(_mails_page(secret_case))
    assert page.status_code == 200
    html = BeautifulSoup(page.get_data(as_text=True), "html.parser")
    text = html.get_text(" ")
    assert "De statusmails staan uit." in text
    assert "geheim-xyz@example.org" in text  # the team sees who gets it
    assert "heeft geen toestemming gegeven" in text  # and who does not, and why
    preview = html.find("pre", class_="mail-preview__text").get_text()
    assert "Moestuin op het veldje" in preview
    assert "Beste Jan" in preview
    for internal in ("-description", "-support", "-barrier", "-help", "-first-note", "-internal", "-team"):
        assert f"{MARKER}{internal}" not in preview
    # The owner's sentence shows in the preview before anything is turned on.
    updated = _press(noord, secret_case, "preview", "Ik bel u volgende week.")
    assert updated.status_code == 200
    assert "Ik bel u volgende week." in updated.get_data(as_text=True)
    with demo_world.app_context():
        assert db.session.get(StatusMailSettings, secret_case) is None


def test_only_the_owner_turns_them_on_and_anyone_on_the_team_turns_them_off(
    demo_world, secret_case, signed_in
):
    colleague = signed_in("zuid")  # on the case's team
    page = colleague.get(_mails_page(secret_case)).get_data(as_text=True)
    assert 'value="turn_on"' not in page
    refused = _press(colleague, secret_case, "turn_on")
    assert refused.status_code == 409
    assert "Alleen de eigenaar" in refused.get_data(as_text=True)
    noord = signed_in("noord")
    assert _press(noord, secret_case, "turn_on", "Tot snel.").status_code == 302
    off = _press(colleague, secret_case, "turn_off")
    assert off.status_code == 302
    with demo_world.app_context():
        settings = db.session.get(StatusMailSettings, secret_case)
        assert settings.enabled is False
        assert settings.personal_sentence == "Tot snel."
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.action.like("status_mails.%"))
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["status_mails.turned_on", "status_mails.turned_off"]


def test_a_move_mails_each_consenting_contact_person_with_the_link(
    demo_world, secret_case, signed_in, mail_server
):
    noord = signed_in("noord")
    people = _initiators(demo_world, secret_case)
    _consent(noord, secret_case, people["geheim-xyz@example.org"], True)
    assert _press(noord, secret_case, "turn_on", "Ik bel u volgende week.").status_code == 302
    case_page = BeautifulSoup(noord.get(f"/initiatives/{secret_case}").get_data(as_text=True), "html.parser")
    assert "Aan: 1 contactpersoon" in case_page.find(id="status-link").get_text(" ")
    url = case_page.find(id="status-link-url")["value"]

    _move(demo_world, secret_case, "mapping")
    queued = [message for message in outbox(demo_world) if message.kind == OutboxKind.STATUS]
    assert len(queued) == 1  # the neighbour without consent or address gets none
    result = deliver(demo_world)
    assert result.exit_code == 0, result.output
    assert len(mail_server.mails) == 1, (result.output, outbox(demo_world)[-1].last_error)
    mail = mail_server.mails[0]
    assert mail["To"].addresses[0].addr_spec == "geheim-xyz@example.org"
    assert mail["Reply-To"].addresses[0].addr_spec == "noord@voorbeeldstad.example"
    assert mail["Auto-Submitted"] == "auto-generated"
    assert "Moestuin op het veldje" in mail["Subject"]
    text, html = bodies(mail)
    assert url in text
    assert url in html
    assert "Ik bel u volgende week." in text
    assert "We zoeken uit wat er nodig is." in text
    for internal in ("-description", "-support", "-barrier", "-help", "-first-note", "-internal", "-team"):
        assert f"{MARKER}{internal}" not in text + html
    path = url.removeprefix(BASE_URL)
    assert demo_world.test_client().get(path).status_code == 200  # the link in the mail works


def test_no_mail_goes_once_its_reason_is_gone(demo_world, secret_case, signed_in, mail_server):
    noord = signed_in("noord")
    jan = _initiators(demo_world, secret_case)["geheim-xyz@example.org"]
    _consent(noord, secret_case, jan, True)
    _press(noord, secret_case, "turn_on")
    _move(demo_world, secret_case, "mapping")
    _press(noord, secret_case, "turn_off")  # before the deliverer runs
    _press(noord, secret_case, "turn_on")
    _consent(noord, secret_case, jan, False)
    _move(demo_world, secret_case, "relations")  # no consent now: nothing queued
    assert deliver(demo_world).exit_code == 0
    assert mail_server.mails == []
    [message] = [message for message in outbox(demo_world) if message.kind == OutboxKind.STATUS]
    assert message.status == OutboxStatus.SENT
    assert message.last_error.startswith(SKIPPED)
    assert "no longer agrees" in message.last_error


def test_only_the_team_reaches_the_status_mails(demo_world, secret_case, signed_in):
    for username in ("secretaris", "beheer"):
        assert signed_in(username).get(_mails_page(secret_case)).status_code == 403


def test_erasing_a_contact_person_ends_their_consent(demo_world, secret_case, signed_in):
    noord = signed_in("noord")
    jan = _initiators(demo_world, secret_case)["geheim-xyz@example.org"]
    _consent(noord, secret_case, jan, True)
    with demo_world.test_request_context():
        initiative = db.session.get(Initiative, secret_case)
        person = db.session.get(Initiator, jan)
        anonymise_contacts(initiative, [person], reason="request", actor=initiative.owner)
        db.session.commit()
        assert db.session.get(Initiator, jan).status_mail_consent_on is None
    page = noord.get(_mails_page(secret_case)).get_data(as_text=True)
    assert "geheim-xyz@example.org" not in page
