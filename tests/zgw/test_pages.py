"""The case system's pages with the export switched on (against the ZGW server on loopback): who
may send a case, what the case page says after a push (in Dutch, with the server's own words on
an error), the files marked for the archive, and the admin's tables of status and result types."""

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.attachments import add_attachment
from initiatives.cases.models import Attachment, Initiative
from initiatives.extensions import db
from initiatives.zgw.models import MappingKind, ZgwMapping, ZgwZaak
from tests.access_policy import POLICY, ZGW_ON_POLICY
from tests.conftest import csrf_token_from, open_test_case, url_ids
from tests.zgw.test_push import RESULT_TYPE

SEND_BUTTON = "Naar zaaksysteem sturen"
NOT_SENT = "Nog niet naar het zaaksysteem gestuurd."


def _case(**fields):
    with_app = open_test_case(**fields)
    db.session.commit()
    return with_app.id


def _section(page):
    """The case page's section of the case system (its HTML), or "" when the page has none."""
    if 'id="zgw"' not in page:
        return ""
    return page.split('id="zgw"', 1)[1].split("</section>", 1)[0]


# -- who may do what, with the export on ------------------------------------------------------------


@pytest.mark.parametrize("endpoint", [*sorted(ZGW_ON_POLICY), "cases.show", "admin.users", "home.index"])
@pytest.mark.parametrize("actor", sorted(ZGW_ON_POLICY["zgw.push"]))
def test_routes_answer_each_actor_as_declared_with_the_export_on(
    demo_world,
    zgw,
    test_case,
    actor_client,
    endpoint,
    actor,
):
    """ZGW_ON_POLICY for the export's routes; the pages it adds to keep their POLICY outcomes."""
    method, url_template, outcomes = POLICY[endpoint]
    expected = ZGW_ON_POLICY.get(endpoint, outcomes)[actor]
    url = url_template.format(**url_ids(demo_world, test_case))
    client = actor_client(actor)
    if method == "GET":
        response = client.get(url)
    else:
        token = csrf_token_from(client.get("/login", follow_redirects=True).get_data(as_text=True))
        response = client.client.post(url, data={"csrf_token": token})
    if expected == "login":
        assert response.status_code == 302
        assert response.location.startswith("/login")
    else:
        assert response.status_code == expected
    if endpoint == "zgw.push":
        assert len(zgw.made("zaken")) == (1 if expected == 302 else 0)


# -- the case page ------------------------------------------------------------------------------


def test_the_owner_sees_the_section_the_button_and_the_files(demo_world, zgw, signed_in):
    with demo_world.app_context():
        case_id = _case()
    section = _section(signed_in("noord").get(f"/initiatives/{case_id}").get_data(as_text=True))
    assert "Zaaksysteem" in section
    assert NOT_SENT in section
    assert SEND_BUTTON in section
    assert "Bestanden voor het archief in het zaaksysteem" in section
    assert "plattegrond.txt" in section
    assert "checked" not in section  # no file goes unless the team marks it


def test_the_secretary_may_send_but_not_mark_files_and_another_wijk_only_reads(demo_world, zgw, signed_in):
    with demo_world.app_context():
        case_id = _case()
    secretary = _section(signed_in("secretaris").get(f"/initiatives/{case_id}").get_data(as_text=True))
    assert SEND_BUTTON in secretary
    assert "plattegrond.txt" not in secretary
    other = signed_in("zuid").get(f"/initiatives/{case_id}")
    assert other.status_code == 200  # managers read every wijk's cases
    section = _section(other.get_data(as_text=True))
    assert NOT_SENT in section
    assert SEND_BUTTON not in section
    assert "plattegrond.txt" not in section


def test_the_section_is_not_there_while_the_export_is_off(demo_world, zgw, signed_in):
    demo_world.config["ZGW_ZAKEN_API"] = ""
    with demo_world.app_context():
        case_id = _case()
    noord = signed_in("noord")
    page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert page.count("Zaaksysteem") == 0
    assert _section(page) == ""
    assert noord.get("/admin/zgw").status_code in (403, 404)


