"""The e-mail intake and open cases that look alike: the upload form shows them first (keeping the
e-mail meanwhile); the mailbox import adds a mail to an open case when it is certainly the same
(the same contact person, a very similar text) and otherwise marks a new case "mogelijk dubbel"."""

import io
import mailbox
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.cases import operations
from initiatives.cases.models import Activity, Attachment, Initiative, Initiator, PossibleDuplicate
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import count, load
from tests.conftest import csrf_token_from, open_test_case

GARDEN_TEXT = "Wij willen met de buren op het veldje achter de Merelstraat samen groente kweken in bakken."


def _mail(sender, subject, body):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "wijkmanager.noord@gemeente.example"
    message["Subject"] = subject
    message["Date"] = "Mon, 3 Mar 2025 14:12:05 +0100"
    message["Message-ID"] = make_msgid(domain="example.org")
    message.set_content(body)
    return bytes(message)


@pytest.fixture
def garden(demo_world):
    with demo_world.app_context():
        case = open_test_case(
            title="Moestuin op het veldje achter de Merelstraat",
            description=GARDEN_TEXT,
            initiators=[operations.InitiatorDetails(name="Fatima el Idrissi", email="fatima@example.org")],
        )
        db.session.commit()
        return case.id


def _import(app, tmp_path, *messages):
    box = mailbox.Maildir(tmp_path / "inbox", create=True)
    for message in messages:
        box.add(message)
    return app.test_cli_runner().invoke(
        args=["intake", "import-mail", str(tmp_path / "inbox"), "--owner", "noord"]
    )


def test_a_certain_match_is_added_to_the_open_case_once(demo_world, garden, tmp_path):
    message = _mail("Fatima el Idrissi <Fatima@Example.org>", "Moestuin op het veldje", GARDEN_TEXT)
    result = _import(demo_world, tmp_path, message)
    assert result.exit_code == 0, result.output
    assert "created: 0, skipped (imported before): 0, failed: 0" in result.output
    assert "added to an open case: 1" in result.output
    assert f"to open case {garden} (same contact person, very similar text)" in result.output
    assert count(demo_world, Initiative) == 1
    initiative = load(demo_world, garden)
    assert [person.name for person in initiative.initiators] == ["Fatima el Idrissi"]
    [mail_entry] = [activity for activity in initiative.activities if activity.kind == "email"]
    assert "groente kweken in bakken" in mail_entry.note
    assert mail_entry.happened_on.isoformat() == "2025-03-03"  # the day it was sent
    assert (
        count(demo_world, Attachment, Attachment.initiative_id == garden) == 2
    )  # the test's file, the e-mail
    with demo_world.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "initiative.contact_added_instead")
        )
        assert entry.data["channel"] == "email"
    again = _import(demo_world, tmp_path)  # the same Maildir, the same message
    assert "created: 0, skipped (imported before): 1, failed: 0" in again.output
    assert count(demo_world, Activity, Activity.initiative_id == garden) == 2


def test_a_look_alike_from_someone_else_opens_a_case_marked_possible_duplicate(demo_world, garden, tmp_path):
    message = _mail("Piet Bakker <piet@example.org>", "Moestuin op het veldje", GARDEN_TEXT)
    result = _import(demo_world, tmp_path, message)
    assert result.exit_code == 0, result.output
    assert "created: 1, skipped (imported before): 0, failed: 0" in result.output
    assert "possible duplicates (marked 'mogelijk dubbel'): 1" in result.output
    with demo_world.app_context():
        new_case = db.session.scalar(sa.select(Initiative).where(Initiative.id != garden))
        marks = db.session.scalars(sa.select(PossibleDuplicate)).all()
        assert [(mark.initiative_id, mark.candidate_id) for mark in marks] == [(new_case.id, garden)]
        assert 0 < marks[0].score <= 1
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "initiative.possible_duplicate")
        )
        assert entry.data == {"candidates": [garden]}
        new_id = new_case.id
    assert f"opened as case {new_id}, like open case(s) {garden}" in result.output


