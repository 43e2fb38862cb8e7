"""Outlook message files (.msg) are accepted wherever an .eml is: the upload and import-mail.

The samples are real Outlook files made by a library (see mail_samples/README.md)."""

import html
import io
import shutil
from email import message_from_bytes, policy
from pathlib import Path

import extract_msg
import pytest
import sqlalchemy as sa
from extract_msg.enums import AttachmentType

from initiatives.cases.attachments import OUTLOOK_MESSAGE, sniff_content_type
from initiatives.cases.models import Attachment, Initiative, Initiator
from initiatives.extensions import db
from initiatives.intake import outlook
from initiatives.intake.mail import parse_mail
from initiatives.intake.mail_types import MailError
from tests.cases.conftest import count, field_error, load
from tests.intake.test_intake import _upload

SAMPLES = Path(__file__).parent / "mail_samples"
SIGNED = SAMPLES / "outlook_signature.msg"
FORWARDED = SAMPLES / "outlook_forward_inline.msg"


def test_an_outlook_message_reads_as_its_sender_subject_text_and_attachments():
    mail = parse_mail(SIGNED.read_bytes())
    assert (mail.sender_name, mail.sender_email) == ("Gaëlle van 't Hof", "gaelle.vanthof@example.nl")
    assert mail.subject == "Idee: moestuin op het veldje aan de Kastanjelaan"
    assert mail.received_at.isoformat() == "2026-03-02T09:30:00+00:00"
    assert mail.body.startswith("Beste wijkmanager,\n\nMet zes buren willen wij een moestuin beginnen")
    assert [(item.filename, item.content_type) for item in mail.attachments] == [
        ("plan moestuin.pdf", "application/pdf")
    ]
    assert mail.file_extension == ".msg"


def test_an_outlook_forward_credits_the_resident():
    mail = parse_mail(FORWARDED.read_bytes())
    assert (mail.sender_name, mail.sender_email) == ("Karel Appel", "karel.appel@example.org")
    assert mail.forwarded_by == "sanne.devries@voorbeeldstad.example"
    assert mail.subject == "Bankje bij de vijver"


class _Attached:
    """An attached message as extract-msg gives it (Outlook's "forward as attachment")."""

    type = AttachmentType.MSG

    def __init__(self, path):
        self.data = extract_msg.openMsg(str(path))


class _Received:
    """A received message as extract-msg gives it: the internet headers Outlook kept, a note."""

    headerText = (
        "Microsoft Mail Internet Headers Version 2.0\r\n"
        "From: Sanne de Vries <sanne.devries@voorbeeldstad.example>\r\n"
        "Subject: FW: Idee: moestuin\r\n"
        "Message-ID: <fw-1@voorbeeldstad.example>\r\n"
        "Date: Tue, 03 Mar 2026 08:00:00 +0100\r\n"
        'Content-Type: multipart/mixed;\r\n boundary="not-ours"\r\n'
    )
    body = "Voor jou, Noor."
    htmlBody = None

    def __init__(self):
        self.attachments = [_Attached(SIGNED)]


def test_a_message_attached_in_outlook_is_unwrapped_as_a_forward():
    mime = outlook._as_mime(_Received(), depth=0).as_bytes(policy=policy.SMTP)
    assert message_from_bytes(mime)["Message-ID"] == "<fw-1@voorbeeldstad.example>"
    mail = parse_mail(mime)
    assert mail.forwarded_by == "sanne.devries@voorbeeldstad.example"
    assert mail.sender_email == "gaelle.vanthof@example.nl"
    assert mail.forward_note == "Voor jou, Noor.\n\n----------\n\n"
    assert [item.filename for item in mail.attachments] == ["plan moestuin.pdf"]


@pytest.mark.parametrize(
    "data",
    [SIGNED.read_bytes()[:1536], outlook.COMPOUND_FILE_SIGNATURE + bytes(4000)],
    ids=["cut off", "a compound file of nothing"],
)
def test_a_broken_outlook_file_is_no_email(data):
    with pytest.raises(MailError) as refused:
        parse_mail(data)
    assert ".eml" in str(refused.value)
    assert ".msg" in str(refused.value)


