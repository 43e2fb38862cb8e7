"""A case's stakeholders in the case system: each a Rol "belanghebbende" (or "adviseur" for an
adviser), naming only its department or organisation and the person it names; its stance, scores
and notes stay in Bricoleur; a stakeholder linked to a contact person is that person's "initiator"
role already; a zaaktype without the role type is reported, the rest sent."""

import json

import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.stakeholders.operations import add_stakeholder
from initiatives.zgw import operations
from tests.conftest import open_test_case
from tests.zgw.conftest import zaaktype

NOTE = "Petra belde vanaf 06 98765432 en is er fel op tegen."


def _case_with_stakeholders():
    """A case with a department's colleague (decider), a housing corporation (interested party),
    an adviser with a named person, a resident by name, the contact person on the map, and a
    resident whose name was erased."""
    initiative = open_test_case()
    owner = initiative.owner
    department = db.session.scalars(sa.select(Department).order_by(Department.id)).first()
    common = {"influence": 3, "interest": 4}
    add_stakeholder(
        initiative,
        owner,
        side="inside",
        role="decider",
        department=department,
        name="Petra de Vries",
        stance="against",
        note=NOTE,
        **common,
    )
    add_stakeholder(
        initiative, owner, side="outside", role="stakeholder", organisation="Woonstichting Thuis", **common
    )
    add_stakeholder(
        initiative,
        owner,
        side="outside",
        role="adviser",
        organisation="Welzijn Noord",
        name="Ahmed Yilmaz",
        **common,
    )
    add_stakeholder(initiative, owner, side="outside", role="co_initiator", name="Kees Bakker", **common)
    add_stakeholder(
        initiative, owner, side="outside", role="initiator", initiator=initiative.initiators[0], **common
    )
    erased = add_stakeholder(initiative, owner, side="outside", role="stakeholder", name="Erik", **common)
    erased.name = ""  # as the retention purge leaves it
    db.session.commit()
    return initiative, department.name


def _with_stakeholder_roles(zgw):
    zgw.catalogue(zaaktype(zgw), roles=("behandelaar", "initiator", "belanghebbende", "adviseur"))
    return {roltype["omschrijvingGeneriek"]: roltype["url"] for roltype in zgw.roltypen}


def test_stakeholders_go_as_interested_parties_and_advisers_by_name_and_organisation(demo_world, zgw):
    roltypen = _with_stakeholder_roles(zgw)
    with demo_world.app_context():
        initiative, department = _case_with_stakeholders()
        case_id = initiative.id
        report = operations.push(initiative, initiative.owner)
        db.session.commit()
        assert report.ok, report.error
        assert report.problems == []

    owner, contact, *stakeholders = zgw.made("rollen")
    assert (owner["betrokkeneType"], contact["betrokkeneType"]) == ("medewerker", "natuurlijk_persoon")
    sent = {
        (
            role["betrokkeneType"],
            json.dumps(role["betrokkeneIdentificatie"], sort_keys=True),
            role.get("contactpersoonRol", {}).get("naam"),
            role["roltype"],
            role["roltoelichting"],
        )
        for role in stakeholders
    }
    assert sent == {
        (
            "organisatorische_eenheid",
            json.dumps({"naam": department}),
            "Petra de Vries",
            roltypen["belanghebbende"],
            "Betrokkene bij het initiatief (beslisser)",
        ),
        (
            "niet_natuurlijk_persoon",
            json.dumps({"statutaireNaam": "Woonstichting Thuis"}),
            None,
            roltypen["belanghebbende"],
            "Betrokkene bij het initiatief (belanghebbende)",
        ),
        (
            "niet_natuurlijk_persoon",
            json.dumps({"statutaireNaam": "Welzijn Noord"}),
            "Ahmed Yilmaz",
            roltypen["adviseur"],
            "Betrokkene bij het initiatief (adviseur)",
        ),
        (
            "natuurlijk_persoon",
            json.dumps({"geslachtsnaam": "Kees Bakker"}),
            None,
            roltypen["belanghebbende"],
            "Betrokkene bij het initiatief (mede-initiatiefnemer)",
        ),
    }
    # Only the name of a stakeholder's person: no stance, its note, scores or contact details.
    for role in stakeholders:
        assert set(role.get("contactpersoonRol", {})) <= {"naam"}
    everything_sent = json.dumps(zgw.created)
    assert "98765432" not in everything_sent
    assert "fel op tegen" not in everything_sent
    # The contact person on the map is not sent twice.
    assert [role["betrokkeneType"] for role in zgw.made("rollen")].count("natuurlijk_persoon") == 2

    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        again = operations.push(initiative, initiative.owner)
        assert again.sent == []


def test_a_zaaktype_without_the_role_types_is_reported_and_the_rest_goes(demo_world, zgw):
    with demo_world.app_context():
        initiative, _department = _case_with_stakeholders()
        report = operations.push(initiative, initiative.owner)
        db.session.commit()
    assert report.ok
    assert report.problems == [
        'Het zaaktype heeft geen roltype "adviseur": de betrokkenen met die rol worden niet verstuurd.',
        'Het zaaktype heeft geen roltype "belanghebbende": de betrokkenen met die rol worden niet verstuurd.',
    ]
    assert len(zgw.made("rollen")) == 2  # the owner and the contact person
    assert len(zgw.made("zaakobjecten")) == 1
