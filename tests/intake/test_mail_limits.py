"""An e-mail of thousands of attachments (issue 18, finding 1): at most MAX_MAIL_ATTACHMENTS of
MAX_MAIL_ATTACHMENT_BYTES together are kept, the case and the import report say what was left out,
and reading the message holds no write lock, so everyone else's writes go on meanwhile."""

import io
import threading
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Activity, Attachment, Initiative
from initiatives.extensions import db
from initiatives.intake import operations
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import count
from tests.conftest import csrf_token_from
from tests.reliability import support

#: How long the second app waits for the write lock: far less than reading the big mail takes.
WAIT_MS = 300


def mail_with_attachments(attachments, message_id="<veel-bijlagen@example.org>"):
    """The bytes of an e-mail from a resident with `attachments`: (file name, bytes) pairs."""
    message = EmailMessage()
    message["From"] = "Bewonersgroep Merelstraat <groep@example.org>"
    message["To"] = "wijkmanager@voorbeeldstad.nl"
    message["Subject"] = "Ons plan, met bijlagen"
    message["Date"] = "Mon, 05 Jan 2026 10:00:00 +0100"
    message["Message-ID"] = message_id
    message.set_content("Beste wijkmanager,\n\nWij willen een moestuin. Zie de bijlagen.\n")
    for filename, data in attachments:
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=filename)
    return message.as_bytes()


def one_line_files(number):
    return [(f"regel-{index:04}.txt", f"Regel {index} van het plan.\n".encode()) for index in range(number)]


@pytest.fixture
def impatient_app(demo_world, database_url, attachment_dir):
    """A second app on the same database (as another worker process), waiting only WAIT_MS for a
    lock: a write of its own fails when the e-mail's upload holds the lock any longer."""
    with support.impatient_app(database_url, attachment_dir, WAIT_MS) as impatient:
        yield impatient


def _notes(app, case_id):
    with app.app_context():
        return db.session.scalars(sa.select(Activity.note).where(Activity.initiative_id == case_id)).all()


def test_a_mail_of_3000_attachments_keeps_50_says_so_and_lets_others_write_meanwhile(
    demo_world, test_case, signed_in, impatient_app, monkeypatch
):
    noord = signed_in("noord")
    with demo_world.app_context():
        wijk_id = find_neighbourhood("WK999902").id
    upload_token = csrf_token_from(noord.get("/initiatives/new/email").get_data(as_text=True))
    other_case = test_case["initiative_id"]
    case_page = noord.get(f"/initiatives/{other_case}").get_data(as_text=True)
    colleague = impatient_app.test_client()  # another worker, with noord's session
    colleague.set_cookie("session", noord.client.get_cookie("session").value)
    big_mail = mail_with_attachments(one_line_files(3000))

    # Hold the upload in the middle of reading the message, to write elsewhere meanwhile.
    reading, go_on = threading.Event(), threading.Event()
    parse_mail = operations.parse_mail

    def parse_while_others_write(data):
        reading.set()
        go_on.wait(30)
        return parse_mail(data)

    monkeypatch.setattr(operations, "parse_mail", parse_while_others_write)
    answers = {}

    def upload():
        answers["upload"] = noord.client.post(
            "/initiatives/new/email",
            data={
                "csrf_token": upload_token,
                "neighbourhood": str(wijk_id),
                "message": (io.BytesIO(big_mail), "veel-bijlagen.eml"),
            },
            content_type="multipart/form-data",
        )

    uploading = threading.Thread(target=upload)
    uploading.start()
    try:
        assert reading.wait(30), "the upload never began reading the message"
        answers["other write"] = colleague.post(
            f"/initiatives/{other_case}/activities",
            data={
                "kind": "call",
                "happened_on": "2026-01-05",
                "practice": "mapping",
                "note": "Gebeld terwijl de grote e-mail binnenkwam",
                "csrf_token": csrf_token_from(case_page),
            },
        )
    finally:
        go_on.set()
        uploading.join(120)

    assert answers["other write"].status_code == 302
    assert "Gebeld terwijl de grote e-mail binnenkwam" in _notes(demo_world, other_case)

    response = answers["upload"]
    assert response.status_code == 302
    case_id = int(response.location.rsplit("/", 1)[1])
    # The message itself and the first 50 attachments; one audit entry each, no more.
    assert count(demo_world, Attachment, Attachment.initiative_id == case_id) == 51
    with demo_world.app_context():
        names = set(
            db.session.scalars(sa.select(Attachment.filename).where(Attachment.initiative_id == case_id))
        )
        assert {"regel-0000.txt", "regel-0049.txt"} < names
        assert "regel-0050.txt" not in names
    assert count(demo_world, AuditEntry, AuditEntry.action == "attachment.added") == 51 + 1  # + test case's

    left_out = (
        "Nog 2.950 bijlagen zijn niet bewaard: van één e-mail worden hoogstens 50 bijlagen bij een zaak "
        "bewaard."
    )
    first_note = _notes(demo_world, case_id)[0]
    assert first_note.startswith("Beste wijkmanager,")
    assert first_note.endswith(f"Niet bewaard uit deze e-mail:\n- {left_out}")
    page = noord.get(response.location).get_data(as_text=True)
    assert left_out in page  # the flash, and the timeline


@pytest.mark.parametrize("app_config", [{"MAX_MAIL_ATTACHMENTS": 4, "MAX_MAIL_ATTACHMENT_BYTES": 1024}])
def test_import_mail_reports_the_attachments_it_left_out(demo_world, tmp_path):
    path = tmp_path / "bericht.eml"
    path.write_bytes(
        mail_with_attachments(
            [
                ("begroting.txt", b"Begroting: " + b"9" * 600),
                ("tekening.txt", b"Tekening: " + b"8" * 600),  # 1,200 bytes together: over 1 kB
                ("pagina.html", b"<!DOCTYPE html><script>alert(1)</script>"),
                ("namen.txt", b"Jan, Piet, Klaas"),
                ("extra-1.txt", b"Een"),
                ("extra-2.txt", b"Twee"),
            ]
        )
    )
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(path), "--owner", "noord"]
    )
    assert result.exit_code == 0, result.output
    assert "created: 1, skipped (imported before): 0, failed: 0" in result.output
    with demo_world.app_context():
        case_id = db.session.scalar(sa.select(Initiative.id))
        kept = set(db.session.scalars(sa.select(Attachment.filename)))
    assert kept == {"e-mail 2026-01-05.eml", "begroting.txt", "namen.txt"}
    reasons = [
        "Bijlage tekening.txt is niet bewaard: Samen met de bijlagen ervoor is het groter dan 1 kB, het "
        "meeste dat één e-mail bij een zaak mag brengen.",
        "Bijlage pagina.html is niet bewaard: HTML- en SVG-bestanden kunnen niet bij een zaak worden bewaard",
        "Nog 2 bijlagen zijn niet bewaard: van één e-mail worden hoogstens 4 bijlagen bij een zaak bewaard.",
    ]
    assert "files not kept: 3" in result.output
    for reason in reasons:
        assert f"not kept from bericht.eml (case {case_id}): {reason}" in result.output
        assert reason in _notes(demo_world, case_id)[0]
