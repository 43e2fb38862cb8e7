"""The push of a case to the case system, against a ZGW server on loopback that validates every
request against the OpenAPI documents (`fake_zgw`): what a first push sends, that a second sends
nothing new, that a new stage sends one status, that a failure half-way resumes without sending
anything twice, wrong credentials told in Dutch, and a mapping table without a stage's type."""

import base64
import json

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative
from initiatives.cases.stages import Result, Stage
from initiatives.extensions import db
from initiatives.zgw import operations
from initiatives.zgw.models import MappingKind, ZgwPushedItem, ZgwZaak
from tests.conftest import open_test_case

RESULT_TYPE = "https://catalogi.example/api/v1/resultaattypen/9a1c3e55-0000-4000-8000-000000000001"


def _closed_case(archive=True):
    """A case moved to mapping and closed (realised), its file marked for the archive."""
    initiative = open_test_case()
    owner = initiative.owner
    cases.move_case(initiative, owner, Stage.MAPPING)
    cases.move_case(initiative, owner, Stage.CLOSED, result=Result.REALISED, lessons="Goed gegaan.")
    if archive:
        operations.mark_for_archive(initiative.attachments[0], owner, True)
    db.session.commit()
    return initiative


def _map_result(actor):
    operations.save_table(MappingKind.RESULT, {str(Result.REALISED): RESULT_TYPE}, actor)


def _push(initiative):
    report = operations.push(initiative, initiative.owner)
    db.session.commit()
    return report


def _press_the_button(browser, case_id):
    """Send the case from its page; the page it comes back to, as text."""
    case_page = f"/initiatives/{case_id}"
    answer = browser.submit(f"{case_page}/zgw", {}, form_url=case_page)
    assert answer.status_code in (302, 303)
    return browser.get(case_page).get_data(as_text=True)


def _actions(initiative_id):
    return list(
        db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.initiative_id == initiative_id, AuditEntry.action.like("zgw.%"))
            .order_by(AuditEntry.id)
        )
    )


def test_the_first_push_of_a_closed_case_sends_the_zaak_and_all_that_belongs_to_it(demo_world, zgw):
    with demo_world.app_context():
        initiative = _closed_case()
        _map_result(initiative.owner)
        report = _push(initiative)

        assert report.ok, report.error
        assert report.problems == []
        zaak = zgw.made("zaken")[0]
        assert zaak["bronorganisatie"] == zaak["verantwoordelijkeOrganisatie"] == "002220647"
        assert zaak["omschrijving"] == "Moestuin op het veldje aan de Merelstraat"
        assert zaak["startdatum"] == initiative.received_on.isoformat()
        assert db.session.get(ZgwZaak, initiative.id).zaak_url == zaak["url"]
        # Intake, mapping and closed: three statuses, the end status last (after the result).
        statuses = zgw.made("statussen")
        ordered = sorted(zgw.statustypen, key=lambda statustype: statustype["volgnummer"])
        assert [status["statustype"] for status in statuses] == [
            ordered[0]["url"],
            ordered[1]["url"],
            ordered[-1]["url"],
        ]
        assert zgw.requests.index(("POST", "/zaken/api/v1/resultaten")) < max(
            index for index, request in enumerate(zgw.requests) if request[1].endswith("/statussen")
        )
        roles = zgw.made("rollen")
        assert [role["betrokkeneType"] for role in roles] == ["medewerker", "natuurlijk_persoon"]
        assert roles[0]["betrokkeneIdentificatie"]["identificatie"] == "noord"
        contact = roles[1]
        assert contact["contactpersoonRol"] == {
            "naam": "Jan Jansen",
            "emailadres": "jan@example.org",
            "telefoonnummer": "0612345678",
        }
        assert set(contact["betrokkeneIdentificatie"]) == {"geslachtsnaam"}
        assert zgw.made("resultaten")[0]["resultaattype"] == RESULT_TYPE
        (zaakobject,) = zgw.made("zaakobjecten")
        assert zaakobject["objectType"] == "wijk"
        assert zaakobject["objectIdentificatie"]["gemGemeenteCode"] == "9999"
        (document,) = zgw.made("enkelvoudiginformatieobjecten")
        assert document["titel"] == "plattegrond.txt"
        assert document["bestandsomvang"] == len(b"Het veldje ligt achter nummer 12.")
        (link,) = zgw.made("zaakinformatieobjecten")
        assert link["informatieobject"] == document["url"]
        assert _actions(initiative.id)[0] == "zgw.zaak_created"
        assert _actions(initiative.id)[-1] == "zgw.pushed"


def test_the_description_goes_anonymised(demo_world, zgw):
    with demo_world.app_context():
        initiative = open_test_case(description="Jan Jansen (06 12345678, jan@example.org) wil een moestuin.")
        db.session.commit()
        _push(initiative)
        toelichting = zgw.made("zaken")[0]["toelichting"]
        assert "Jan Jansen" not in toelichting
        assert "jan@example.org" not in toelichting
        assert "moestuin" in toelichting


def test_a_second_push_sends_nothing_new_and_a_new_stage_one_status(demo_world, zgw):
    with demo_world.app_context():
        initiative = open_test_case()
        db.session.commit()
        _push(initiative)
        sent_first = len(zgw.requests)
        posts_before = [request for request in zgw.requests if request[0] == "POST"]

        again = _push(initiative)
        assert again.ok
        assert again.sent == []
        new_posts = [request for request in zgw.requests[sent_first:] if request[0] == "POST"]
        assert new_posts == []

        cases.move_case(initiative, initiative.owner, Stage.MAPPING)
        db.session.commit()
        later = _push(initiative)
        assert later.sent == ["status"]
        assert len(zgw.made("statussen")) == 2
        assert len(posts_before) == 5  # zaak, status, two roles, zaakobject


