"""A contact person's home address: entered, edited and read wherever their other details are, and
never written to the audit log."""

import re

import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Initiator
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from tests.api.conftest import api_as, make_case  # noqa: F401 (fixtures)
from tests.cases.conftest import load
from tests.conftest import csrf_token_from

ADDRESS = "Vinkenstraat 14, 1234 AB Voorbeeldstad"


def _logged(app):
    with app.app_context():
        return [
            (entry.action, entry.summary, entry.data) for entry in db.session.scalars(sa.select(AuditEntry))
        ]


def test_the_intake_form_takes_the_address(demo_world, signed_in):
    with demo_world.app_context():
        wijk_id = find_neighbourhood("WK999902").id
    response = signed_in("noord").submit(
        "/initiatives/new",
        {
            "title": "Speeltoestel",
            "neighbourhood": str(wijk_id),
            "channel": "phone",
            "received_on": "01-03-2025",
            "initiator_name": "Ayşe Yılmaz",
            "initiator_address": ADDRESS,
        },
    )
    assert response.status_code == 302
    initiative = load(demo_world, int(response.location.rsplit("/", 1)[1]))
    assert [(person.name, person.address) for person in initiative.initiators] == [("Ayşe Yılmaz", ADDRESS)]
    assert ADDRESS not in str(_logged(demo_world))


def test_an_address_alone_needs_a_name(demo_world, signed_in):
    with demo_world.app_context():
        wijk_id = find_neighbourhood("WK999902").id
    response = signed_in("noord").submit(
        "/initiatives/new",
        {
            "title": "Speeltoestel",
            "neighbourhood": str(wijk_id),
            "channel": "phone",
            "received_on": "01-03-2025",
            "initiator_address": ADDRESS,
        },
    )
    assert response.status_code == 200
    assert "Vul de naam van de contactpersoon in." in response.get_data(as_text=True)


def test_add_and_edit_the_address_on_the_case_page(demo_world, test_case, signed_in):
    case_id = test_case["initiative_id"]
    noord = signed_in("noord")
    page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "Woonadres" in page.split('id="contacts"')[1]  # a column, and a field of the add form
    added = noord.submit(
        f"/initiatives/{case_id}/initiators",
        {"name": "Priya Ramdin", "address": ADDRESS},
        form_url=f"/initiatives/{case_id}",
    )
    assert added.status_code == 302
    with demo_world.app_context():
        priya = db.session.scalar(sa.select(Initiator).where(Initiator.name == "Priya Ramdin"))
        assert priya.address == ADDRESS
        priya_id = priya.id
    assert ADDRESS in noord.get(f"/initiatives/{case_id}").get_data(as_text=True)

    url = f"/initiatives/{case_id}/initiators/{priya_id}"
    assert f'value="{ADDRESS}"' in noord.get(url).get_data(as_text=True)
    saved = noord.submit(url, {"name": "Priya Ramdin", "address": "Merelstraat 3, 1234 CD Voorbeeldstad"})
    assert saved.status_code == 302
    with demo_world.app_context():
        assert db.session.get(Initiator, priya_id).address == "Merelstraat 3, 1234 CD Voorbeeldstad"

    logged = _logged(demo_world)
    assert ("initiator.added", f"contact added to case {case_id}", {"fields": ["name", "address"]}) in logged
    assert ("initiator.updated", f"contact changed on case {case_id}", {"fields": ["address"]}) in logged
    assert "Vinkenstraat" not in str(logged)
    assert "Merelstraat 3" not in str(logged)


def test_a_colleagues_save_shows_the_address_row(demo_world, test_case, signed_in):
    url = f"/initiatives/{test_case['initiative_id']}/initiators/{test_case['initiator_id']}"
    mine, colleague = signed_in("noord"), signed_in("noord")
    form = mine.get(url).get_data(as_text=True)
    assert colleague.submit(url, {"name": "Jan Jansen", "address": ADDRESS}).status_code == 302
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form)[1]
    response = mine.client.post(
        url,
        data={
            "csrf_token": csrf_token_from(form),
            "version": version,
            "name": "Jan Jansen",
            "address": "Merelstraat 3",
        },
    )
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    row = re.search(
        r'<tr class="utrecht-table__row conflict__differs">\s*<th[^>]*>Woonadres.*?</tr>', html, re.S
    )
    assert row, "no row for the address in the conflict table"
    assert ADDRESS in row.group()
    assert "Merelstraat 3" in row.group()
    with demo_world.app_context():
        assert db.session.get(Initiator, test_case["initiator_id"]).address == ADDRESS


def test_the_api_adds_and_lists_the_address(api_as, make_case):  # noqa: F811 (fixtures)
    case_id = make_case()
    client = api_as("noord")
    url = f"/api/v1/initiatives/{case_id}/initiators"
    response = client.post(url, json={"name": "Ans Bakker", "address": ADDRESS})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["address"] == ADDRESS
    assert client.get(url).get_json()["items"][0]["address"] == ADDRESS
    too_long = client.post(url, json={"name": "Ans Bakker", "address": "x" * 201})
    assert too_long.status_code == 422
    assert set(too_long.get_json()["errors"]) == {"address"}


def test_the_subject_access_report_shows_the_address(demo_world, signed_in):
    from initiatives.cases.operations import InitiatorDetails
    from tests.conftest import open_test_case

    with demo_world.app_context():
        open_test_case(
            initiators=[InitiatorDetails(name="Ayşe Yılmaz", email="ayse@example.nl", address=ADDRESS)],
            first_note=f"De aanvrager woont op {ADDRESS}.",
        )
        db.session.commit()
    admin = signed_in("beheer")
    token = csrf_token_from(admin.get("/admin/privacy").get_data(as_text=True))
    response = admin.client.post(
        "/admin/privacy/subject", data={"csrf_token": token, "email": "ayse@example.nl"}
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<th class="utrecht-table__header-cell" scope="col">Woonadres</th>' in page
    assert f'<td class="utrecht-table__cell">{ADDRESS}</td>' in page
    assert f"De aanvrager woont op {ADDRESS}." in page  # a text with her address, not her name
