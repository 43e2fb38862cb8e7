"""Erasure on request (issue 16): after erasing a person, no channel shows any of their data for
anyone. One case names its contact person (name, e-mail address, phone number, home address) in
every free text, who decided on a help and the names of files, and holds an e-mail file, a PDF and
a photo. The erasure redacts the texts, clears the contact record, deletes the content of the
e-mail and the PDF (their entries stay, shown as "verwijderd (AVG)") once the request commits,
and keeps the photo. An erasure that fails leaves every file as it was.
"""

import io
import json
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import BarrierCategory, Help, HelpCategory
from initiatives.cases import activities, search
from initiatives.cases import operations as cases
from initiatives.cases.attachments import add_attachment, path_of
from initiatives.cases.models import Attachment, Initiative, Initiator
from initiatives.cases.stages import Result, Stage
from initiatives.extensions import db
from initiatives.privacy.anonymisation import anonymise_contacts
from initiatives.privacy.data_subjects import Subject, _case_texts, subject_access
from initiatives.privacy.models import ErasureReason
from tests.api.conftest import ApiClient, issue_token
from tests.conftest import csrf_token_from, open_test_case

NAME = "Wouterina Zwaagstra"
EMAIL = "w.zwaagstra@example.org"
PHONE = "06-23456789"
HOME = "Kievitstraat 31, 3514 AX Utrecht"
#: All of her at once, in other notations than the contact record's.
MENTION = "Wouterina Zwaagstra (Kievitstraat 31, 3514AX; 06 2345 6789; w.zwaagstra@example.org)"
#: What must be gone, however written (looked for in lower case).
NEEDLES = ("wouterina", "zwaagstra", "kievitstraat", "3514 ax", "3514ax")
#: Her phone number's digits; looked for with everything but digits taken out.
PHONE_DIGITS = "623456789"

PDF = b"%PDF-1.4\n% Verslag van het gesprek met Wouterina Zwaagstra, Kievitstraat 31\n%%EOF\n"
EML = (
    f"From: {NAME} <{EMAIL}>\r\nTo: wijk@gemeente.example\r\nSubject: Moestuin\r\n\r\n"
    f"Groet, Wouterina\r\n{HOME}\r\n{PHONE}\r\n"
).encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ADMIN_PAGE = "/admin/privacy"


def leaks(text):
    """The pieces of her data in `text`."""
    lowered = text.lower()
    found = [needle for needle in NEEDLES if needle in lowered]
    if PHONE_DIGITS in re.sub(r"\D", "", text):
        found.append("phone")
    return found


@pytest.fixture
def her_case(demo_world):
    """Her case, owned by noord, naming her everywhere; returns the ids of the case and its files."""
    with demo_world.app_context():
        initiative = open_test_case(
            title=f"Moestuin van {NAME}",
            description=f"Mail van {MENTION}: een moestuin op het veldje.",
            address="Kievitstraat 31",
            support_requested=f"{NAME} vraagt een watertappunt; bel {PHONE}.",
            next_step=f"Langs bij {HOME} ({NAME}, {EMAIL}).",
            initiators=[cases.InitiatorDetails(name=NAME, email=EMAIL, phone=PHONE)],
            first_note=f"Van: {NAME} <{EMAIL}>\n\nGroet, Wouterina\n{HOME}\n{PHONE}",
        )
        owner = initiative.owner
        initiative.initiators[0].address = HOME
        barrier = barriers.record_barrier(
            initiative,
            owner,
            category=db.session.scalar(sa.select(BarrierCategory).filter_by(code="silos")),
            description=f"Afdeling groen wil {MENTION} niet spreken.",
        )
        item = help_operations.request_help(
            initiative,
            owner,
            category=db.session.scalar(sa.select(HelpCategory).filter_by(code="backing")),
            provider="alderman",
            description=f"De wethouder belt {MENTION}.",
            barriers=[barrier],
        )
        help_operations.move_help(item, owner, item.version, "granted", decided_by=f"{NAME}, {HOME}")
        files = {
            "txt": initiative.attachments[0],  # open_test_case's plattegrond.txt
            "pdf": add_attachment(initiative, owner, f"verslag {NAME}.pdf", PDF),
            "eml": add_attachment(initiative, owner, f"mail van {NAME} {PHONE}.eml", EML),
            "png": add_attachment(initiative, owner, "foto van het veldje.png", PNG),
        }
        cases.move_case(
            initiative,
            owner,
            Stage.CLOSED,
            reason=f"Afgesloten na gesprek met {MENTION}.",
            result=Result.REALISED,
            lessons=f"Vroeg langsgaan bij {MENTION} hielp.",
        )
        db.session.commit()
        assert {name: attachment.content_type for name, attachment in files.items()} == {
            "txt": "text/plain",
            "pdf": "application/pdf",
            "eml": "message/rfc822",
            "png": "image/png",
        }
        return {
            "case": initiative.id,
            "files": {name: attachment.id for name, attachment in files.items()},
            "paths": {name: path_of(attachment) for name, attachment in files.items()},
        }


