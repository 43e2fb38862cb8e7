"""The council report: public, so figures and anonymised summaries; PDF (tagged) and DOCX."""

import io
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from docx import Document
from pypdf import PdfReader

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases import operations as cases
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.conftest import open_test_case

NAME, EMAIL, PHONE = "Jan Jansen", "jan@example.org", "0612345678"
PERSONAL = (NAME, "Jansen", EMAIL, PHONE, "06-12345678")


@pytest.fixture
def report_data(demo_world):
    """Three cases in the period (one closed) and one before it, with personal data in free text."""
    today = local_today()
    with demo_world.app_context():
        noord = find_user("noord")
        garden = open_test_case(
            title="Moestuin van Jan Jansen",
            description=f"Bel {NAME} op {PHONE} of mail {EMAIL}.",
            received_on=today - timedelta(days=20),
        )
        barrier = barriers.record_barrier(
            garden,
            noord,
            category=db.session.scalar(sa.select(BarrierCategory).filter_by(code="colleagues")),
            description=f"Collega wilde {NAME} niet te woord staan.",
            raised_on=today - timedelta(days=15),
        )
        backing = help_operations.request_help(
            garden,
            noord,
            category=db.session.scalar(sa.select(HelpCategory).filter_by(code="backing")),
            provider="alderman",
            barriers=[barrier],
            requested_on=today - timedelta(days=14),
        )
        help_operations.move_help(
            backing, noord, None, "granted", on=today - timedelta(days=10), decided_by="Wethouder"
        )
        help_operations.move_help(
            backing, noord, None, "applied", on=today - timedelta(days=5), effects={barrier.id: "resolved"}
        )
        cases.move_case(
            garden,
            noord,
            Stage.CLOSED,
            result=Result.REALISED,
            lessons=f"Dankzij {NAME} ({EMAIL}) ging het snel.",
        )
        open_test_case(title="Speeltuin", channel="email", received_on=today - timedelta(days=3))
        open_test_case(
            username="zuid",
            wijk="WK999903",
            title="Bankje",
            channel="walk_in",
            received_on=today - timedelta(days=2),
        )
        open_test_case(title="Oud initiatief", received_on=date(2020, 5, 1))
        db.session.commit()
    return {"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()}


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _docx_text(data):
    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, " ".join(parts)


def test_the_pdf_has_every_section_the_figures_and_no_personal_data(report_data, signed_in):
    response = signed_in("secretaris").get("/reports/council.pdf", query_string=report_data)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader, text = _pdf_text(response.data)
    for section in ("Periode en selectie", "Kerncijfers", "Wat helpt", "vijf werkpraktijken"):
        assert section.lower() in text.lower(), section
    assert "3 initiatieven" in text  # received in the period
    assert "Oud initiatief" not in text
    assert "Dankzij [naam]" in text  # lessons, redacted
    for value in PERSONAL:
        assert value not in text, value
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("Raadsinformatiebrief")


def test_the_docx_has_real_headings_and_tables_and_no_personal_data(report_data, signed_in):
    response = signed_in("secretaris").get("/reports/council.docx", query_string=report_data)
    assert response.status_code == 200
    document, text = _docx_text(response.data)
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Kerncijfers" in headings
    assert len(document.tables) >= 8
    assert document.tables[0].rows[0].cells[1].text == "Aantal"
    assert "Moestuin van [naam]" in text
    for value in PERSONAL:
        assert value not in text, value
    assert document.core_properties.title.startswith("Raadsinformatiebrief")


def test_the_selection_limits_the_report(report_data, signed_in):
    response = signed_in("secretaris").get(
        "/reports/council.docx", query_string={**report_data, "neighbourhood": "WK999903"}
    )
    _document, text = _docx_text(response.data)
    assert "Bankje" in text
    assert "Speeltuin" not in text


def test_the_preview_page_and_downloads_are_logged(report_data, signed_in, demo_world):
    client = signed_in("secretaris")
    page = client.get("/reports/council", query_string=report_data).get_data(as_text=True)
    assert "Kerncijfers" in page
    assert NAME not in page
    client.get("/reports/council.pdf", query_string=report_data)
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "export.council_report"))
        assert entry.data["format"] == "pdf"
        assert entry.actor.username == "secretaris"


def test_a_bad_period_is_explained(report_data, signed_in):
    page = signed_in("secretaris").get("/reports/council?from=gisteren&to=2026-13-45").get_data(as_text=True)
    assert "geen geldige datum" in page


