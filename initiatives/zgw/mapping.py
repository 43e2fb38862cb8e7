"""How a case is told in ZGW terms: the request bodies of its Zaak, Status, Rol, Resultaat,
ZaakObject and documents, and which statustype and resultaattype its stages and result have.

Only what the mapping names leaves Bricoleur: the description anonymised (as for any reader
outside the case's team), the contact persons' name, e-mail address and phone number (no home
address), the owner's username and name, the stakeholders' department or organisation and the
name of the person they name (no stance, scores, notes or contacts), the neighbourhood's CBS
code, and the files the team marked for the archive.
"""

import base64
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.cases.personal_data import CaseTexts
from initiatives.cases.stages import OPEN_STAGES, Result, Stage
from initiatives.extensions import db
from initiatives.stakeholders.kinds import Side, StakeholderRole
from initiatives.stakeholders.naming import person_of
from initiatives.zgw.models import MappingKind, ZgwMapping

#: The stages in the order of a zaaktype made for Bricoleur: first contact first, closed last.
STAGE_ORDER = [*OPEN_STAGES, Stage.CLOSED]
OMSCHRIJVING_LENGTH = 80
TOELICHTING_LENGTH = 1000


def admin_table(kind):
    """The admin page's table of `kind` (a MappingKind): code -> URL."""
    rows = db.session.scalars(sa.select(ZgwMapping).where(ZgwMapping.kind == kind))
    return {row.code: row.url for row in rows}


def effective_table(kind, settings):
    """The table in force: the admin's, with the environment's entries winning."""
    from_environment = settings.statuses if kind == MappingKind.STATUS else settings.results
    return admin_table(kind) | from_environment


@dataclass
class StatusTypes:
    """Which statustype each stage has, and what kept one from having one."""

    by_stage: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)


def status_types(settings, catalogue_types):
    """The statustype of each stage: by the table when there is one (a stage missing from it is
    reported), else the zaaktype's statustypen in their volgnummer order (a different count is
    reported, not guessed)."""
    table = effective_table(MappingKind.STATUS, settings)
    found = StatusTypes()
    if table:
        for stage in STAGE_ORDER:
            if table.get(str(stage)):
                found.by_stage[stage] = table[str(stage)]
            else:
                found.problems.append(
                    _('No status type is set for the stage "%(stage)s".', stage=stage.title)
                )
        return found
    ordered = sorted(catalogue_types, key=lambda statustype: statustype.get("volgnummer", 0))
    if len(ordered) != len(STAGE_ORDER):
        found.problems.append(
            _(
                "The zaaktype has %(found)d status types, Bricoleur has %(stages)d stages: set the "
                "status table on the admin page.",
                found=len(ordered),
                stages=len(STAGE_ORDER),
            )
        )
        return found
    found.by_stage = {
        stage: statustype["url"] for stage, statustype in zip(STAGE_ORDER, ordered, strict=True)
    }
    return found


def result_type(settings, result):
    """The resultaattype of `result`, or None when the table has none (no guessing)."""
    return effective_table(MappingKind.RESULT, settings).get(str(result)) if result else None


def anonymised_description(initiative):
    """The description as anyone outside the case's team reads it."""
    return CaseTexts(initiative, hidden=True)(initiative.description)


#: The zaak's geometry as the audit log names it when a push sends it again (`zgw_object`).
ZAAKGEOMETRIE = "zaakgeometrie"


def zaakgeometrie(initiative):
    """The case's location as the zaak's geometry: a GeoJSON Point in EPSG:4326 (the Content-Crs
    the client sends), longitude first; None without a location."""
    return initiative.location.geojson() if initiative.location else None


def zaak(initiative, settings):
    body = {
        "bronorganisatie": settings.rsin,
        "verantwoordelijkeOrganisatie": settings.rsin,
        "zaaktype": settings.zaaktype,
        "startdatum": initiative.received_on.isoformat(),
        "omschrijving": initiative.title[:OMSCHRIJVING_LENGTH],
        "toelichting": anonymised_description(initiative)[:TOELICHTING_LENGTH],
    }
    if initiative.location:
        body["zaakgeometrie"] = zaakgeometrie(initiative)
    return body


def status(zaak_url, statustype, stage_change):
    body = {
        "zaak": zaak_url,
        "statustype": statustype,
        "datumStatusGezet": stage_change.happened_at.isoformat(),
    }
    return body


def owner_rol(zaak_url, roltype, owner):
    return {
        "zaak": zaak_url,
        "betrokkeneType": "medewerker",
        "roltype": roltype,
        "roltoelichting": "Eigenaar van het initiatief in Bricoleur",
        "betrokkeneIdentificatie": {
            "identificatie": owner.username[:128],
            "achternaam": owner.full_name[:200],
        },
    }