def test_a_failure_half_way_is_told_and_the_retry_sends_each_object_once(demo_world, zgw, signed_in):
    with demo_world.app_context():
        initiative = _closed_case()
        _map_result(initiative.owner)
        db.session.commit()
        case_id = initiative.id
    zgw.fail_next("zaakobjecten", 500)
    noord = signed_in("noord")
    text = _press_the_button(noord, case_id)
    assert "Het zaaksysteem had een fout (500)." in text
    assert "Probeer het later opnieuw." in text  # the server's own words
    with demo_world.app_context():
        kept = db.session.scalar(sa.select(sa.func.count(ZgwPushedItem.id)))
        assert kept == 4  # three statuses would follow the result: two open ones and two roles
        assert "zgw.push_failed" in _actions(case_id)

    assert "Naar het zaaksysteem gestuurd." in _press_the_button(noord, case_id)
    assert len(zgw.made("zaken")) == 1
    assert len(zgw.made("rollen")) == 2
    assert len(zgw.made("zaakobjecten")) == 1
    assert len(zgw.made("statussen")) == 3
    assert len(zgw.made("enkelvoudiginformatieobjecten")) == 1


def test_wrong_credentials_are_told_in_dutch(demo_world, zgw, signed_in):
    demo_world.config["ZGW_SECRET"] = "niet-het-goede-geheim-niet-het-goede-geheim"
    with demo_world.app_context():
        initiative = open_test_case()
        db.session.commit()
        case_id = initiative.id
    text = _press_the_button(signed_in("noord"), case_id)
    assert "Het zaaksysteem accepteerde de inloggegevens van Bricoleur niet" in text
    assert "Het JWT is ongeldig." in text
    assert zgw.made("zaken") == []
    with demo_world.app_context():
        assert db.session.get(ZgwZaak, case_id) is None


def test_a_mapping_table_without_a_stage_is_reported_and_the_rest_goes_on(demo_world, zgw):
    demo_world.config["ZGW_STATUSES"] = json.dumps({"intake": zgw.statustypen[-1]["url"]})
    with demo_world.app_context():
        initiative = _closed_case(archive=False)
        report = _push(initiative)
        assert report.ok
        assert 'Er is geen statustype ingesteld voor de fase "Situatie in kaart brengen".' in report.problems
        assert 'Er is geen resultaattype ingesteld voor het resultaat "Gerealiseerd".' in report.problems
        assert len(zgw.made("statussen")) == 1  # intake only
        assert len(zgw.made("rollen")) == 2
        assert zgw.made("resultaten") == []


def test_a_zaaktype_with_another_count_of_status_types_is_reported_not_guessed(demo_world, zgw):
    zgw.catalogue(zgw.statustypen[0]["zaaktype"], statuses=4)
    with demo_world.app_context():
        initiative = open_test_case()
        db.session.commit()
        report = _push(initiative)
        assert report.ok
        assert len(report.problems) == 1
        assert zgw.made("statussen") == []
        assert len(zgw.made("zaken")) == 1


def test_only_files_marked_for_the_archive_go(demo_world, zgw):
    with demo_world.app_context():
        initiative = _closed_case(archive=False)
        _push(initiative)
        assert zgw.made("enkelvoudiginformatieobjecten") == []
        operations.mark_for_archive(initiative.attachments[0], initiative.owner, True)
        db.session.commit()
        _push(db.session.get(Initiative, initiative.id))
        assert len(zgw.made("enkelvoudiginformatieobjecten")) == 1
        assert base64.b64decode(zgw.sent_content[-1]) == b"Het veldje ligt achter nummer 12."


def test_the_location_goes_as_the_zaakgeometrie_and_a_change_is_sent_once(demo_world, zgw):
    """A GeoJSON Point (longitude first) with Content-Crs and Accept-Crs EPSG:4326, which the fake
    case system's OpenAPI check requires; a changed or cleared location is PATCHed once."""
    with demo_world.app_context():
        initiative = open_test_case(location={"latitude": 52.0907, "longitude": 5.1214})
        db.session.commit()
        _push(initiative)
        zaak = zgw.made("zaken")[0]
        assert zaak["zaakgeometrie"] == {"type": "Point", "coordinates": [5.1214, 52.0907]}
        assert _push(initiative).sent == []
        assert zgw.updated == []

        cases.update_case(
            initiative, initiative.owner, initiative.version, location={"latitude": 52.1, "longitude": 5.2}
        )
        db.session.commit()
        assert _push(initiative).sent == ["zaakgeometrie"]
        assert zgw.updated == [
            (zaak["url"], {"zaakgeometrie": {"type": "Point", "coordinates": [5.2, 52.1]}})
        ]
        assert _push(initiative).sent == []

        cases.update_case(initiative, initiative.owner, initiative.version, location=None)
        db.session.commit()
        assert _push(initiative).sent == ["zaakgeometrie"]
        assert zgw.updated[-1] == (zaak["url"], {"zaakgeometrie": None})
        assert zaak["zaakgeometrie"] is None


def test_a_case_without_a_location_sends_no_geometry(demo_world, zgw):
    with demo_world.app_context():
        initiative = open_test_case()
        db.session.commit()
        _push(initiative)
        assert "zaakgeometrie" not in zgw.made("zaken")[0] or zgw.made("zaken")[0]["zaakgeometrie"] is None
        assert zgw.updated == []