def test_the_same_contact_with_another_idea_is_no_certain_match(demo_world, garden, tmp_path):
    message = _mail(
        "Fatima el Idrissi <fatima@example.org>",
        "Kunstwerk op de rotonde",
        "Een kunstenaar uit de buurt wil een beeld maken voor de rotonde bij de school.",
    )
    result = _import(demo_world, tmp_path, message)
    assert "created: 1" in result.output
    assert "added to an open case" not in result.output
    assert count(demo_world, Activity, Activity.initiative_id == garden) == 1


def test_an_unrelated_mail_opens_an_unmarked_case(demo_world, garden, tmp_path):
    message = _mail("Kees <kees@example.org>", "Feest in juni", "Wij organiseren een straatfeest met muziek.")
    result = _import(demo_world, tmp_path, message)
    assert "created: 1" in result.output
    assert "possible duplicates" not in result.output
    assert count(demo_world, PossibleDuplicate) == 0


def _upload(client, app, data, **fields):
    with app.app_context():
        wijk_id = find_neighbourhood("WK999902").id
    page = client.get("/initiatives/new/email").get_data(as_text=True)
    form = {"csrf_token": csrf_token_from(page), "neighbourhood": str(wijk_id), **fields}
    if data is not None:
        form["message"] = (io.BytesIO(data), "bericht.eml")
    return client.client.post("/initiatives/new/email", data=form, content_type="multipart/form-data")


def test_the_upload_form_shows_the_look_alikes_and_keeps_the_mail(demo_world, signed_in, garden):
    noord = signed_in("noord")
    message = _mail("Fatima el Idrissi <fatima@example.org>", "Moestuin op het veldje", GARDEN_TEXT)
    first = _upload(noord, demo_world, message)
    assert first.status_code == 200
    soup = BeautifulSoup(first.get_data(as_text=True), "html.parser")
    section = soup.find(id="similar-cases")
    reasons = " ".join(section.get_text(" ").split())
    assert "Zelfde contactpersoon (e-mailadres)" in reasons
    assert "fatima@example.org" not in section.get_text()
    assert soup.find(id="message") is None  # no file to choose again
    token = soup.find("input", attrs={"name": "pending"})["value"]
    assert count(demo_world, Initiative) == 1
    added = _upload(noord, demo_world, None, pending=token, add_to=str(garden))
    assert added.status_code == 302
    assert added.location == f"/initiatives/{garden}"
    assert count(demo_world, Initiative) == 1
    assert count(demo_world, Activity, Activity.initiative_id == garden) == 2
    assert count(demo_world, Initiator, Initiator.initiative_id == garden) == 1
    # The kept e-mail is used once.
    gone = _upload(noord, demo_world, None, pending=token)
    assert gone.status_code == 200
    assert "De eerder gekozen e-mail is er niet meer: kies hem opnieuw." in gone.get_data(as_text=True)


def test_the_upload_form_opens_a_new_case_when_asked(demo_world, signed_in, garden):
    noord = signed_in("noord")
    message = _mail("Piet Bakker <piet@example.org>", "Moestuin op het veldje", GARDEN_TEXT)
    first = _upload(noord, demo_world, message)
    token = BeautifulSoup(first.get_data(as_text=True), "html.parser").find(
        "input", attrs={"name": "pending"}
    )["value"]
    opened = _upload(noord, demo_world, None, pending=token)
    assert opened.status_code == 302
    assert count(demo_world, Initiative) == 2
    assert count(demo_world, PossibleDuplicate) == 0  # the user chose: no mark


def test_a_kept_mail_is_only_its_uploaders(demo_world, signed_in, garden):
    message = _mail("Piet Bakker <piet@example.org>", "Moestuin op het veldje", GARDEN_TEXT)
    first = _upload(signed_in("noord"), demo_world, message)
    token = BeautifulSoup(first.get_data(as_text=True), "html.parser").find(
        "input", attrs={"name": "pending"}
    )["value"]
    with demo_world.app_context():
        zuid_wijk = find_neighbourhood("WK999903").id
    zuid = signed_in("zuid")
    page = zuid.get("/initiatives/new/email").get_data(as_text=True)
    response = zuid.client.post(
        "/initiatives/new/email",
        data={"csrf_token": csrf_token_from(page), "neighbourhood": str(zuid_wijk), "pending": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert count(demo_world, Initiative) == 1
