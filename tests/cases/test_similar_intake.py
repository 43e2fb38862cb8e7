"""The intake form shows the open cases that look alike before it opens one: the user adds the
contact and the message to one of them instead, or opens a new case. What the suggestions show
of a case follows the privacy rule; the mark "mogelijk dubbel" is cleared on the case page."""

import re

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.cases import duplicates, operations
from initiatives.cases.models import Activity, Initiative, Initiator, PossibleDuplicate
from initiatives.cases.similar import Match
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.cases.conftest import count, load
from tests.conftest import csrf_token_from, open_test_case


@pytest.fixture
def garden(demo_world):
    """An open case in Noord: a vegetable garden, with Fatima as its contact person."""
    with demo_world.app_context():
        case = open_test_case(
            title="Moestuin op het braakliggende veldje",
            description="Buren willen op het veldje achter de Merelstraat samen groente kweken.",
            address="Merelstraat 12",
            initiators=[
                operations.InitiatorDetails(
                    name="Fatima el Idrissi", email="fatima@example.org", phone="0612345678"
                )
            ],
        )
        db.session.commit()
        return case.id


def _form(app, **fields):
    with app.app_context():
        wijk = find_neighbourhood("WK999902").id
    return {
        "initiator_name": "Fatima el Idrissi",
        "initiator_phone": "+31 6 1234 5678",
        "title": "Groentetuin op het veldje",
        "description": "Samen groente telen op het lege veldje achter de Merelstraat.",
        "neighbourhood": str(wijk),
        "channel": "phone",
        "received_on": local_today().isoformat(),
        "first_note": "Fatima belde nog eens: ze zoeken ook een waterpunt.",
        **fields,
    }


def _suggestions(page):
    section = BeautifulSoup(page, "html.parser").find(id="similar-cases")
    return section


def test_the_first_submit_shows_the_look_alikes_and_opens_nothing(demo_world, signed_in, garden):
    noord = signed_in("noord")
    response = noord.submit("/initiatives/new", _form(demo_world))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    section = _suggestions(page)
    assert section is not None
    assert section.find("h2").get_text() == "Deze open zaken lijken erop"
    assert "Moestuin op het braakliggende veldje" in section.get_text()
    why = " ".join(section.get_text(" ").split())
    assert "Vergelijkbare titel of beschrijving" in why
    assert "Zelfde contactpersoon (telefoonnummer)" in why
    # No contact data of the case in the suggestions: only the reasons.
    assert "0612345678" not in section.get_text()
    assert "fatima@example.org" not in section.get_text()
    assert section.find("button", attrs={"name": "add_to", "value": str(garden)}) is not None
    assert 'name="similar_checked" type="hidden" value="1"' in page
    assert count(demo_world, Initiative) == 1


def test_confirming_opens_a_new_case(demo_world, signed_in, garden):
    noord = signed_in("noord")
    response = noord.submit("/initiatives/new", _form(demo_world, similar_checked="1"))
    assert response.status_code == 302
    assert count(demo_world, Initiative) == 2


def test_without_look_alikes_the_case_opens_at_once(demo_world, signed_in, garden):
    response = signed_in("noord").submit(
        "/initiatives/new",
        _form(
            demo_world,
            title="Kunstwerk op de rotonde",
            description="Een beeld van een kunstenaar uit de buurt.",
            initiator_name="Kees de Vries",
            initiator_phone="",
            first_note="",
        ),
    )
    assert response.status_code == 302
    assert count(demo_world, Initiative) == 2


def test_adding_to_the_existing_case_keeps_the_contact_once_and_the_message(demo_world, signed_in, garden):
    noord = signed_in("noord")
    response = noord.submit("/initiatives/new", _form(demo_world, similar_checked="1", add_to=str(garden)))
    assert response.status_code == 302
    assert response.location == f"/initiatives/{garden}"
    assert count(demo_world, Initiative) == 1
    initiative = load(demo_world, garden)
    assert [person.name for person in initiative.initiators] == ["Fatima el Idrissi"]  # the same person
    newest = initiative.activities[0]
    assert newest.kind == "call"
    assert "Fatima belde nog eens" in newest.note
    assert "Groentetuin op het veldje" in newest.note
    with demo_world.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "initiative.contact_added_instead")
        )
        assert entry.initiative_id == garden
        assert entry.data["contact"] == "known"
    page = noord.get(response.location).get_data(as_text=True)
    assert "De contactpersoon en het bericht zijn aan deze zaak toegevoegd." in page


def test_a_new_person_is_added_as_a_contact(demo_world, signed_in, garden):
    noord = signed_in("noord")
    noord.submit(
        "/initiatives/new",
        _form(
            demo_world,
            similar_checked="1",
            add_to=str(garden),
            initiator_name="Piet Bakker",
            initiator_phone="",
            initiator_email="piet@example.org",
        ),
    )
    initiative = load(demo_world, garden)
    assert [person.name for person in initiative.initiators] == ["Fatima el Idrissi", "Piet Bakker"]


