"""The staff exports: every CSV parsed with the csv module, every XLSX opened with openpyxl and
compared cell by cell with the database, and no resident's personal data in an anonymised one."""

import codecs
import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa
from openpyxl.utils.escape import unescape
from sqlalchemy.orm import selectinload

from initiatives.audit.models import AuditEntry
from initiatives.cases.models import Activity, Initiative
from initiatives.challenges.deadlines import decision_due_on
from initiatives.challenges.operations import challenge_of
from initiatives.core.anonymise.anonymiser import Anonymiser
from initiatives.core.anonymise.case_texts import anonymised_case
from initiatives.core.dates import local_date
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.exports.conftest import PERSONAL_DATA

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = ["Initiatieven", "Fasen", "Activiteiten", "Drempels", "Hulp"]
CASE_HEADERS = [
    "Initiatiefnummer",
    "Titel",
    "Wijk- of buurtcode",
    "Wijk of buurt",
    "Wijk",
    "Binnengekomen via",
    "Datum eerste contact",
    "Fase",
    "Eigenaar",
    "Thema's",
    "Themacodes",
    "Opvolgen op",
    "Resultaat",
    "Afgerond op",
    "Activiteiten",
    "Open drempels",
    "Drempels",
    "Hulpvragen",
    "Omschrijving",
    "Gevraagde ondersteuning",
    "Geleerde lessen",
]
CHALLENGE_HEADERS = [
    "Soort zaak",
    "Uitgedaagde taak",
    "Waarom zij het beter of goedkoper kunnen",
    "Hun betrokkenheid en deskundigheid",
    "Draagvlak in de buurt",
    "Kostenraming (euro)",
    "Gevraagde medewerking of ondersteuning van de gemeente",
    "Hoe kwaliteit en continuïteit gewaarborgd zijn",
    "Besluit uiterlijk op",
    "Besluit",
    "Besloten op",
    "Motivering van het besluit",
    "Wat de uitdagers overnemen",
    "Het afgesproken resultaat",
    "Budget (euro)",
    "Overeenkomst loopt tot",
    "Evaluatie",
]
PERSONAL_HEADERS = ["Initiatiefnemers", "E-mailadressen", "Telefoonnummers", "Organisatie", "Adres"]
#: Where the contact columns start, when they are there.
PERSONAL_AT = len(CASE_HEADERS) + len(CHALLENGE_HEADERS)
#: Last, so that the columns before it keep their places.
WITHDRAWN_HEADER = "Ingetrokken op"


# -- reading the files ----------------------------------------------------------------------------


def read_csv(response):
    """Parse a CSV export as Excel would: BOM, semicolons, CRLF."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith(codecs.BOM_UTF8)
    assert b"\r\n" in body
    unquoted = re.sub(rb'"(?:[^"]|"")*"', b"", body)  # a quoted field may hold any line end
    assert b"\n" not in unquoted.replace(b"\r\n", b"")  # every line ends in CRLF
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def read_xlsx(response):
    assert response.status_code == 200
    assert response.mimetype == XLSX_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.get_data()))


def sheet_values(sheet):
    """The cell values of a sheet, dates as dates; blank cells as None."""
    rows = []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            value = cell.value
            if isinstance(value, datetime):
                assert cell.is_date
                value = value.date()
            elif isinstance(value, str):
                value = unescape(value)  # "_x000D_" is a carriage return, as Excel reads it
            values.append(value)
        rows.append(values)
    return rows


def all_text(workbook_or_rows):
    if isinstance(workbook_or_rows, list):
        return "\n".join(";".join(str(value) for value in row) for row in workbook_or_rows)
    return "\n".join(
        str(value) for sheet in workbook_or_rows for row in sheet.iter_rows(values_only=True) for value in row
    )


def assert_no_personal_data(text):
    """No initiator's name (or part of it), e-mail address, phone number or street address."""
    for name in PERSONAL_DATA["names"]:
        assert name not in text
    for word in ("Vries", "Yılmaz", "Yilmaz", "YILMAZ", "Ayşe", "Ayse", "AYSE", "Bakker", "Piet"):
        assert not re.search(rf"\b{word}\b", text), word
    assert not re.search(r"\bJan\b", text)
    for email in PERSONAL_DATA["emails"]:
        assert email not in text.lower()
    assert "@" not in text
    for subscriber in ("12345678", "7654321", "87654321"):  # whatever the notation
        assert not re.search(r"[\s\-.()]*".join(subscriber), text), subscriber
    assert "Merelstraat 12" not in text


