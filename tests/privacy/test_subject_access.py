"""Subject access and erasure: the admin finds a resident by e-mail or phone (any notation),
exports what is held (JSON, PDF), and erases it on request after a confirmation step."""

import io
import json

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from initiatives.audit.models import AuditEntry
from initiatives.cases import search
from initiatives.cases.models import Initiative, Initiator
from initiatives.extensions import db
from initiatives.privacy.data_subjects import normalise_phone
from initiatives.privacy.models import ContactErasure, ErasureReason
from tests.conftest import csrf_token_from
from tests.privacy.conftest import statistics

ADMIN_PAGE = "/admin/privacy"


def post(client, url, data):
    """POST `data` with the CSRF token of the admin's privacy page."""
    token = csrf_token_from(client.get(ADMIN_PAGE).get_data(as_text=True))
    return client.client.post(url, data={"csrf_token": token, **data})


@pytest.mark.parametrize(
    "notation", ["06-12345678", "0612345678", "+31 6 1234 5678", "+31 (0)6 12 34 56 78", "0031612345678"]
)
def test_phone_notations_are_one_number(notation):
    assert normalise_phone(notation) == "0612345678"


@pytest.mark.parametrize(
    "query", [{"email": "JAN@example.org "}, {"phone": "+31 6 1234 5678"}, {"phone": "06-12345678"}]
)
def test_admin_finds_a_resident_by_email_or_phone(populated, signed_in, query):
    admin = signed_in("beheer")
    response = post(admin, "/admin/privacy/subject", query)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Jan Jansen" in page
    assert "jan@example.org" in page
    assert "Moestuin van Jan Jansen" in page
    assert "Jan belde: bereikbaar op 06 1234 5678" in page  # a timeline note naming him
    assert "Els de Vries" not in page  # nobody else


def test_the_search_is_logged_without_the_address_or_number(app, populated, signed_in):
    post(signed_in("beheer"), "/admin/privacy/subject", {"email": "jan@example.org"})
    with app.app_context():
        entry = db.session.scalars(sa.select(AuditEntry).filter_by(action="privacy.subject_access")).one()
        assert entry.actor.username == "beheer"
        assert entry.data["case_ids"] == [populated["old_case"]]
        assert "jan@example.org" not in json.dumps(entry.data) + entry.summary