@pytest.mark.parametrize("username", ["noord", "beheer"])
def test_only_the_secretary_makes_council_reports(report_data, signed_in, username):
    assert signed_in(username).get("/reports/council.pdf").status_code == 403


def test_the_api_gives_the_same_report(report_data, demo_world):
    from initiatives.auth.tokens import issue_api_token

    with demo_world.app_context():
        _token, secret = issue_api_token(find_user("secretaris"), "raad", 1)
        db.session.commit()
    client = demo_world.test_client()
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.get(
        "/api/v1/reports/council.docx",
        query_string={**report_data, "neighbourhood": "WK999903"},
        headers=headers,
    )
    assert response.status_code == 200
    _document, text = _docx_text(response.data)
    assert "Bankje" in text
    assert "Speeltuin" not in text
    pdf = client.get("/api/v1/reports/council.pdf", query_string=report_data, headers=headers)
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")


# -- cases left out: withdrawn, or left out of the report -----------------------------------------


def _report(app, query):
    from werkzeug.datastructures import MultiDict

    from initiatives.reports.council import CouncilSelection, build_council_report

    with app.test_request_context():
        selection = CouncilSelection.from_args(MultiDict(query), db.session, local_today())
        return build_council_report(db.session, selection, local_today())


def _case(app, title):
    from initiatives.cases.models import Initiative

    with app.app_context():
        return db.session.scalar(sa.select(Initiative.id).where(Initiative.title == title))


def test_a_case_left_out_is_counted_nowhere_and_the_report_says_how_many(report_data, demo_world, signed_in):
    before = _report(demo_world, report_data)
    assert (before.received, before.left_out, before.summaries_total) == (3, 0, 3)
    assert sum(tally.total for tally in before.dashboard.by_category) == 1

    garden = _case(demo_world, "Moestuin van Jan Jansen")
    edit = signed_in("noord").get(f"/initiatives/{garden}/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]* checked [^>]*id="in_council_report"', edit)  # ticked by default
    with demo_world.app_context():
        from initiatives.cases.models import Initiative

        initiative = db.session.get(Initiative, garden)
        cases.update_case(initiative, find_user("noord"), None, in_council_report=False)
        db.session.commit()
        entry = db.session.scalar(
            sa.select(AuditEntry)
            .where(AuditEntry.action == "initiative.updated")
            .order_by(AuditEntry.id.desc())
        )
        assert entry.data == {"in_council_report": [True, False]}
    case_page = signed_in("noord").get(f"/initiatives/{garden}").get_data(as_text=True)
    assert "nee: weggelaten" in case_page

    after = _report(demo_world, report_data)
    assert (after.received, after.left_out, after.summaries_total) == (2, 1, 2)
    assert sum(tally.total for tally in after.dashboard.by_category) == 0  # its barrier is out too
    assert dict(after.closed_by_result)[Result.REALISED.title] == 0
    assert "Moestuin" not in " ".join(summary.title for summary in after.summaries)
    page = signed_in("secretaris").get("/reports/council", query_string=report_data).get_data(as_text=True)
    assert "1 initiatief uit deze periode is buiten deze brief gelaten" in page
    assert "Moestuin" not in page
    _document, text = _docx_text(
        signed_in("secretaris").get("/reports/council.docx", query_string=report_data).data
    )
    assert "1 initiatief uit deze periode is buiten deze brief gelaten" in text
    # The dashboard still counts it: leaving a case out concerns the report only.
    dashboard = signed_in("secretaris").get("/dashboard").get_data(as_text=True)
    assert "Collega" in dashboard


def test_a_withdrawn_case_is_no_case_of_the_report(report_data, demo_world, signed_in):
    playground = _case(demo_world, "Speeltuin")
    with demo_world.app_context():
        from initiatives.cases.models import Initiative

        initiative = db.session.get(Initiative, playground)
        cases.withdraw_case(initiative, find_user("noord"), reason="Dubbel geregistreerd.")
        db.session.commit()
    report = _report(demo_world, report_data)
    assert (report.received, report.left_out, report.summaries_total) == (2, 0, 2)
    page = signed_in("secretaris").get("/reports/council", query_string=report_data).get_data(as_text=True)
    assert "Speeltuin" not in page
    assert "0 initiatieven uit deze periode zijn buiten deze brief gelaten" in page


def _answer(case, score, comment):
    from initiatives.status_page.models import SatisfactionAnswer

    db.session.add(SatisfactionAnswer(initiative=case, score=score, comment=comment))


def test_the_initiators_satisfaction_in_counts_and_averages_never_a_comment(
    report_data, demo_world, signed_in
):
    from initiatives.cases.models import Initiative

    with demo_world.app_context():
        garden = db.session.scalar(sa.select(Initiative).where(Initiative.title.like("Moestuin%")))
        _answer(garden, 4, "GEHEIM-tevreden over de wethouder")  # Noord
        for title, wijk, score, in_report in (
            ("Bankje", "WK999903", 5, True),
            ("Geheim", "WK999903", 1, False),
        ):
            case = open_test_case(username="zuid", wijk=wijk, title=title)
            cases.move_case(case, case.owner, Stage.CLOSED, result=Result.REALISED, lessons="Goed.")
            case.in_council_report = in_report
            _answer(case, score, f"GEHEIM-{title}")
        db.session.commit()
    client = signed_in("secretaris")
    page = client.get("/reports/council", query_string=report_data).get_data(as_text=True)
    assert "Tevredenheid van initiatiefnemers" in page
    _document, pdf = _pdf_text(client.get("/reports/council.pdf", query_string=report_data).data)
    assert "Tevredenheid van initiatiefnemers" in pdf
    assert "Alle samen 2 4,5" in pdf  # the case left out of the report counts nowhere
    document, docx = _docx_text(client.get("/reports/council.docx", query_string=report_data).data)
    table = next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][1:]
        == ["Antwoorden", "Gemiddelde score (1 tot en met 5)"]
    )
    rows = {row.cells[0].text: (row.cells[1].text, row.cells[2].text) for row in table.rows[1:]}
    assert rows["Noord"] == ("1", "4")
    assert rows["Zuid"] == ("1", "5")
    assert rows["Oost"] == ("0", "–")
    assert rows["Alle samen"] == ("2", "4,5")
    for text in (page, pdf, docx):
        assert "GEHEIM" not in text