def test_another_wijks_case_is_suggested_without_contact_reasons_and_cannot_be_added_to(
    demo_world, signed_in, garden
):
    """zuid reads Noord's case but does not work on it: it is suggested by its (anonymised)
    text only, never by the contact person, and it offers no button."""
    zuid = signed_in("zuid")
    with demo_world.app_context():
        wijk = find_neighbourhood("WK999903").id
    response = zuid.submit(
        "/initiatives/new",
        _form(
            demo_world,
            neighbourhood=str(wijk),
            title="Moestuin op het veldje",
            initiator_email="fatima@example.org",
        ),
    )
    section = _suggestions(response.get_data(as_text=True))
    assert section is not None
    text = " ".join(section.get_text(" ").split())
    assert "Moestuin op het braakliggende veldje" in text
    assert "zelfde contactpersoon" not in text.lower()
    assert "Zelfde adres" not in text
    assert "Zelfde straat" not in text
    assert section.find("button", attrs={"name": "add_to"}) is None
    assert "vraag het de eigenaar" in text
    # Nor can it be forced.
    refused = zuid.submit(
        "/initiatives/new",
        _form(demo_world, neighbourhood=str(wijk), similar_checked="1", add_to=str(garden)),
    )
    assert refused.status_code == 403
    assert len(load(demo_world, garden).activities) == 1


def test_by_contact_alone_another_wijks_case_is_not_suggested(demo_world, signed_in, garden):
    zuid = signed_in("zuid")
    with demo_world.app_context():
        wijk = find_neighbourhood("WK999903").id
    response = zuid.submit(
        "/initiatives/new",
        _form(
            demo_world,
            neighbourhood=str(wijk),
            title="Subsidie voor een buurtfeest",
            description="Een feest in juni.",
            initiator_phone="06-12345678",
        ),
    )
    assert response.status_code == 302  # nothing looked alike: opened


def test_the_suggestions_show_a_title_anonymised_to_who_may_not_see_contacts(demo_world, signed_in):
    with demo_world.app_context():
        open_test_case(
            title="Moestuin van Fatima el Idrissi",
            description="Groente kweken op het veldje.",
            initiators=[operations.InitiatorDetails(name="Fatima el Idrissi")],
        )
        db.session.commit()
        wijk = find_neighbourhood("WK999903").id
    response = signed_in("zuid").submit(
        "/initiatives/new",
        _form(
            demo_world,
            neighbourhood=str(wijk),
            title="Moestuin op het veldje",
            initiator_name="",
            initiator_phone="",
        ),
    )
    section = _suggestions(response.get_data(as_text=True))
    assert section is not None
    assert "Idrissi" not in section.get_text()
    assert "[naam]" in section.get_text()


def test_the_possible_duplicate_mark_is_shown_and_cleared(demo_world, signed_in, garden):
    with demo_world.app_context():
        noord = find_user("noord")
        other = open_test_case(title="Moestuin, via de algemene mailbox")
        duplicates.mark_possible_duplicate(
            other, noord, [Match(initiative=db.session.get(Initiative, garden), score=0.6)]
        )
        db.session.commit()
        other_id = other.id
    browser = signed_in("noord")
    page = browser.get(f"/initiatives/{other_id}").get_data(as_text=True)
    banner = BeautifulSoup(page, "html.parser").select_one(".possible-duplicate")
    assert banner.find("h2").get_text() == "Mogelijk dubbel"
    assert (
        banner.find("a", href=f"/initiatives/{garden}").get_text() == "Moestuin op het braakliggende veldje"
    )
    listed = browser.get("/initiatives?possible_duplicate=1").get_data(as_text=True)
    assert re.findall(r'href="/initiatives/(\d+)">', listed) == [str(other_id)]
    # The secretary reads the mark, but has no button.
    secretary_page = signed_in("secretaris").get(f"/initiatives/{other_id}").get_data(as_text=True)
    assert "Mogelijk dubbel" in secretary_page
    assert "possible-duplicate/clear" not in secretary_page
    response = browser.client.post(
        f"/initiatives/{other_id}/possible-duplicate/clear", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302
    assert count(demo_world, PossibleDuplicate) == 0
    assert "De markering mogelijk dubbel is weggehaald." in browser.get(response.location).get_data(
        as_text=True
    )
    with demo_world.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "initiative.possible_duplicate_cleared")
        )
        assert entry.data == {"candidates": [garden]}


def test_another_wijks_manager_cannot_clear_the_mark(demo_world, signed_in, garden):
    with demo_world.app_context():
        other = open_test_case(title="Moestuin, nog eens")
        duplicates.mark_possible_duplicate(
            other, find_user("noord"), [Match(initiative=db.session.get(Initiative, garden), score=0.6)]
        )
        db.session.commit()
        other_id = other.id
    zuid = signed_in("zuid")
    page = zuid.get(f"/initiatives/{other_id}").get_data(as_text=True)
    response = zuid.client.post(
        f"/initiatives/{other_id}/possible-duplicate/clear", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 403
    assert count(demo_world, PossibleDuplicate) == 1


def test_a_contact_added_twice_in_other_notations_is_kept_once(demo_world, garden):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, garden)
        noord = find_user("noord")
        for phone in ("06-12345678", "0031 6 12345678"):
            duplicates.add_to_existing_case(
                initiative,
                noord,
                channel="phone",
                received_on=local_today(),
                contact=operations.InitiatorDetails(name="F. el Idrissi", phone=phone),
                note="Weer gebeld.",
            )
        db.session.commit()
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Initiator).where(Initiator.initiative_id == garden)
            )
            == 1
        )
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Activity).where(Activity.initiative_id == garden)
            )
            == 3
        )


@pytest.mark.parametrize("case_id", ["999999", str(2**40)])
def test_adding_to_a_case_that_does_not_exist_answers_404(demo_world, signed_in, garden, case_id):
    response = signed_in("noord").submit(
        "/initiatives/new", _form(demo_world, similar_checked="1", add_to=case_id)
    )
    assert response.status_code == 404
    assert count(demo_world, Initiative) == 1