def test_json_export_holds_the_contact_and_the_texts_naming_them(populated, signed_in):
    response = post(
        signed_in("beheer"), "/admin/privacy/subject/export", {"phone": "06 12345678", "output": "json"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    report = response.get_json()
    assert report["subject"] == {"email": "", "phone": "0612345678"}
    assert report["retention_months"] == 12
    (case,) = report["cases"]
    assert case["case"]["id"] == populated["old_case"]
    assert case["case"]["stage"] == "closed"
    (contact,) = case["contacts"]
    assert (contact["name"], contact["email"], contact["phone"]) == (
        "Jan Jansen",
        "jan@example.org",
        "0612345678",
    )
    kinds = {text["kind"] for text in case["texts"]}
    assert {
        "title",
        "description",
        "next_step",
        "lessons",
        "activity_note",
        "barrier_description",
        "help_description",
        "file_name",
    } <= kinds
    texts = [text["text"] for text in case["texts"]]
    assert "Afdeling groen wilde niet met Jansen praten." in texts
    assert "plattegrond.txt" not in texts  # a text that does not name him is not his


def test_pdf_export_holds_the_same(populated, signed_in):
    response = post(
        signed_in("beheer"), "/admin/privacy/subject/export", {"email": "jan@example.org", "output": "pdf"}
    )
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Jan Jansen" in text
    assert "jan@example.org" in text
    assert "Moestuin van Jan Jansen" in text
    # Dutch once the catalogue has the texts (tests/test_translations.py), English until then.
    assert "Persoonsgegevens in Bricoleur" in text or "Personal data held by Bricoleur" in text
    assert "Afdeling groen wilde niet met Jansen praten." in text


def test_other_cases_holding_the_address_are_listed(app, populated, signed_in):
    with app.app_context():
        initiative = db.session.get(Initiative, populated["open_case"])
        initiative.description = "Piet noemde ook jan@example.org als contact."
        db.session.commit()
    response = post(
        signed_in("beheer"), "/admin/privacy/subject/export", {"email": "jan@example.org", "output": "json"}
    )
    others = response.get_json()["other_mentions"]
    assert [other["case"]["id"] for other in others] == [populated["open_case"]]


def test_a_look_alike_address_is_not_someone_elses_case(app, populated, signed_in):
    """In a LIKE pattern "_" stands for any character: the search must take it literally."""
    with app.app_context():
        initiative = db.session.get(Initiative, populated["open_case"])
        initiative.description = "Contact via piet.smit@example.org."
        db.session.commit()
    response = post(
        signed_in("beheer"),
        "/admin/privacy/subject/export",
        {"email": "piet_smit@example.org", "output": "json"},
    )
    assert response.get_json()["other_mentions"] == []


def test_an_unknown_person_finds_nothing_and_bad_input_is_explained(populated, signed_in):
    admin = signed_in("beheer")
    page = post(admin, "/admin/privacy/subject", {"email": "niemand@example.org"}).get_data(as_text=True)
    assert "geen contactgegevens" in page.lower() or "holds no contact data" in page
    response = post(admin, "/admin/privacy/subject", {"email": "geen-adres", "phone": ""})
    assert response.status_code == 422
    response = post(admin, "/admin/privacy/subject", {"phone": "12"})
    assert response.status_code == 422
    response = post(admin, "/admin/privacy/subject/export", {"email": "jan@example.org", "output": "exe"})
    assert response.status_code == 422


def test_erasure_asks_for_confirmation_then_anonymises(app, populated, signed_in):
    admin = signed_in("beheer")
    with app.app_context():
        before = statistics()
    first = post(admin, "/admin/privacy/erase", {"email": "jan@example.org"})
    assert first.status_code == 200
    assert "Jan Jansen" in first.get_data(as_text=True)  # what will be anonymised
    unticked = post(admin, "/admin/privacy/erase", {"email": "jan@example.org", "step": "confirm"})
    assert unticked.status_code == 422
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ContactErasure)) == 0

    done = post(
        admin, "/admin/privacy/erase", {"email": "jan@example.org", "step": "confirm", "confirmed": "y"}
    )
    assert done.status_code == 302
    assert done.location.endswith(ADMIN_PAGE)
    with app.app_context():
        initiator = db.session.scalars(
            sa.select(Initiator).filter_by(initiative_id=populated["old_case"])
        ).one()
        assert (initiator.name, initiator.email, initiator.phone) == ("[naam]", "", "")
        assert db.session.get(ContactErasure, initiator.id).reason == ErasureReason.REQUEST
        initiative = db.session.get(Initiative, populated["old_case"])
        assert initiative.title == "Moestuin van [naam]"
        assert "Jan" not in initiative.lessons
        assert statistics() == before
        found = search.ranked_matches("Jansen", initiative.owner)  # the texts as written, too
        assert db.session.scalars(sa.select(found.c.initiative_id)).all() == []
        entry = db.session.scalars(
            sa.select(AuditEntry).filter_by(action="privacy.contacts_anonymised")
        ).one()
        assert entry.actor.username == "beheer"
        assert entry.data["reason"] == "request"
        assert "jan" not in json.dumps(entry.data).lower()
    # Nothing is held any more; erasing again is refused politely.
    again = post(
        admin, "/admin/privacy/erase", {"email": "jan@example.org", "step": "confirm", "confirmed": "y"}
    )
    assert again.status_code == 302
    report = post(
        admin, "/admin/privacy/subject/export", {"email": "jan@example.org", "output": "json"}
    ).get_json()
    assert report["cases"] == []


def test_erasing_one_of_two_contacts_keeps_the_other_and_the_address(app, populated, signed_in):
    from initiatives.cases import contacts
    from initiatives.cases import operations as cases

    with app.app_context():
        initiative = db.session.get(Initiative, populated["open_case"])
        initiative.address = "Lindelaan 4"
        contacts.add_initiator(
            initiative, initiative.owner, cases.InitiatorDetails(name="Ans Bakker", phone="06-87654321")
        )
        db.session.commit()
    post(
        signed_in("beheer"),
        "/admin/privacy/erase",
        {"phone": "0687654321", "step": "confirm", "confirmed": "y"},
    )
    with app.app_context():
        names = db.session.scalars(
            sa.select(Initiator.name).filter_by(initiative_id=populated["open_case"]).order_by(Initiator.id)
        ).all()
        assert names == ["Piet Pieters", "[naam]"]
        assert db.session.get(Initiative, populated["open_case"]).address == "Lindelaan 4"


@pytest.mark.parametrize("username", ["secretaris", "noord"])
def test_only_admins_reach_subject_access(populated, signed_in, username):
    client = signed_in(username)
    assert client.get(ADMIN_PAGE).status_code == 403
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    for url in ("/admin/privacy/subject", "/admin/privacy/subject/export", "/admin/privacy/erase"):
        response = client.client.post(
            url,
            data={
                "csrf_token": token,
                "email": "jan@example.org",
                "output": "json",
                "confirmed": "y",
                "step": "confirm",
            },
        )
        assert response.status_code == 403
        assert "jan@example.org" not in response.get_data(as_text=True)
