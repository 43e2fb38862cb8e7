"""Opening cases from e-mail: the upload page and `flask intake import-mail`."""

import mailbox
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from initiatives.cases.models import Attachment, Initiative, Initiator
from initiatives.cases.stages import Stage
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import count, field_error, load

SAMPLES = Path(__file__).parent / "mail_samples"


def _upload(client, app, sample, wijk="WK999902"):
    with app.app_context():
        wijk_id = find_neighbourhood(wijk).id
    page = client.get("/initiatives/new/email").get_data(as_text=True)
    from tests.conftest import csrf_token_from

    data = (SAMPLES / sample).read_bytes() if isinstance(sample, str) else sample
    return client.client.post(
        "/initiatives/new/email",
        data={
            "csrf_token": csrf_token_from(page),
            "neighbourhood": str(wijk_id),
            "message": (__import__("io").BytesIO(data), "bericht.eml"),
        },
        content_type="multipart/form-data",
    )


def test_an_uploaded_email_opens_a_case(demo_world, signed_in):
    noord = signed_in("noord")
    response = _upload(noord, demo_world, "attachments.eml")
    assert response.status_code == 302
    case_id = int(response.location.rsplit("/", 1)[1])
    initiative = load(demo_world, case_id)
    assert initiative.channel == "email"
    assert initiative.stage == Stage.INTAKE
    assert initiative.initiators[0].email
    assert initiative.activities[0].kind == "email"
    assert initiative.description
    assert initiative.source_message_id
    assert count(demo_world, Attachment, Attachment.initiative_id == case_id) >= 1


def test_non_ascii_sender_and_subject_are_kept(demo_world, signed_in):
    response = _upload(signed_in("noord"), demo_world, "latin1_quoted_printable.eml")
    initiative = load(demo_world, int(response.location.rsplit("/", 1)[1]))
    text = initiative.title + initiative.initiators[0].name + initiative.description
    assert any(character in text for character in "éëöüïá€")


def test_html_only_mail_becomes_safe_text(demo_world, signed_in):
    noord = signed_in("noord")
    response = _upload(noord, demo_world, "html_only.eml")
    initiative = load(demo_world, int(response.location.rsplit("/", 1)[1]))
    assert "<script" not in initiative.description
    assert "<p>" not in initiative.description
    page = noord.get(response.location).get_data(as_text=True)
    assert "<script>alert" not in page


def test_a_forwarded_mail_credits_the_resident_not_the_colleague(demo_world, signed_in):
    response = _upload(signed_in("noord"), demo_world, "forward_gmail_nl.eml")
    initiative = load(demo_world, int(response.location.rsplit("/", 1)[1]))
    assert not initiative.initiators[0].email.endswith("voorbeeldstad.nl")
    assert not initiative.title.lower().startswith(("fwd", "doorst"))


def test_uploading_the_same_mail_twice_opens_one_case(demo_world, signed_in):
    noord = signed_in("noord")
    first = _upload(noord, demo_world, "plain_utf8.eml")
    second = _upload(noord, demo_world, "plain_utf8.eml")
    assert first.location == second.location
    assert count(demo_world, Initiative) == 1