def test_a_push_from_the_page_says_what_was_sent_and_links_the_zaak(demo_world, zgw, signed_in):
    with demo_world.app_context():
        case_id = _case()
    noord = signed_in("noord")
    answer = noord.submit(f"/initiatives/{case_id}/zgw", {}, form_url=f"/initiatives/{case_id}")
    assert answer.status_code == 302
    section = _section(noord.get(f"/initiatives/{case_id}").get_data(as_text=True))
    # The zaak, one status, the owner's and the contact person's roles and the wijk.
    assert "Naar het zaaksysteem gestuurd. 5 nieuwe objecten." in section
    assert "Naar het zaaksysteem gestuurd, laatst op" in section
    zaak_url = zgw.made("zaken")[0]["url"]
    assert f'href="{zaak_url}"' in section
    assert "De zaak in het zaaksysteem" in section

    noord.submit(f"/initiatives/{case_id}/zgw", {}, form_url=f"/initiatives/{case_id}")
    again = _section(noord.get(f"/initiatives/{case_id}").get_data(as_text=True))
    assert "Naar het zaaksysteem gestuurd. Er was niets nieuws te versturen." in again
    assert len(zgw.made("zaken")) == 1


def test_a_server_error_is_told_in_dutch_with_the_servers_words(demo_world, zgw, signed_in):
    with demo_world.app_context():
        case_id = _case()
    zgw.fail_next("zaken", 503)
    secretary = signed_in("secretaris")
    secretary.submit(f"/initiatives/{case_id}/zgw", {}, form_url=f"/initiatives/{case_id}")
    section = _section(secretary.get(f"/initiatives/{case_id}").get_data(as_text=True))
    assert "Het zaaksysteem had een fout (503)." in section
    assert "Melding van het zaaksysteem: Interne serverfout Probeer het later opnieuw." in section
    assert "De rest wordt de volgende keer meegestuurd." in section
    assert NOT_SENT in section
    with demo_world.app_context():
        assert db.session.get(ZgwZaak, case_id) is None


def test_a_push_without_its_form_token_is_refused(demo_world, zgw, signed_in):
    with demo_world.app_context():
        case_id = _case()
    answer = signed_in("noord").client.post(f"/initiatives/{case_id}/zgw", data={})
    assert answer.status_code == 400
    assert zgw.made("zaken") == []


# -- files for the archive ----------------------------------------------------------------------


def test_the_team_marks_and_unmarks_files_for_the_archive(demo_world, zgw, signed_in):
    with demo_world.app_context():
        initiative = open_test_case()
        second = add_attachment(initiative, initiative.owner, "verslag.txt", b"Verslag van de buurtavond.")
        db.session.commit()
        case_id, first_id, second_id = initiative.id, initiative.attachments[0].id, second.id
    noord = signed_in("noord")
    case_page = f"/initiatives/{case_id}"
    answer = noord.submit(f"{case_page}/zgw/files", {"archive": [str(second_id)]}, form_url=case_page)
    assert answer.status_code == 302
    section = _section(noord.get(case_page).get_data(as_text=True))
    assert "De bestanden voor het archief zijn opgeslagen." in section
    assert f'id="archive-{second_id}" name="archive" value="{second_id}" checked' in section
    assert f'value="{first_id}" checked' not in section
    with demo_world.app_context():
        assert db.session.get(Attachment, second_id).for_archive
        assert not db.session.get(Attachment, first_id).for_archive

    noord.submit(f"{case_page}/zgw/files", {}, form_url=case_page)
    with demo_world.app_context():
        assert not db.session.get(Attachment, second_id).for_archive
        marks = db.session.scalars(
            sa.select(AuditEntry.data)
            .where(AuditEntry.action == "attachment.archive_marked")
            .order_by(AuditEntry.id)
        ).all()
        assert [mark["for_archive"] for mark in marks] == [True, False]

    noord.submit(case_page + "/zgw", {}, form_url=case_page)
    assert zgw.made("enkelvoudiginformatieobjecten") == []