def test_the_stakeholders_in_counts_per_department_and_kind_never_a_name_nor_an_organisation(
    report_data, demo_world, signed_in
):
    from initiatives.cases.models import Initiative
    from initiatives.organisation.models import Department
    from initiatives.stakeholders import operations as stakeholders

    with demo_world.app_context():
        noord = find_user("noord")
        garden = db.session.scalar(sa.select(Initiative).where(Initiative.title.like("Moestuin%")))
        permits = db.session.scalar(sa.select(Department).order_by(Department.id))
        department = permits.name
        common = {"role": "adviser", "influence": 3, "interest": 3}
        stakeholders.add_stakeholder(
            garden, noord, side="inside", stance="against", department=permits, name="Karel GEHEIM", **common
        )
        stakeholders.add_stakeholder(
            garden,
            noord,
            side="outside",
            stance="for",
            organisation="Woonstichting GEHEIM",
            organisation_kind="housing_corporation",
            **common,
        )
        stakeholders.add_stakeholder(
            garden, noord, side="outside", stance="neutral", organisation="Buurtclub GEHEIM", **common
        )
        left_out = open_test_case(title="Geheim")
        left_out.in_council_report = False
        stakeholders.add_stakeholder(
            left_out, noord, side="inside", stance="for", department=permits, **common
        )
        db.session.commit()
    client = signed_in("secretaris")
    page = client.get("/reports/council", query_string=report_data).get_data(as_text=True)
    assert "Betrokken afdelingen en partners" in page
    assert re.search(rf"{re.escape(department)}</th>\s*<td[^>]*>1</td>\s*<td[^>]*>0</td>", page)
    assert (
        "Partners van buiten de gemeente (organisaties of bewoners) waren betrokken bij 1 initiatieven."
        in page
    )
    # Per kind of organisation: the garden counts once per kind, a stakeholder without one as such.
    assert re.search(r"woningcorporatie</th>\s*<td[^>]*>1</td>", page)
    assert re.search(r"soort niet opgegeven</th>\s*<td[^>]*>1</td>", page)
    _reader, pdf = _pdf_text(client.get("/reports/council.pdf", query_string=report_data).data)
    assert "Betrokken afdelingen en partners" in pdf
    assert "woningcorporatie" in pdf
    document, docx = _docx_text(client.get("/reports/council.docx", query_string=report_data).data)
    table = next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == ["Afdeling", "Als blokkade", "Als hulp"]
    )
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [[department, "1", "0"]]
    kinds = next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == ["Soort organisatie", "Initiatieven"]
    )
    assert [[cell.text for cell in row.cells] for row in kinds.rows[1:]] == [
        ["woningcorporatie", "1"],
        ["soort niet opgegeven", "1"],
    ]
    for text in (page, pdf, docx):
        assert "GEHEIM" not in text