def initiator_rol(zaak_url, roltype, initiator):
    """A contact person: their name and how to reach them, nothing else."""
    contact = {"naam": initiator.name[:200]}
    if initiator.email:
        contact["emailadres"] = initiator.email
    if initiator.phone:
        contact["telefoonnummer"] = initiator.phone[:20]
    return {
        "zaak": zaak_url,
        "betrokkeneType": "natuurlijk_persoon",
        "roltype": roltype,
        "roltoelichting": "Contactpersoon van het initiatief",
        "betrokkeneIdentificatie": {"geslachtsnaam": initiator.name[:200]},
        "contactpersoonRol": contact,
    }


#: The case system's words for the stakeholder roles (ZGW's), in the role's explanation.
STAKEHOLDER_ROLE_NAMES = {
    StakeholderRole.INITIATOR: "initiatiefnemer",
    StakeholderRole.CO_INITIATOR: "mede-initiatiefnemer",
    StakeholderRole.ADVISER: "adviseur",
    StakeholderRole.DECIDER: "beslisser",
    StakeholderRole.STAKEHOLDER: "belanghebbende",
    StakeholderRole.COORDINATOR: "coördinator",
}


def stakeholder_roltype(stakeholder):
    """The generic role type (`omschrijvingGeneriek`) of a stakeholder: an adviser advises, every
    other has an interest in the case."""
    return "adviseur" if stakeholder.role == StakeholderRole.ADVISER else "belanghebbende"


def stakeholder_rol(zaak_url, roltype, stakeholder):
    """A stakeholder as a role: inside, its department; outside, its organisation or else the
    person by name; a named person of a department or organisation as the role's contact, by name
    only. None when nothing names it (a resident whose name was erased)."""
    person = person_of(stakeholder)[:200]
    body = {
        "zaak": zaak_url,
        "roltype": roltype,
        "roltoelichting": f"Betrokkene bij het initiatief ({STAKEHOLDER_ROLE_NAMES[stakeholder.role]})",
    }
    if stakeholder.side == Side.INSIDE:
        department = stakeholder.department.name if stakeholder.department else ""
        body["betrokkeneType"] = "organisatorische_eenheid"
        body["betrokkeneIdentificatie"] = {"naam": department[:255]}
    elif stakeholder.organisation:
        body["betrokkeneType"] = "niet_natuurlijk_persoon"
        body["betrokkeneIdentificatie"] = {"statutaireNaam": stakeholder.organisation[:500]}
    elif person:
        body["betrokkeneType"] = "natuurlijk_persoon"
        body["betrokkeneIdentificatie"] = {"geslachtsnaam": person}
        return body
    else:
        return None
    if person:
        body["contactpersoonRol"] = {"naam": person}
    return body


def resultaat(zaak_url, resultaattype, result):
    return {"zaak": zaak_url, "resultaattype": resultaattype, "toelichting": Result(result).value}


def zaakobject(zaak_url, neighbourhood):
    """The wijk (WK + gemeente 4 + wijk 2) or buurt (BU + gemeente 4 + wijk 2 + buurt 2) by its
    CBS code."""
    code = neighbourhood.code
    municipality, wijk = code[2:6], code[6:8]
    if code.startswith("BU"):
        kind, identification = (
            "buurt",
            {
                "buurtCode": code[8:10],
                "buurtNaam": neighbourhood.name[:40],
                "gemGemeenteCode": municipality,
                "wykWijkCode": wijk,
            },
        )
    else:
        kind, identification = (
            "wijk",
            {"wijkCode": wijk, "wijkNaam": neighbourhood.name[:40], "gemGemeenteCode": municipality},
        )
    return {
        "zaak": zaak_url,
        "objectType": kind,
        "relatieomschrijving": code,
        "objectIdentificatie": identification,
    }


def document(attachment, content, settings):
    """An EnkelvoudigInformatieObject with the file's content (base64)."""
    return {
        "bronorganisatie": settings.rsin,
        "creatiedatum": attachment.uploaded_at.date().isoformat(),
        "titel": attachment.filename[:200],
        "auteur": (attachment.uploaded_by.full_name or "Bricoleur")[:200],
        "taal": "nld",
        "bestandsnaam": attachment.filename[:255],
        "formaat": attachment.content_type[:255],
        "inhoud": base64.b64encode(content).decode("ascii"),
        "bestandsomvang": len(content),
        "informatieobjecttype": settings.informatieobjecttype,
        "indicatieGebruiksrecht": False,
    }


def zaakinformatieobject(zaak_url, document_url, attachment):
    return {"zaak": zaak_url, "informatieobject": document_url, "titel": attachment.filename[:200]}