def test_only_the_marked_file_goes_with_the_push(demo_world, zgw, signed_in):
    with demo_world.app_context():
        case_id = _case()
        attachment_id = db.session.get(Initiative, case_id).attachments[0].id
    noord = signed_in("noord")
    case_page = f"/initiatives/{case_id}"
    noord.submit(f"{case_page}/zgw/files", {"archive": [str(attachment_id)]}, form_url=case_page)
    noord.submit(f"{case_page}/zgw", {}, form_url=case_page)
    (document,) = zgw.made("enkelvoudiginformatieobjecten")
    assert document["bestandsnaam"] == "plattegrond.txt"


# -- the admin's tables -------------------------------------------------------------------------


def test_the_admin_page_lists_the_status_types_found(demo_world, zgw, signed_in):
    beheer = signed_in("beheer")
    assert 'href="/admin/zgw"' in beheer.get("/admin/users").get_data(as_text=True)  # in the menu
    page = beheer.get("/admin/zgw")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Statustypen van het zaaktype (7)" in text
    ordered = sorted(zgw.statustypen, key=lambda statustype: statustype["volgnummer"])
    positions = [text.index(statustype["url"]) for statustype in ordered]
    assert positions == sorted(positions)  # by their number
    assert "Status 1" in text


def test_the_admin_saves_both_tables(demo_world, zgw, signed_in):
    beheer = signed_in("beheer")
    intake_type = zgw.statustypen[-1]["url"]
    answer = beheer.submit(
        "/admin/zgw", {"status-intake": intake_type, "result-realised": RESULT_TYPE}, follow_redirects=True
    )
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "De tabellen zijn opgeslagen." in text
    assert f'value="{intake_type}"' in text
    with demo_world.app_context():
        rows = db.session.scalars(sa.select(ZgwMapping).order_by(ZgwMapping.kind)).all()
        assert {(row.kind, row.code, row.url) for row in rows} == {
            (MappingKind.STATUS, "intake", intake_type),
            (MappingKind.RESULT, "realised", RESULT_TYPE),
        }
        assert (
            db.session.scalar(
                sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "zgw.mapping_changed")
            )
            == 2
        )

    same = beheer.submit(
        "/admin/zgw", {"status-intake": intake_type, "result-realised": RESULT_TYPE}, follow_redirects=True
    )
    assert "Er is niets gewijzigd." in same.get_data(as_text=True)

    beheer.submit("/admin/zgw", {"result-realised": RESULT_TYPE})  # the status emptied: removed
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ZgwMapping)) == 1


def test_the_admin_page_refuses_what_is_no_url_in_dutch(demo_world, zgw, signed_in):
    beheer = signed_in("beheer")
    answer = beheer.submit(
        "/admin/zgw", {"status-intake": "de eerste status", "result-realised": RESULT_TYPE}
    )
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "Vul een webadres (URL) in." in text
    assert "De tabellen zijn opgeslagen." not in text
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ZgwMapping)) == 0


def test_the_admin_page_shows_the_environments_table_winning(demo_world, zgw, signed_in):
    fixed = zgw.statustypen[-1]["url"]
    demo_world.config["ZGW_STATUSES"] = f'{{"intake": "{fixed}"}}'
    text = signed_in("beheer").get("/admin/zgw").get_data(as_text=True)
    assert "ingesteld in de omgevingsvariabelen, die voorgaan op deze tabel" in text
    assert fixed in text


def test_the_admin_page_tells_when_the_catalogi_api_refuses(demo_world, zgw, signed_in):
    demo_world.config["ZGW_SECRET"] = "niet-het-goede-geheim-niet-het-goede-geheim"
    page = signed_in("beheer").get("/admin/zgw")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Het zaaksysteem accepteerde de inloggegevens van Bricoleur niet" in text
    assert "Het JWT is ongeldig." in text
