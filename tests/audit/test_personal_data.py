"""The audit log never holds a resident's name or contact details, not even inside free text.

The privacy purge anonymises residents in the case after the retention period, but the log is
append-only: what it holds stays. So for free text it records which fields changed, not the text.
"""

from datetime import timedelta

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import REDACTED
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.audit.test_events import all_logged_text

#: Ans Bakker's details, as written in the case and in its free text.
RESIDENT = ("Ans Bakker", "ans.bakker@example.org", "06-98765432", "Merelstraat 12")


def _id(app, model, **filters):
    with app.app_context():
        return db.session.scalar(sa.select(model.id).filter_by(**filters))


def _open_case(app, client):
    with app.app_context():
        wijk = find_neighbourhood("WK999902").id
    response = client.submit(
        "/initiatives/new",
        {
            "initiator_name": "Ans Bakker",
            "initiator_email": "ans.bakker@example.org",
            "initiator_phone": "06-98765432",
            "title": "Moestuin van Ans Bakker",
            "description": "Ans Bakker wil met buren groente kweken.",
            "address": "Merelstraat 12",
            "neighbourhood": str(wijk),
            "channel": "phone",
            "received_on": local_today().isoformat(),
            "support_requested": "Ans Bakker vraagt om een watertappunt.",
            "next_step": "Ans Bakker bellen op 06-98765432",
            "first_note": "Ans Bakker belde.",
        },
    )
    assert response.status_code == 302
    return int(response.location.rsplit("/", 1)[1]), wijk


def test_no_audit_entry_holds_a_residents_name_or_contact_details(demo_world, signed_in):
    noord = signed_in("noord")
    case_id, wijk = _open_case(demo_world, noord)
    case_url = f"/initiatives/{case_id}"

    def post(path, data):
        response = noord.submit(case_url + path, data, form_url=case_url)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    follow_up = (local_today() + timedelta(days=7)).isoformat()
    post(
        "/edit",
        {
            "title": "Moestuin Merelstraat",
            "description": "Ans Bakker (ans.bakker@example.org) wil samen met vijf buren groente kweken.",
            "neighbourhood": str(wijk),
            "address": "Merelstraat 12a",
            "channel": "phone",
            "received_on": local_today().isoformat(),
            "support_requested": "Een watertappunt bij Ans Bakker.",
            "next_step": "Terugbellen",
            "follow_up_on": follow_up,
            "in_council_report": "y",  # a browser sends the ticked box back
            "version": "1",
        },
    )
    post("/move", {"to": "mapping", "version": "2", "reason": "Ans Bakker heeft al een plan."})
    post(
        "/activities",
        {
            "kind": "meeting",
            "happened_on": local_today().isoformat(),
            "practice": "mapping",
            "note": "Koffie bij Ans Bakker op Merelstraat 12.",
        },
    )
    post(
        "/barriers",
        {
            "barrier-category": str(_id(demo_world, BarrierCategory, code="rigid_rules")),
            "barrier-description": "De APV verbiedt Ans Bakker een hek te plaatsen.",
            "barrier-department": "0",
            "barrier-stage": "mapping",
            "barrier-raised_on": local_today().isoformat(),
        },
    )
    post(
        "/helps",
        {
            "help-category": str(_id(demo_world, HelpCategory, code="budget")),
            "help-provider": "alderman",
            "help-department": "",
            "help-description": "Geld voor het hek van Ans Bakker.",
            "help-requested_on": local_today().isoformat(),
        },
    )
    with demo_world.app_context():
        zuid_id = db.session.scalar(sa.text("SELECT id FROM users WHERE username = 'zuid'"))
    post(
        "/owner",
        {
            "handover-owner": str(zuid_id),
            "handover-note": "Ans Bakker verwacht een belletje.",
            "handover-confirmed": "yes",
        },
    )

    logged = all_logged_text(demo_world)
    for detail in (*RESIDENT, "Bakker", "ans.bakker", "98765432", "Merelstraat"):
        assert detail not in logged

    with demo_world.app_context():
        data = {
            entry.action: entry.data
            for entry in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.initiative_id == case_id))
        }
    # Which free-text fields were given or changed is kept, and so are the values that name nobody.
    assert data["initiative.opened"]["title"] == REDACTED
    assert data["initiative.opened"]["address"] == REDACTED
    assert data["initiative.opened"]["neighbourhood"] == "WK999902"
    assert data["initiative.opened"]["channel"] == "phone"
    assert data["initiative.updated"] == {
        "title": REDACTED,
        "description": REDACTED,
        "address": REDACTED,
        "support_requested": REDACTED,
        "next_step": REDACTED,
        "follow_up_on": [None, follow_up],
    }
    assert data["initiative.moved"] == {"stage": ["intake", "mapping"], "reason": REDACTED, "result": None}
    assert data["initiative.handed_over"] == {"owner": ["noord", "zuid"], "note": REDACTED}
    assert data["barrier.recorded"]["description"] == REDACTED
    assert data["barrier.recorded"]["category"] == "rigid_rules"
    assert data["help.requested"]["description"] == REDACTED
    assert data["help.requested"]["provider"] == "alderman"

    # The case's history tells what changed, in words, without the texts.
    history = signed_in("zuid").get(case_url).get_data(as_text=True).split('id="history"')[1]
    assert "Zaak bewerkt: titel, omschrijving, adres of plek, gevraagde ondersteuning" in history
    assert "Drempel vastgelegd" in history or "Barrier recorded" in history
    assert "Bakker" not in history