# -- what the database says -----------------------------------------------------------------------


def _title(member):
    return str(member.title) if member is not None else None


def expected_workbook(app, *, contacts_for=()):
    """The five sheets as the database has them: anonymised, except the cases in `contacts_for`."""
    with app.test_request_context():
        initiatives = db.session.scalars(
            sa.select(Initiative)
            .order_by(Initiative.id)
            .options(selectinload(Initiative.activities).selectinload(Activity.skills))
        ).all()
        sheets = {name: [] for name in SHEETS}
        for case in initiatives:
            personal = case.id in contacts_for
            texts = _plain_texts(case) if personal else anonymised_case(case)
            row = [
                case.id,
                texts.title,
                case.neighbourhood.code,
                case.neighbourhood.name,
                case.neighbourhood.wijk.name,
                _title(case.channel),
                case.received_on,
                _title(case.stage),
                case.owner.username,
                " | ".join(sorted(theme.label for theme in case.themes)) or None,
                "|".join(sorted(theme.code for theme in case.themes)) or None,
                case.follow_up_on,
                _title(case.result),
                case.closed_on,
                sum(not activity.is_voided for activity in case.activities),
                sum(barrier.is_open for barrier in case.barriers),
                len(case.barriers),
                len(case.helps),
                texts.description or None,
                texts.support_requested or None,
                texts.lessons or None,
                *_challenge_columns(case, personal),
            ]
            if contacts_for:
                row += _contact_columns(case) if personal else [None] * 5
            row.append(local_date(case.withdrawn_at) if case.withdrawn_at else None)
            sheets["Initiatieven"].append(row)
            for change in case.stage_changes:
                sheets["Fasen"].append(
                    [
                        case.id,
                        _title(change.from_stage),
                        _title(change.to_stage),
                        texts.stage_change_reasons[change.id] or None,
                        _title(change.result),
                        local_date(change.happened_at),
                    ]
                )
            for activity in sorted(case.activities, key=lambda item: (item.happened_on, item.id)):
                if activity.is_voided:
                    continue
                sheets["Activiteiten"].append(
                    [
                        case.id,
                        activity.happened_on,
                        _title(activity.kind),
                        _title(activity.practice),
                        " | ".join(skill.label for skill in activity.skills) or None,
                        "|".join(skill.code for skill in activity.skills) or None,
                        texts.activity_notes[activity.id] or None,
                    ]
                )
            for barrier in sorted(case.barriers, key=lambda item: (item.raised_on, item.id)):
                sheets["Drempels"].append(
                    [
                        case.id,
                        barrier.id,
                        barrier.category.code,
                        barrier.category.label,
                        barrier.department.name if barrier.department else None,
                        _title(barrier.stage),
                        barrier.raised_on,
                        _title(barrier.status),
                        barrier.resolved_on,
                        texts.barrier_descriptions[barrier.id] or None,
                    ]
                )
            for item in sorted(case.helps, key=lambda item: (item.requested_on, item.id)):
                effects = sorted(item.effects, key=lambda effect: effect.barrier_id)
                sheets["Hulp"].append(
                    [
                        case.id,
                        item.category.code,
                        item.category.label,
                        _title(item.provider),
                        item.department.name if item.department else None,
                        _title(item.status),
                        item.requested_on,
                        item.decided_on,
                        item.decided_by or None,  # an official, not a resident
                        item.applied_on,
                        "|".join(str(effect.barrier_id) for effect in effects),
                        " | ".join(f"{e.barrier_id}: {e.effect.title}" for e in effects if e.effect) or None,
                        texts.help_descriptions[item.id] or None,
                    ]
                )
        return sheets


