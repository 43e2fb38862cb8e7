"""Who was at a contact, from the stakeholder map: the section lists the latest timeline entries
with the stakeholders named at each, and a page per entry ticks who took part. Each stakeholder
added or taken off is changed as on its own page (version, audit log), and its last contact
follows."""

import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.stakeholders.models import Stakeholder


def _soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _present(page, day_text):
    heading = page.find("h3", string="Betrokkenen bij de laatste contacten")
    items = heading.find_next("ul").find_all("li")
    return [" ".join(item.get_text(" ").split()) for item in items if day_text in item.get_text()]


def test_the_stakeholders_of_a_contact_are_ticked_from_the_map(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id = mapped_case["initiative_id"]
    url = f"/initiatives/{case_id}/stakeholders/contacts/{mapped_case['meeting']}"
    section = _soup(noord.get(f"/initiatives/{case_id}")).find(id="stakeholders")
    link = section.find("a", href=url)
    assert link is not None
    assert "Wie was erbij?" in link.get_text()
    # The meeting names Karel Kwast (the fixture's colleague) already.
    item = " ".join(link.find_parent("li").get_text(" ").split())
    assert "Karel Kwast" in item
    assert "Woonstichting Thuis" not in item

    form = _soup(noord.get(url))
    ticked = {
        box["value"] for box in form.find_all("input", attrs={"name": "contact-stakeholders"}, checked=True)
    }
    assert ticked == {str(mapped_case["colleague"])}
    saved = noord.submit(
        url,
        {"contact-stakeholders": [str(mapped_case["corporation"]), str(mapped_case["helper"])]},
        form_url=url,
    )
    assert saved.status_code == 302
    assert saved.location.endswith("#stakeholders-confirmation")
    page = _soup(noord.get(f"/initiatives/{case_id}"))
    assert "Wie er bij dit contact was, is opgeslagen." in page.find(id="stakeholders").get_text()
    item = " ".join(page.find("a", href=url).find_parent("li").get_text(" ").split())
    assert "Woonstichting Thuis" in item
    assert "Karel Kwast" not in item

    with demo_world.app_context():
        by_id = {row.id: row for row in db.session.scalars(sa.select(Stakeholder))}
        assert by_id[mapped_case["colleague"]].activities == []
        assert by_id[mapped_case["colleague"]].last_contact_on is None
        assert by_id[mapped_case["corporation"]].last_contact_on == local_today()
        assert [a.id for a in by_id[mapped_case["helper"]].activities] == [mapped_case["meeting"]]
        assert by_id[mapped_case["corporation"]].version == 2
        assert by_id[mapped_case["contact"]].version == 1  # not changed
        logged = db.session.scalars(
            sa.select(AuditEntry.data)
            .where(AuditEntry.action == "stakeholder.updated")
            .order_by(AuditEntry.id)
        ).all()
    meeting = mapped_case["meeting"]
    assert sorted(logged, key=str) == sorted(
        [
            {"activity_ids": [[meeting], []]},
            {"activity_ids": [[], [meeting]]},
            {"activity_ids": [[], [meeting]]},
        ],
        key=str,
    )


def test_a_contact_of_another_case_or_voided_is_not_found(demo_world, mapped_case, signed_in, test_case):
    from initiatives.cases import activities

    noord = signed_in("noord")
    case_id = mapped_case["initiative_id"]
    with demo_world.app_context():
        other = db.session.scalars(sa.select(Initiative).where(Initiative.id != case_id)).first()
        foreign = other.activities[0].id if other is not None and other.activities else None
        meeting = db.session.get(Initiative, case_id).activities
        voided = next(item for item in meeting if item.id == mapped_case["meeting"])
        activities.void_activity(voided, voided.author, reason="Dubbel ingevoerd.")
        db.session.commit()
    if foreign is not None:
        assert noord.get(f"/initiatives/{case_id}/stakeholders/contacts/{foreign}").status_code == 404
    assert (
        noord.get(f"/initiatives/{case_id}/stakeholders/contacts/{mapped_case['meeting']}").status_code == 404
    )
    assert noord.get(f"/initiatives/{case_id}/stakeholders/contacts/999999").status_code == 404


def test_readers_outside_the_team_are_not_offered_it(demo_world, mapped_case, signed_in):
    case_id = mapped_case["initiative_id"]
    page = signed_in("secretaris").get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "/stakeholders/contacts/" not in page
    assert (
        signed_in("secretaris")
        .get(f"/initiatives/{case_id}/stakeholders/contacts/{mapped_case['meeting']}")
        .status_code
        == 403
    )