def erase(signed_in, data):
    """Erase as the admin, confirmed; return the response."""
    admin = signed_in("beheer")
    token = csrf_token_from(admin.get(ADMIN_PAGE).get_data(as_text=True))
    return admin.client.post(
        "/admin/privacy/erase",
        data={"csrf_token": token, "step": "confirm", "confirmed": "y", **data},
    )


def _ok(response, what):
    assert response.status_code == 200, (what, response.status_code)
    return response


def _pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def channels(app, signed_in, username, case_id):
    """Every channel a reader reads the case through: name -> text."""
    client = signed_in(username)
    api = ApiClient(app.test_client(), issue_token(app, username))
    texts = {
        "case page": _ok(client.get(f"/initiatives/{case_id}"), "case page").get_data(as_text=True),
        "dossier": _pdf_text(_ok(client.get(f"/initiatives/{case_id}/dossier.pdf"), "dossier").data),
    }
    personal = "?personal_data=1" if username == "noord" else ""
    texts["csv"] = _ok(client.get(f"/initiatives/export.csv{personal}"), "csv").get_data(as_text=True)
    for name, path in {
        "API case": "",
        "API timeline": "/activities",
        "API barriers": "/barriers",
        "API helps": "/helps",
        "API history": "/history",
    }.items():
        texts[name] = _ok(api.get(f"/api/v1/initiatives/{case_id}{path}"), name).get_data(as_text=True)
    if username == "noord":
        texts["API contacts"] = _ok(
            api.get(f"/api/v1/initiatives/{case_id}/initiators"), "contacts"
        ).get_data(as_text=True)
    return texts


def found_by_search(app, signed_in, username, case_id, words):
    """Whether `username` finds the case by `words`: on the case list, and in the API."""
    page = signed_in(username).get(f"/initiatives?q={words}").get_data(as_text=True)
    api = ApiClient(app.test_client(), issue_token(app, username))
    listed = [item["id"] for item in api.get(f"/api/v1/initiatives?q={words}").get_json()["items"]]
    return {"case list": f'href="/initiatives/{case_id}"' in page, "API": case_id in listed}


def test_before_the_erasure_every_channel_shows_her_to_the_owner(demo_world, signed_in, her_case):
    """The channels checked below do show her data: their silence afterwards means something."""
    texts = channels(demo_world, signed_in, "noord", her_case["case"])
    assert {name for name, text in texts.items() if "zwaagstra" in leaks(text)} == set(texts)
    assert found_by_search(demo_world, signed_in, "noord", her_case["case"], "Zwaagstra") == {
        "case list": True,
        "API": True,
    }


@pytest.mark.parametrize("username", ["noord", "secretaris"])
def test_after_the_erasure_no_channel_shows_any_of_her_data(demo_world, signed_in, her_case, username):
    assert erase(signed_in, {"email": EMAIL}).status_code == 302
    texts = channels(demo_world, signed_in, username, her_case["case"])
    assert {name: leaks(text) for name, text in texts.items() if leaks(text)} == {}
    assert "[naam]" in texts["case page"]
    for words in ("Zwaagstra", "Wouterina", "Kievitstraat"):
        assert not any(found_by_search(demo_world, signed_in, username, her_case["case"], words).values())
    assert all(found_by_search(demo_world, signed_in, username, her_case["case"], "moestuin").values())