def _challenge_columns(case, personal):
    """The kind of case and its challenge, as the database has them: texts anonymised unless
    `personal`, the amounts as numbers with their cents."""
    challenge = challenge_of(case)
    if challenge is None:
        return [_title(case.kind)] + [None] * (len(CHALLENGE_HEADERS) - 1)
    text = (lambda value: value or None) if personal else (lambda value: anonymised_text(case, value) or None)
    return [
        _title(case.kind),
        challenge.task.name if challenge.task else text(challenge.task_text),
        text(challenge.better_because),
        text(challenge.involvement),
        text(challenge.support_evidence),
        challenge.cost_estimate,
        text(challenge.requested_support),
        text(challenge.quality_guarantee),
        decision_due_on(case, challenge),
        _title(challenge.decision),
        challenge.decided_on,
        text(challenge.decision_grounds),
        text(challenge.takes_over),
        text(challenge.agreed_result),
        challenge.budget,
        challenge.agreement_ends_on,
        text(challenge.evaluation),
    ]


def _csv_field(value):
    """A value as the CSV writes it: ISO dates, amounts with a decimal comma (1234,50)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def anonymised_text(case, text):
    return Anonymiser.for_case(case).redact(text) if text else ""


def _plain_texts(case):
    class Texts:
        title = case.title
        description = case.description
        support_requested = case.support_requested
        lessons = case.lessons
        stage_change_reasons = {change.id: change.reason for change in case.stage_changes}
        activity_notes = {activity.id: activity.note for activity in case.activities}
        barrier_descriptions = {barrier.id: barrier.description for barrier in case.barriers}
        help_descriptions = {item.id: item.description for item in case.helps}

    return Texts


def _contact_columns(case):
    return [
        " | ".join(initiator.name for initiator in case.initiators) or None,
        " | ".join(initiator.email for initiator in case.initiators if initiator.email) or None,
        " | ".join(initiator.phone for initiator in case.initiators if initiator.phone) or None,
        " | ".join(dict.fromkeys(i.organisation for i in case.initiators if i.organisation)) or None,
        case.address or None,
    ]


def audit_entries(app, action):
    with app.app_context():
        return [
            (entry.actor.username, entry.data)
            for entry in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action))
        ]


# -- XLSX -----------------------------------------------------------------------------------------


def test_the_workbook_equals_the_database_cell_by_cell(export_world, signed_in, demo_world):
    workbook = read_xlsx(signed_in("secretaris").get("/initiatives/export.xlsx"))
    assert workbook.sheetnames == SHEETS
    expected = expected_workbook(demo_world)
    for name in SHEETS:
        sheet = workbook[name]
        rows = sheet_values(sheet)
        assert rows[1:] == expected[name], name
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}"
        assert all(sheet.column_dimensions[letter].width for letter in ("A", "B"))
    assert [cell.value for cell in workbook["Initiatieven"][1]] == [
        *CASE_HEADERS,
        *CHALLENGE_HEADERS,
        WITHDRAWN_HEADER,
    ]
    assert len(expected["Initiatieven"]) == 3
    assert all(expected[name] for name in SHEETS)


def test_a_withdrawn_case_and_a_voided_entry_in_the_workbook(export_world, signed_in, demo_world):
    """A voided entry counts nowhere; a withdrawn case is exported only on request, with the date
    it was withdrawn in the last column."""
    from initiatives.cases import activities, operations

    with demo_world.app_context():
        noord = db.session.get(Initiative, export_world["noord"])
        activities.void_activity(noord.activities[0], noord.owner, reason="Dubbel ingevoerd.")
        zuid = db.session.get(Initiative, export_world["zuid"])
        operations.withdraw_case(zuid, zuid.owner, reason="Dubbel geregistreerd.")
        db.session.commit()
    secretary = signed_in("secretaris")
    default = read_xlsx(secretary.get("/initiatives/export.xlsx"))
    assert export_world["zuid"] not in [row[0] for row in sheet_values(default["Initiatieven"])[1:]]
    workbook = read_xlsx(secretary.get("/initiatives/export.xlsx?withdrawn=include"))
    expected = expected_workbook(demo_world)
    for name in SHEETS:
        assert sheet_values(workbook[name])[1:] == expected[name], name
    rows = {row[0]: row for row in expected["Initiatieven"]}
    assert rows[export_world["zuid"]][-1] is not None
    assert rows[export_world["noord"]][-1] is None


def test_dates_are_real_dates_with_a_date_format(export_world, signed_in):
    workbook = read_xlsx(signed_in("noord").get("/initiatives/export.xlsx"))
    cell = workbook["Initiatieven"]["G2"]
    assert cell.is_date
    assert isinstance(cell.value, datetime)
    assert cell.number_format == "yyyy-mm-dd"
    assert workbook["Activiteiten"]["B2"].is_date
    assert workbook["Hulp"]["J2"].is_date


# -- CSV ------------------------------------------------------------------------------------------


def test_the_csv_has_one_row_per_case_as_the_case_sheet(export_world, signed_in, demo_world):
    rows = read_csv(signed_in("secretaris").get("/initiatives/export.csv"))
    assert rows[0] == [*CASE_HEADERS, *CHALLENGE_HEADERS, WITHDRAWN_HEADER]
    expected = expected_workbook(demo_world)["Initiatieven"]
    as_text = [[_csv_field(value) for value in row] for row in expected]
    for row in as_text:
        if row[18].startswith("="):
            row[18] = "'" + row[18]  # a formula is defused
    assert rows[1:] == as_text


def test_a_formula_in_a_text_is_defused_in_the_csv(export_world, signed_in):
    rows = read_csv(signed_in("secretaris").get("/initiatives/export.csv?neighbourhood=WK999901"))
    assert rows[1][18] == "'=1+2 is geen formule"


# -- anonymisation --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["noord", "secretaris"])
@pytest.mark.parametrize("url", ["/initiatives/export.csv", "/initiatives/export.xlsx"])
def test_no_personal_data_in_an_anonymised_export(export_world, signed_in, username, url):
    response = signed_in(username).get(url)
    content = read_csv(response) if url.endswith(".csv") else read_xlsx(response)
    text = all_text(content)
    for placeholder in ("[naam]", "[e-mailadres]", "[telefoonnummer]", "[adres]"):
        assert placeholder in text
    assert_no_personal_data(text)
    assert "Bewonersvereniging" not in text  # no contact columns at all


@pytest.mark.parametrize("url", ["/api/v1/exports/initiatives.csv", "/api/v1/exports/initiatives.xlsx"])
def test_no_personal_data_in_an_anonymised_api_export(export_world, api_as, url):
    response = api_as("secretaris").get(url)
    content = read_csv(response) if url.endswith(".csv") else read_xlsx(response)
    assert_no_personal_data(all_text(content))


# -- personal data --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/initiatives/export.csv", "/initiatives/export.xlsx"])
def test_personal_data_is_refused_to_secretaries_and_not_logged(export_world, signed_in, url, demo_world):
    response = signed_in("secretaris").get(url + "?personal_data=1")
    assert response.status_code == 403
    assert audit_entries(demo_world, "export.personal_data") == []
    assert audit_entries(demo_world, "export.cases") == []


@pytest.mark.parametrize("url", ["/api/v1/exports/initiatives.csv", "/api/v1/exports/initiatives.xlsx"])
def test_personal_data_is_refused_to_secretaries_over_the_api(export_world, api_as, url):
    response = api_as("secretaris").get(url + "?personal_data=true")
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 403


def test_a_manager_gets_the_contacts_of_the_cases_he_works_on_only(export_world, signed_in, demo_world):
    workbook = read_xlsx(signed_in("noord").get("/initiatives/export.xlsx?personal_data=1"))
    expected = expected_workbook(demo_world, contacts_for={export_world["noord"], export_world["binnenstad"]})
    for name in SHEETS:
        assert sheet_values(workbook[name])[1:] == expected[name], name
    assert [cell.value for cell in workbook["Initiatieven"][1]] == [
        *CASE_HEADERS,
        *CHALLENGE_HEADERS,
        *PERSONAL_HEADERS,
        WITHDRAWN_HEADER,
    ]
    rows = {row[0]: row for row in sheet_values(workbook["Initiatieven"])[1:]}
    noord, zuid = rows[export_world["noord"]], rows[export_world["zuid"]]
    assert noord[PERSONAL_AT:] == [
        "Jan de Vries | Ayşe Yılmaz",
        "jan.devries@example.org | a.yilmaz@example.net",
        "06-12345678 | 020-7654321",
        "Bewonersvereniging Vogelwijk",
        "Merelstraat 12",
        None,  # not withdrawn
    ]
    assert "Jan de Vries" in noord[18]
    assert zuid[PERSONAL_AT:] == [None] * 6  # zuid's case: noord does not work on it
    assert_no_personal_data(all_text([zuid]).replace("Piet Bakker", "x") + "")
    assert "Piet" not in all_text([zuid])


def test_a_personal_data_export_is_logged_as_its_own_action(export_world, signed_in, demo_world):
    rows = read_csv(signed_in("noord").get("/initiatives/export.csv?personal_data=1&stage=closed"))
    assert rows[0] == [*CASE_HEADERS, *CHALLENGE_HEADERS, *PERSONAL_HEADERS, WITHDRAWN_HEADER]
    assert [row[0] for row in rows[1:]] == [str(export_world["noord"])]
    assert rows[1][PERSONAL_AT] == "Jan de Vries | Ayşe Yılmaz"
    data = {"format": "csv", "filters": {"stage": "closed"}, "personal_data": True, "rows": 1}
    assert audit_entries(demo_world, "export.personal_data") == [("noord", data)]
    assert audit_entries(demo_world, "export.cases") == [("noord", data)]


def test_every_export_is_logged_with_its_filters(export_world, signed_in, demo_world):
    read_xlsx(
        signed_in("secretaris").get("/initiatives/export.xlsx?neighbourhood=WK999902&channel=phone&page=3")
    )
    data = {
        "format": "xlsx",
        "filters": {"neighbourhood": "WK999902", "channel": "phone"},
        "personal_data": False,
        "rows": 1,
    }
    assert audit_entries(demo_world, "export.cases") == [("secretaris", data)]
    assert audit_entries(demo_world, "export.personal_data") == []


def test_the_api_exports_personal_data_for_a_manager_and_logs_it(export_world, api_as, demo_world):
    rows = read_csv(
        api_as("noord").get("/api/v1/exports/initiatives.csv?personal_data=true&neighbourhood=WK999902")
    )
    assert [row[0] for row in rows[1:]] == [str(export_world["noord"])]
    assert rows[1][PERSONAL_AT + 1] == "jan.devries@example.org | a.yilmaz@example.net"
    entries = audit_entries(demo_world, "export.personal_data")
    assert [(username, data["filters"]) for username, data in entries] == [
        ("noord", {"neighbourhood": "WK999902"})
    ]


# -- filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "cases"),
    [
        ("", ["noord", "zuid", "binnenstad"]),
        ("?neighbourhood=WK999903", ["zuid"]),
        ("?neighbourhood=WK999901,WK999902", ["noord", "binnenstad"]),
        ("?stage=intake", ["zuid", "binnenstad"]),
        ("?channel=walk_in", ["binnenstad"]),
        ("?theme=green", ["noord", "binnenstad"]),
        ("?owner=zuid", ["zuid"]),
        ("?q=bankje", ["zuid"]),
        ("?stage=nonsense&sort=title", ["noord", "zuid", "binnenstad"]),
    ],
)
def test_the_case_lists_filters_choose_the_rows(export_world, signed_in, query, cases):
    client = signed_in("secretaris")
    expected = sorted(export_world[name] for name in cases)
    csv_rows = read_csv(client.get("/initiatives/export.csv" + query))
    assert [int(row[0]) for row in csv_rows[1:]] == expected
    workbook = read_xlsx(client.get("/initiatives/export.xlsx" + query))
    assert [row[0] for row in workbook["Initiatieven"].iter_rows(min_row=2, values_only=True)] == expected
    assert {row[0] for row in workbook["Fasen"].iter_rows(min_row=2, values_only=True)} <= set(expected)


def test_the_api_takes_the_filters_as_query_parameters(export_world, api_as):
    client = api_as("secretaris")
    rows = read_csv(client.get("/api/v1/exports/initiatives.csv?stage=intake&overdue=false"))
    assert [int(row[0]) for row in rows[1:]] == sorted([export_world["zuid"], export_world["binnenstad"]])
    assert client.get("/api/v1/exports/initiatives.csv?stage=nonsense").status_code == 422


def test_the_exports_are_downloads_without_caching(export_world, signed_in):
    response = signed_in("secretaris").get("/initiatives/export.xlsx")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="initiatieven-')
    assert response.headers["Cache-Control"] == "no-store"


# -- the case list --------------------------------------------------------------------------------


def test_the_case_list_links_to_the_exports_with_its_filters(export_world, signed_in):
    page = signed_in("secretaris").get("/initiatives?stage=intake&page=1").get_data(as_text=True)
    assert 'href="/initiatives/export.csv?stage=intake"' in page
    assert 'href="/initiatives/export.xlsx?stage=intake"' in page
    assert 'name="personal_data"' not in page  # secretaries cannot include personal data
    page = signed_in("noord").get("/initiatives?stage=intake").get_data(as_text=True)
    assert 'name="personal_data"' in page
    assert '<input type="hidden" name="stage" value="intake">' in page


def test_an_api_client_sees_its_token_not_a_session(export_world, demo_world):
    token = issue_token(demo_world, "noord")
    client = ApiClient(demo_world.test_client(), token)
    assert client.get("/api/v1/exports/initiatives.csv").status_code == 200
    assert ApiClient(demo_world.test_client()).get("/api/v1/exports/initiatives.csv").status_code == 401


def test_the_anonymised_fields_of_a_case_for_reuse(export_world, demo_world):
    with demo_world.app_context():
        case = db.session.get(Initiative, export_world["noord"])
        texts = anonymised_case(case)
        assert texts.title == "Moestuin van [naam] aan de Merelstraat"
        assert texts.description == "[naam] ([e-mailadres], [telefoonnummer]) wil een moestuin op [adres]."
        assert texts.next_step == "[naam] terugbellen"
        everything = [texts.title, texts.description, texts.support_requested, texts.next_step, texts.lessons]
        for notes in (
            texts.activity_notes,
            texts.stage_change_reasons,
            texts.barrier_descriptions,
            texts.help_descriptions,
        ):
            assert notes
            everything += notes.values()
        assert_no_personal_data("\n".join(everything))


def test_themes_and_skills_are_told_by_their_labels_in_the_readers_language(export_world, signed_in):
    """The codes stay, in a column of their own, for whoever links the export to other data."""
    client = signed_in("secretaris")
    client.submit("/language", {"language": "en", "next": "/"}, form_url="/")
    cases = read_csv(client.get("/initiatives/export.csv"))
    header = cases[0]
    assert ("Green | Play", "green|play") in {
        (row[header.index("Themes")], row[header.index("Theme codes")]) for row in cases[1:]
    }
    activities = read_xlsx(client.get("/initiatives/export.xlsx"))["Activities"]
    header, *rows = sheet_values(activities)
    assert ("Listening | Making contact", "listening|making_contact") in {
        (row[header.index("Skills")], row[header.index("Skill codes")]) for row in rows
    }