def test_an_outlook_file_is_kept_as_what_it_is():
    assert sniff_content_type(SIGNED.read_bytes(), "bericht.msg") == OUTLOOK_MESSAGE
    assert sniff_content_type(SIGNED.read_bytes()[:1536], "bericht.msg") is None


def test_an_uploaded_outlook_message_opens_a_case_and_is_kept(demo_world, signed_in):
    response = _upload(signed_in("noord"), demo_world, SIGNED.read_bytes())
    assert response.status_code == 302
    initiative = load(demo_world, int(response.location.rsplit("/", 1)[1]))
    assert initiative.title == "Idee: moestuin op het veldje aan de Kastanjelaan"
    assert initiative.channel == "email"
    assert "06-12345678" not in initiative.description  # the signature went to the contact
    with demo_world.app_context():
        contact = db.session.scalar(sa.select(Initiator).where(Initiator.initiative_id == initiative.id))
        assert contact.name == "Gaëlle van 't Hof"
        assert contact.phone == "06-12345678"
        assert "Kastanjelaan 12" in contact.address
        files = {
            item.filename: item.content_type
            for item in db.session.scalars(
                sa.select(Attachment).where(Attachment.initiative_id == initiative.id)
            )
        }
    assert files == {"e-mail 2026-03-02.msg": OUTLOOK_MESSAGE, "plan moestuin.pdf": "application/pdf"}


def test_the_same_outlook_file_twice_opens_one_case(demo_world, signed_in):
    noord = signed_in("noord")
    first = _upload(noord, demo_world, FORWARDED.read_bytes())
    second = _upload(noord, demo_world, FORWARDED.read_bytes())
    assert first.location == second.location
    assert count(demo_world, Initiative) == 1


def test_a_file_that_is_neither_says_what_is_accepted_and_how_to_save_from_outlook(demo_world, signed_in):
    response = _upload(signed_in("noord"), demo_world, SIGNED.read_bytes()[:1536])
    assert response.status_code == 200
    message = html.unescape(field_error(response.get_data(as_text=True), "message"))
    assert message.startswith(
        "Dit bestand is geen e-mailbericht. Kies een e-mail die is opgeslagen als .eml of .msg."
    )
    assert "Bestand > Opslaan als" in message
    assert count(demo_world, Initiative) == 0


def test_the_upload_form_offers_both_formats(demo_world, signed_in):
    page = signed_in("noord").get("/initiatives/new/email").get_data(as_text=True)
    assert 'accept=".eml,.msg,message/rfc822,application/vnd.ms-outlook"' in page
    assert "E-mailbericht (.eml of .msg)" in page


def test_import_mail_reads_an_outlook_file(demo_world, tmp_path):
    path = tmp_path / "bericht.msg"
    shutil.copy(SIGNED, path)
    runner = demo_world.test_cli_runner()
    result = runner.invoke(args=["intake", "import-mail", str(path), "--owner", "noord"])
    assert "created: 1, skipped (imported before): 0, failed: 0" in result.output
    again = runner.invoke(args=["intake", "import-mail", str(path), "--owner", "noord"])
    assert "created: 0, skipped (imported before): 1, failed: 0" in again.output
    assert count(demo_world, Initiative) == 1


def test_the_kept_outlook_file_downloads_as_it_was(demo_world, signed_in):
    noord = signed_in("noord")
    response = _upload(noord, demo_world, SIGNED.read_bytes())
    case_id = int(response.location.rsplit("/", 1)[1])
    with demo_world.app_context():
        kept = db.session.scalar(
            sa.select(Attachment).where(
                Attachment.initiative_id == case_id, Attachment.filename.like("%.msg")
            )
        )
        kept_id = kept.id
    download = noord.get(f"/initiatives/{case_id}/files/{kept_id}")
    assert download.status_code == 200
    assert download.data == SIGNED.read_bytes()
    assert io.BytesIO(download.data).read(8) == outlook.COMPOUND_FILE_SIGNATURE
