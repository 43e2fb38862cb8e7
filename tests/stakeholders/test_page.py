"""The stakeholder map on the case page: added through its form, edited with a note on a new
stance (kept in its history, on the timeline and in the case's history), removed; the version
checked; visible without JavaScript."""

import re

import sqlalchemy as sa
from bs4 import BeautifulSoup

from initiatives.audit.models import AuditEntry
from initiatives.extensions import db
from initiatives.stakeholders.models import Stakeholder


def _page(browser, case_id):
    response = browser.get(f"/initiatives/{case_id}")
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_a_stakeholder_is_added_from_the_case_page(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id = mapped_case["initiative_id"]
    added = noord.submit(
        f"/initiatives/{case_id}/stakeholders",
        {
            "stakeholder-side": "outside",
            "stakeholder-role": "adviser",
            "stakeholder-organisation": "Basisschool De Linde",
            "stakeholder-organisation_kind": "school",
            "stakeholder-name": "Meester Bram",
            "stakeholder-stance": "for",
            "stakeholder-note": "Wil graag meedoen met de klas.",
            "stakeholder-influence": "2",
            "stakeholder-interest": "5",
            "stakeholder-initiator": "0",
            "stakeholder-activities": str(mapped_case["meeting"]),
        },
        form_url=f"/initiatives/{case_id}",
    )
    assert added.status_code == 302, added.get_data(as_text=True)[:3000]
    assert added.location.endswith("#stakeholders-confirmation")
    page = _page(noord, case_id)
    section = page.find(id="stakeholders")
    assert "De betrokkene is toegevoegd." in section.get_text()
    table = section.find("table", class_="stakeholder-table")
    row = next(tr for tr in table.find_all("tr") if "Basisschool De Linde" in tr.get_text())
    text = " ".join(row.get_text(" ").split())
    assert "Meester Bram (Basisschool De Linde)" in text
    assert "adviseur" in text
    assert "voor" in text
    assert "Wil graag meedoen met de klas." in text
    # The timeline names the stakeholder added, and the case's history the entry.
    assert (
        "Betrokkene toegevoegd: Meester Bram (Basisschool De Linde), voor"
        in page.find(id="timeline").get_text()
    )
    assert "Betrokkene toegevoegd" in page.find(id="history").get_text()
    # The kind of organisation is kept, and offered again on its own page.
    with demo_world.app_context():
        school = db.session.scalar(sa.select(Stakeholder).where(Stakeholder.name == "Meester Bram"))
        assert school.organisation_kind == "school"
    edit = BeautifulSoup(
        noord.get(f"/initiatives/{case_id}/stakeholders/{school.id}").get_data(as_text=True), "html.parser"
    )
    chosen = edit.find("select", attrs={"name": "stakeholder-organisation_kind"}).find(
        "option", selected=True
    )
    assert chosen.get_text() == "school"
    assert "Soort organisatie" in edit.get_text()


def test_a_refused_form_shows_its_errors_on_the_case_page(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id = mapped_case["initiative_id"]
    refused = noord.submit(
        f"/initiatives/{case_id}/stakeholders",
        {
            "stakeholder-side": "inside",
            "stakeholder-role": "adviser",
            "stakeholder-influence": "3",
            "stakeholder-interest": "3",
            "stakeholder-stance": "for",
            "stakeholder-initiator": "0",
        },
        form_url=f"/initiatives/{case_id}",
    )
    assert refused.status_code == 422
    assert "Kies de afdeling." in refused.get_data(as_text=True)
    with demo_world.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Stakeholder)) == 5


def test_a_new_stance_is_kept_with_its_note_and_shows_on_the_timeline(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id, colleague = mapped_case["initiative_id"], mapped_case["colleague"]
    url = f"/initiatives/{case_id}/stakeholders/{colleague}"
    form = BeautifulSoup(noord.get(url).get_data(as_text=True), "html.parser")
    assert form.find("select", id="stakeholder-stance").find("option", selected=True)["value"] == "against"
    values = {
        "stakeholder-side": "inside",
        "stakeholder-role": "decider",
        "stakeholder-department": str(mapped_case["permits_id"]),
        "stakeholder-name": "Karel Kwast",
        "stakeholder-stance": "neutral",
        "stakeholder-note": "Na het overleg twijfelt hij.",
        "stakeholder-influence": "5",
        "stakeholder-interest": "2",
        "stakeholder-initiator": "0",
        "stakeholder-activities": str(mapped_case["meeting"]),
        "stakeholder-version": "1",
    }
    saved = noord.submit(url, values)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    history = BeautifulSoup(noord.get(url).get_data(as_text=True), "html.parser").find("ol").get_text(" ")
    assert "tegen" in history
    assert "neutraal" in history
    assert "Na het overleg twijfelt hij." in history
    timeline = _page(noord, case_id).find(id="timeline").get_text(" ")
    assert "Standpunt van Karel Kwast" in timeline
    assert "Na het overleg twijfelt hij." in timeline
    # The same form again, at the version it was built from: refused, nothing overwritten.
    stale = noord.submit(url, {**values, "stakeholder-stance": "for"})
    assert stale.status_code == 409
    assert "Iemand anders heeft deze betrokkene gewijzigd" in stale.get_data(as_text=True)
    with demo_world.app_context():
        assert db.session.get(Stakeholder, colleague).stance == "neutral"
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(
                AuditEntry.object_type == "stakeholders", AuditEntry.object_id == colleague
            )
        ).all()
    assert actions == ["stakeholder.added", "stakeholder.stance_changed"]


def test_a_stakeholder_is_removed(demo_world, mapped_case, signed_in):
    noord = signed_in("noord")
    case_id, helper = mapped_case["initiative_id"], mapped_case["helper"]
    url = f"/initiatives/{case_id}/stakeholders/{helper}"
    removed = noord.submit(f"{url}/remove", {"version": "1"}, form_url=url)
    assert removed.status_code == 302
    assert noord.get(url).status_code == 404
    assert "Betrokkene verwijderd" in _page(noord, case_id).find(id="history").get_text()


def test_the_map_is_drawn_without_javascript(demo_world, mapped_case, signed_in):
    page = _page(signed_in("noord"), mapped_case["initiative_id"])
    svg = page.find(id="stakeholders").find("svg", class_="chart__svg")
    assert svg["role"] == "img"
    assert svg.find("title").get_text() == "Kaart van betrokkenen"
    markers = svg.find_all("g", class_="stakeholder-map__marker")
    assert len(markers) == 5
    assert all(marker.find("title").get_text() for marker in markers)
    grid = page.find("table", class_="stakeholder-grid")
    assert len(grid.find("tbody").find_all("tr")) == 5
    assert re.search(r"1\. Karel Kwast", grid.get_text())
    # The section is listed in the page's table of contents.
    assert page.find("nav", class_="case-sections").find("a", href="#stakeholders")
