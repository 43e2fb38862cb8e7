"""A barrier can name the inside stakeholder of its case that it came from: on the case page's form
and in the API, refused (in Dutch, at the field) for a stakeholder of another case or from outside,
named on the case page as the privacy rules allow, and let go when the stakeholder is removed."""

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier, BarrierCategory
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.stakeholders import operations as stakeholders
from initiatives.stakeholders.models import Stakeholder
from tests.cases.conftest import field_error
from tests.conftest import open_test_case

OTHER_CASE = "Speeltuin aan de Lijsterstraat"


@pytest.fixture
def other_inside(demo_world, mapped_case):
    """An inside stakeholder of another case of noord."""
    with demo_world.app_context():
        other = open_test_case(title=OTHER_CASE)
        stakeholder = stakeholders.add_stakeholder(
            other,
            find_user("noord"),
            side="inside",
            role="adviser",
            influence=3,
            interest=3,
            department=db.session.get(Stakeholder, mapped_case["colleague"]).department,
        )
        db.session.commit()
        return stakeholder.id


def _category(app):
    with app.app_context():
        return db.session.scalar(sa.select(BarrierCategory.id).filter_by(code="rigid_rules"))


def _form(app, stakeholder_id):
    return {
        "barrier-category": str(_category(app)),
        "barrier-description": "De vergunning laat op zich wachten.",
        "barrier-department": "0",
        "barrier-stakeholder": "" if stakeholder_id is None else str(stakeholder_id),
        "barrier-stage": "mapping",
        "barrier-raised_on": local_today().isoformat(),
    }


def _record(client, app, case_id, stakeholder_id):
    url = f"/initiatives/{case_id}"
    return client.submit(f"{url}/barriers", _form(app, stakeholder_id), form_url=url)


def _barrier_from(app, stakeholder_id):
    with app.app_context():
        return db.session.scalar(sa.select(Barrier).where(Barrier.stakeholder_id == stakeholder_id))


def test_the_form_offers_the_case_s_inside_stakeholders_only(
    demo_world, mapped_case, other_inside, signed_in
):
    page = signed_in("noord").get(f"/initiatives/{mapped_case['initiative_id']}").get_data(as_text=True)
    select = BeautifulSoup(page, "html.parser").find("select", id="barrier-stakeholder")
    options = {option["value"]: " ".join(option.get_text().split()) for option in select.find_all("option")}
    assert options == {
        "": "Geen betrokkene",
        str(mapped_case["colleague"]): f"Karel Kwast ({mapped_case['permits']})",
        str(mapped_case["helper"]): options[str(mapped_case["helper"])],
    }
    assert options[str(mapped_case["helper"])]  # the department's name
    assert "Betrokkene van wie de drempel komt" in page


def test_a_barrier_names_its_stakeholder_from_the_case_page(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id = mapped_case["initiative_id"]
    response = _record(noord, demo_world, case_id, mapped_case["colleague"])
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    barrier = _barrier_from(demo_world, mapped_case["colleague"])
    assert barrier is not None
    with demo_world.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(
                AuditEntry.action == "barrier.recorded", AuditEntry.object_id == barrier.id
            )
        )
        assert entry.data["stakeholder_id"] == mapped_case["colleague"]
    section = BeautifulSoup(noord.get(f"/initiatives/{case_id}").get_data(as_text=True), "html.parser").find(
        id="barriers"
    )
    assert f"komt van Karel Kwast ({mapped_case['permits']})" in " ".join(section.get_text().split())
    # Readers outside the team read the colleague without the name.
    other = signed_in("zuid").get(f"/initiatives/{case_id}").get_data(as_text=True)
    text = " ".join(BeautifulSoup(other, "html.parser").find(id="barriers").get_text().split())
    assert f"komt van een collega van {mapped_case['permits']}" in text
    assert "Karel Kwast" not in other