@pytest.mark.parametrize(
    "data", [b"", b"\x00\x01\x02 binary junk \xff\xfe", b"hello world, no headers at all"]
)
def test_a_malformed_file_gets_a_clear_message_and_nothing_is_saved(demo_world, signed_in, data):
    response = _upload(signed_in("noord"), demo_world, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert field_error(page, "message").startswith(
        (
            "Dit bestand is geen e-mailbericht. Kies een e-mail die is opgeslagen als .eml of .msg.",
            "Kies een .eml- of .msg-bestand.",
        )
    )
    assert count(demo_world, Initiative) == 0
    assert count(demo_world, Initiator) == 0


@pytest.fixture
def maildir(tmp_path):
    box = mailbox.Maildir(tmp_path / "gedeelde-inbox", create=True)
    for sample in ("plain_utf8.eml", "attachments.eml", "html_only.eml", "forward_outlook_nl.eml"):
        box.add((SAMPLES / sample).read_bytes())
    box.add(b"this is not an e-mail")
    return tmp_path / "gedeelde-inbox"


def test_import_mail_from_a_maildir_is_idempotent(demo_world, maildir):
    runner = demo_world.test_cli_runner()
    first = runner.invoke(args=["intake", "import-mail", str(maildir), "--owner", "noord"])
    assert "created: 4, skipped (imported before): 0, failed: 1" in first.output
    assert first.exit_code == 1  # one message could not be read
    second = runner.invoke(args=["intake", "import-mail", str(maildir), "--owner", "noord"])
    assert "created: 0, skipped (imported before): 4, failed: 1" in second.output
    assert count(demo_world, Initiative) == 4
    with demo_world.app_context():
        owners = set(db.session.scalars(sa.select(Initiative.owner_id)))
        assert len(owners) == 1


def test_import_mail_from_an_mbox(demo_world, tmp_path):
    path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(path)
    for sample in ("plain_utf8.eml", "windows1252_base64.eml"):
        box.add((SAMPLES / sample).read_bytes())
    box.flush()
    result = demo_world.test_cli_runner().invoke(args=["intake", "import-mail", str(path), "--owner", "zuid"])
    assert result.exit_code == 0, result.output
    assert "created: 2" in result.output
    with demo_world.app_context():
        assert {i.neighbourhood.code for i in db.session.scalars(sa.select(Initiative))} == {"WK999903"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--owner", "secretaris"], "not an active neighbourhood manager"),
        (["--owner", "noord", "--neighbourhood", "WK000000"], "CBS code"),
    ],
)
def test_import_mail_refuses_bad_options(demo_world, maildir, args, message):
    result = demo_world.test_cli_runner().invoke(args=["intake", "import-mail", str(maildir), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_import_mail_refuses_a_folder_that_is_no_maildir(demo_world, tmp_path):
    shutil.copy(SAMPLES / "plain_utf8.eml", tmp_path / "los.eml")
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(tmp_path), "--owner", "noord"]
    )
    assert result.exit_code == 2
    assert "not a Maildir" in result.output


def test_import_mail_reads_a_single_message_file(demo_world, tmp_path):
    path = tmp_path / "bericht.eml"
    shutil.copy(SAMPLES / "plain_utf8.eml", path)
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(path), "--owner", "noord"]
    )
    assert "created: 1, skipped (imported before): 0, failed: 0" in result.output
    assert result.exit_code == 0
    assert count(demo_world, Initiative) == 1


def test_import_mail_reports_a_file_that_is_no_mail(demo_world, tmp_path):
    path = tmp_path / "ruis.bin"
    path.write_bytes(bytes(range(256)) * 400)
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(path), "--owner", "noord"]
    )
    assert "created: 0, skipped (imported before): 0, failed: 1" in result.output
    assert result.exit_code == 1
    assert count(demo_world, Initiative) == 0


def test_import_mail_goes_on_past_a_message_it_cannot_read(demo_world, maildir):
    (maildir / "new" / "kapot").symlink_to(maildir / "bestaat-niet")
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(maildir), "--owner", "noord"]
    )
    assert "created: 4, skipped (imported before): 0, failed: 2" in result.output
    assert "kapot: cannot be read" in result.output
    assert result.exit_code == 1
    assert count(demo_world, Initiative) == 4


def test_import_mail_refuses_a_folder_with_new_but_no_cur(demo_world, tmp_path):
    (tmp_path / "new").mkdir()
    result = demo_world.test_cli_runner().invoke(
        args=["intake", "import-mail", str(tmp_path), "--owner", "noord"]
    )
    assert result.exit_code == 2
    assert "needs both cur/ and new/" in result.output


def test_a_mail_dated_1970_comes_in_today(demo_world, signed_in):
    """A Date header of the epoch (or of a century ago) is no date of first contact: today is."""
    from initiatives.core.dates import local_today

    mail = (
        b"From: Ans Bakker <ans@example.org>\r\nTo: wijk@example.org\r\nSubject: Bankje bij de vijver\r\n"
        b"Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nMessage-ID: <epoch@example.org>\r\n\r\nMag er een bankje?\r\n"
    )
    response = _upload(signed_in("noord"), demo_world, mail)
    assert response.status_code == 302
    with demo_world.app_context():
        assert load(demo_world, int(response.location.rsplit("/", 1)[1])).received_on == local_today()