def test_the_erasure_clears_the_record_and_every_text(demo_world, signed_in, her_case):
    assert erase(signed_in, {"phone": "+31 6 2345 6789"}).status_code == 302
    with demo_world.app_context():
        initiative = db.session.get(Initiative, her_case["case"])
        (initiator,) = initiative.initiators
        assert (initiator.name, initiator.email, initiator.phone, initiator.address) == ("[naam]", "", "", "")
        assert initiative.address == "[adres]"
        item = db.session.scalars(sa.select(Help).filter_by(initiative_id=initiative.id)).one()
        assert item.decided_by == "[naam], [adres]"
        texts = [text for _kind, _day, text in _case_texts(initiative)]
        assert [text for text in texts if leaks(text or "")] == []
        # The public copies and the anonymised search index are made from the erased texts.
        copies = db.session.execute(sa.text("SELECT * FROM public_case_texts")).all()
        details = db.session.execute(sa.text("SELECT text FROM public_detail_texts")).all()
        assert leaks(json.dumps([list(row) for row in copies + details], default=str)) == []
        # The audit log never held her: also who decided on the help is logged as "[redacted]".
        entries = db.session.execute(
            sa.text("SELECT summary, data FROM audit_entries WHERE initiative_id = :id"),
            {"id": initiative.id},
        ).all()
        assert leaks(json.dumps([list(row) for row in entries], default=str)) == []
        logged = db.session.execute(
            sa.text("SELECT data FROM audit_entries WHERE action = 'privacy.contacts_anonymised'")
        ).scalar_one()
        assert (json.loads(logged) if isinstance(logged, str) else logged)["files"] == 3


def test_the_erasure_deletes_the_email_and_the_pdf_and_keeps_their_entries(demo_world, signed_in, her_case):
    paths, ids, case_id = her_case["paths"], her_case["files"], her_case["case"]
    assert all(path.is_file() for path in paths.values())
    owner = signed_in("noord")
    assert owner.get(f"/initiatives/{case_id}/files/{ids['pdf']}").status_code == 200

    assert erase(signed_in, {"email": EMAIL}).status_code == 302

    for name in ("txt", "pdf", "eml"):
        assert not paths[name].exists(), name
    assert paths["png"].is_file()  # a photo of the place is kept
    for name in ("txt", "pdf", "eml"):
        response = owner.get(f"/initiatives/{case_id}/files/{ids[name]}")
        assert response.status_code == 410
        assert "verwijderd" in response.get_data(as_text=True).lower()
    assert owner.get(f"/initiatives/{case_id}/files/{ids['png']}").data == PNG
    page = owner.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert page.count("verwijderd (AVG)") == 3
    assert f"/files/{ids['pdf']}" not in page  # no link to content that is gone
    assert f"/files/{ids['png']}" in page
    with demo_world.app_context():
        erased = db.session.scalars(sa.select(Attachment).where(Attachment.initiative_id == case_id)).all()
        assert {item.id: item.erased_at is not None for item in erased} == {
            ids["txt"]: True,
            ids["pdf"]: True,
            ids["eml"]: True,
            ids["png"]: False,
        }
        assert {item.filename for item in erased} == {
            "plattegrond.txt",
            "verslag [naam].pdf",
            "mail van [naam] [telefoonnummer].eml",
            "foto van het veldje.png",
        }


def test_a_failed_erasure_leaves_the_files_and_the_data(demo_world, signed_in, her_case, monkeypatch):
    def fail(_initiative):
        raise RuntimeError("the search index is gone")

    monkeypatch.setattr(search, "reindex", fail)  # after the files were marked for deletion
    with pytest.raises(RuntimeError):
        erase(signed_in, {"email": EMAIL})
    assert all(path.is_file() for path in her_case["paths"].values())
    with demo_world.app_context():
        assert db.session.scalars(sa.select(Initiator.name)).all() == [NAME]
        assert not db.session.scalars(sa.select(Attachment).where(Attachment.erased_at.is_not(None))).all()
        # A later transaction that commits does not delete them either.
        db.session.get(Initiative, her_case["case"]).next_step = "Bellen."
        db.session.commit()
    assert all(path.is_file() for path in her_case["paths"].values())