def test_the_edit_page_changes_and_clears_the_stakeholder(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id = mapped_case["initiative_id"]
    assert _record(noord, demo_world, case_id, mapped_case["colleague"]).status_code == 302
    barrier = _barrier_from(demo_world, mapped_case["colleague"])
    url = f"/initiatives/{case_id}/barriers/{barrier.id}"
    page = noord.get(url).get_data(as_text=True)
    selected = (
        BeautifulSoup(page, "html.parser").find("select", id="stakeholder").find("option", selected=True)
    )
    assert selected["value"] == str(mapped_case["colleague"])
    data = {
        key.removeprefix("barrier-"): value for key, value in _form(demo_world, mapped_case["helper"]).items()
    }
    assert noord.submit(url, {**data, "version": str(barrier.version)}).status_code == 302
    assert _barrier_from(demo_world, mapped_case["helper"]).id == barrier.id
    cleared = {**data, "stakeholder": "", "version": str(barrier.version + 1)}
    assert noord.submit(url, cleared).status_code == 302
    with demo_world.app_context():
        assert db.session.get(Barrier, barrier.id).stakeholder_id is None


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("corporation", "Een drempel komt van binnen de gemeente: kies een betrokkene van binnen."),
        ("other case", "Kies een betrokkene van dit initiatief."),
    ],
)
def test_the_page_refuses_an_outside_stakeholder_or_another_case_s(
    demo_world, mapped_case, other_inside, signed_in, which, message
):
    stakeholder_id = other_inside if which == "other case" else mapped_case["corporation"]
    response = _record(signed_in("noord"), demo_world, mapped_case["initiative_id"], stakeholder_id)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "barrier-stakeholder") == message
    assert _barrier_from(demo_world, stakeholder_id) is None


def test_the_api_records_and_changes_the_stakeholder(demo_world, mapped_case, api_as):
    api = api_as("noord")
    case_id = mapped_case["initiative_id"]
    recorded = api.post(
        f"/api/v1/initiatives/{case_id}/barriers",
        json={"category": "rigid_rules", "stakeholder_id": mapped_case["colleague"]},
    )
    assert recorded.status_code == 201, recorded.json
    assert recorded.json["stakeholder_id"] == mapped_case["colleague"]
    changed = api.patch(
        f"/api/v1/barriers/{recorded.json['id']}",
        json={"stakeholder_id": mapped_case["helper"]},
        headers={"If-Match": recorded.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.json
    assert changed.json["stakeholder_id"] == mapped_case["helper"]
    listed = api.get(f"/api/v1/initiatives/{case_id}/barriers").json["items"]
    assert {item["id"]: item["stakeholder_id"] for item in listed}[recorded.json["id"]] == mapped_case[
        "helper"
    ]
    cleared = api.patch(
        f"/api/v1/barriers/{recorded.json['id']}",
        json={"stakeholder_id": None},
        headers={"If-Match": changed.headers["ETag"]},
    )
    assert cleared.status_code == 200
    assert cleared.json["stakeholder_id"] is None


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("corporation", "Een drempel komt van binnen de gemeente: kies een betrokkene van binnen."),
        ("other case", "Kies een betrokkene van dit initiatief."),
        ("unknown", "Kies een betrokkene van dit initiatief."),
    ],
)
def test_the_api_refuses_an_outside_stakeholder_or_another_case_s_in_dutch(
    demo_world, mapped_case, other_inside, api_as, which, message
):
    stakeholder_id = {
        "corporation": mapped_case["corporation"],
        "other case": other_inside,
        "unknown": 999999,
    }[which]
    api = api_as("noord")
    refused = api.post(
        f"/api/v1/initiatives/{mapped_case['initiative_id']}/barriers",
        json={"category": "rigid_rules", "stakeholder_id": stakeholder_id},
        headers={"Accept-Language": "nl"},
    )
    assert refused.status_code == 422
    assert refused.json["errors"]["stakeholder_id"] == [message]
    assert _barrier_from(demo_world, stakeholder_id) is None


def test_removing_the_stakeholder_lets_go_of_the_barrier(demo_world, mapped_case, api_as):
    api = api_as("noord")
    recorded = api.post(
        f"/api/v1/initiatives/{mapped_case['initiative_id']}/barriers",
        json={"category": "rigid_rules", "stakeholder_id": mapped_case["colleague"]},
    )
    with demo_world.app_context():
        colleague = db.session.get(Stakeholder, mapped_case["colleague"])
        stakeholders.remove_stakeholder(colleague, find_user("noord"), colleague.version)
        db.session.commit()
    with demo_world.app_context():
        barrier = db.session.get(Barrier, recorded.json["id"])
        assert barrier is not None
        assert barrier.stakeholder_id is None
