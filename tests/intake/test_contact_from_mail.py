"""A case opened from an e-mail: the signature goes into the contact record, not the description,
and the message itself is kept as a file only those who work on the case can download."""

import io
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Attachment, Initiative
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import load
from tests.conftest import csrf_token_from

SAMPLES = Path(__file__).parent / "mail_samples"
#: What the signature of signature_nl.eml says about its sender.
SIGNATURE_DATA = ("Ayşe", "Yılmaz", "Vinkenstraat", "1234 AB", "06-12345678", "ayse@example.nl", "iPhone")


def _upload(client, app, sample):
    with app.app_context():
        wijk_id = find_neighbourhood("WK999902").id
    page = client.get("/initiatives/new/email").get_data(as_text=True)
    response = client.client.post(
        "/initiatives/new/email",
        data={
            "csrf_token": csrf_token_from(page),
            "neighbourhood": str(wijk_id),
            "message": (io.BytesIO((SAMPLES / sample).read_bytes()), "bericht.eml"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.location.rsplit("/", 1)[1])


def _import(app, sample, tmp_path):
    path = tmp_path / "bericht.eml"
    shutil.copy(SAMPLES / sample, path)
    result = app.test_cli_runner().invoke(args=["intake", "import-mail", str(path), "--owner", "noord"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        return db.session.scalar(sa.select(Initiative.id))


@pytest.fixture(params=["web", "cli"])
def opened(request, demo_world, signed_in, tmp_path):
    """Open a case from signature_nl.eml by the upload page or by `flask intake import-mail`."""
    if request.param == "web":
        return _upload(signed_in("noord"), demo_world, "signature_nl.eml")
    return _import(demo_world, "signature_nl.eml", tmp_path)


def test_the_signature_goes_into_the_contact_record_not_the_texts(demo_world, opened):
    initiative = load(demo_world, opened)

    assert initiative.description == (
        "Beste wijkmanager,\n\nNamens de buren vragen wij een speeltoestel op het grasveld aan het eind\n"
        "van onze straat. Er wonen veel jonge kinderen en er is nu niets om te spelen."
    )
    texts = [initiative.description, initiative.title] + [activity.note for activity in initiative.activities]
    for text in texts:
        assert not [value for value in SIGNATURE_DATA if value in text], text
    assert [person.as_dict() | {"id": None} for person in initiative.initiators] == [
        {
            "id": None,
            "name": "Ayşe Yılmaz",
            "email": "ayse@example.nl",
            "phone": "06-12345678",
            "address": "Vinkenstraat 14, 1234 AB Voorbeeldstad",
            "organisation": "Bewonersgroep De Linde",
            "status_mail_consent_on": None,  # a mail is no consent to status mails
        }
    ]
    with demo_world.app_context():
        logged = " ".join(
            str(entry.data) + entry.summary for entry in db.session.scalars(sa.select(AuditEntry))
        )
    assert not [value for value in SIGNATURE_DATA if value in logged]


def test_the_message_is_kept_for_those_who_work_on_the_case_only(demo_world, opened, signed_in):
    with demo_world.app_context():
        message = db.session.scalar(sa.select(Attachment).where(Attachment.initiative_id == opened))
        assert (message.content_type, message.filename) == ("message/rfc822", "e-mail 2025-03-04.eml")
        url = f"/initiatives/{opened}/files/{message.id}"

    owner = signed_in("noord")
    download = owner.get(url)
    assert download.status_code == 200
    assert download.data == (SAMPLES / "signature_nl.eml").read_bytes()
    assert f'href="{url}"' in owner.get(f"/initiatives/{opened}").get_data(as_text=True)

    for reader in ("zuid", "secretaris"):  # a manager of another wijk, the secretary
        client = signed_in(reader)
        refused = client.get(url)
        assert refused.status_code == 403
        page = refused.get_data(as_text=True)
        assert "Bestanden kunnen persoonsgegevens van bewoners bevatten" in page
        assert "Vinkenstraat" not in page
        case_page = client.get(f"/initiatives/{opened}").get_data(as_text=True)
        files = case_page.split('id="files"')[1].split("</section>")[0]
        assert url not in files  # no link, but the note why
        assert "alleen wie aan dit initiatief werkt kan ze openen" in files


def test_a_forward_takes_the_residents_signature_not_the_colleagues(demo_world, signed_in):
    initiative = load(demo_world, _upload(signed_in("noord"), demo_world, "forward_with_signature.eml"))

    assert [person.as_dict() | {"id": None} for person in initiative.initiators] == [
        {
            "id": None,
            "name": "Gaëlle van 't Hof",  # signed "Gaëlle": the sender's fuller name
            "email": "gaelle.vanthof@example.nl",
            "phone": "+31 6 11223344",
            "address": "Merelstraat 3, 1234 CD Voorbeeldstad",
            "organisation": "",
            "status_mail_consent_on": None,
        }
    ]
    # The colleague's note and signature stay: they are no resident's.
    assert initiative.description.startswith(
        "Sanne,\n\nWil jij hier naar kijken?\n\nMet vriendelijke groet,\nPiet de Vries | Gemeente Voorbeeld"
    )
    assert initiative.description.endswith(
        "Goedemiddag,\n\nKan er een bankje bij de vijver komen? Veel ouderen wandelen daar."
    )
    for value in ("Groetjes", "Merelstraat", "1234 CD", "11223344"):
        assert value not in initiative.description


def test_a_mail_without_a_signature_keeps_its_text(demo_world, signed_in):
    initiative = load(demo_world, _upload(signed_in("noord"), demo_world, "attachments.eml"))

    assert initiative.description == "In de bijlage het plan en de begroting voor de buurttuin."
    assert [(person.name, person.email, person.address) for person in initiative.initiators] == [
        ("Gaëlle van 't Hof", "gaelle.vanthof@example.nl", "")
    ]
    with demo_world.app_context():
        files = db.session.scalars(
            sa.select(Attachment.filename).where(Attachment.initiative_id == initiative.id)
        )
        assert "e-mail 2025-03-08.eml" in set(files)