def test_a_savepoint_rolled_back_keeps_its_files(demo_world, her_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, her_case["case"])
        savepoint = db.session.begin_nested()
        anonymise_contacts(initiative, initiative.initiators, reason=ErasureReason.REQUEST, reindex=False)
        savepoint.rollback()
        db.session.commit()
    assert all(path.is_file() for path in her_case["paths"].values())


def test_subject_access_lists_the_decider_her_address_and_her_files(demo_world, her_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, her_case["case"])
        initiative.description = "Het veldje ligt achter Kievitstraat 31."  # only her address
        db.session.commit()
        report = subject_access(Subject.of(email=EMAIL))
    (case,) = report["cases"]
    kinds = {text["kind"] for text in case["texts"]}
    assert {"help_decided_by", "description", "address"} <= kinds
    assert sorted(item["name"] for item in case["files"]) == [
        f"mail van {NAME} {PHONE}.eml",
        "plattegrond.txt",
        f"verslag {NAME}.pdf",
    ]
    assert case["contacts"][0]["address"] == HOME


def test_the_erase_page_and_the_statement_say_what_is_erased(demo_world, signed_in, her_case):
    admin = signed_in("beheer")
    token = csrf_token_from(admin.get(ADMIN_PAGE).get_data(as_text=True))
    confirm = admin.client.post("/admin/privacy/erase", data={"csrf_token": token, "email": EMAIL})
    pages = {
        "confirmation": confirm.get_data(as_text=True),
        "admin": admin.get(ADMIN_PAGE).get_data(as_text=True),
        "statement": demo_world.test_client().get("/privacy").get_data(as_text=True),
    }
    for name, page in pages.items():
        for words in (
            "woonadres",
            "wie over een hulp besliste",
            "zoekindex",
            "verwijderd (AVG)",
            "auditlog",
        ):
            assert words in page, (name, words)
    assert f"verslag {NAME}.pdf" in pages["confirmation"]  # the files that will go


def test_the_erasure_redacts_the_reasons_and_earlier_notes_of_undone_mistakes(
    demo_world, signed_in, her_case
):
    """Withdrawing and taking back the case, voiding and correcting entries and removing a file
    left texts of their own (reasons, a note as it was): subject access lists them, erasure
    redacts them."""
    from initiatives.cases.attachments import remove_attachment

    with demo_world.app_context():
        initiative = db.session.get(Initiative, her_case["case"])
        owner = initiative.owner
        cases.withdraw_case(initiative, owner, reason=f"Dubbel: {MENTION} belde twee keer.")
        cases.reinstate_case(initiative, owner, reason=f"Toch niet dubbel, zegt {NAME}.")
        first = initiative.activities[-1]
        activities.correct_activity(
            first, owner, note="Gesprek over het veldje.", reason=f"Adres van {NAME} eruit."
        )
        extra = activities.add_activity(
            initiative,
            owner,
            kind="call",
            happened_on=first.happened_on,
            practice=Stage.MAPPING,
            note="Gebeld.",
        )
        activities.void_activity(extra, owner, reason=f"Was een gesprek met {MENTION}.")
        remove_attachment(
            db.session.get(Attachment, her_case["files"]["txt"]), owner, reason=f"Hoort niet bij {NAME}."
        )
        db.session.commit()
        report = subject_access(Subject.of(email=EMAIL))
        kinds = {text["kind"] for text in report["cases"][0]["texts"]}
        assert {
            "withdrawal_reason",
            "corrected_note",
            "correction_reason",
            "void_reason",
            "remove_reason",
        } <= kinds

    assert erase(signed_in, {"email": EMAIL}).status_code == 302
    with demo_world.app_context():
        initiative = db.session.get(Initiative, her_case["case"])
        texts = [text for _kind, _day, text in _case_texts(initiative)]
        assert [text for text in texts if leaks(text or "")] == []
        assert "Dubbel: [naam]" in " ".join(withdrawal.reason for withdrawal in initiative.withdrawals)
