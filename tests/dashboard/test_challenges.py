"""The right to challenge on the dashboard (page and API) and in the council report, against a
hand-computed fixture: the challenges received in the period, decided, decided within the term
(each by its own term, or the deadline set for the case), by outcome, per task (tasks written in
as one row, never shown), and the days from receipt to decision. Every number links to exactly
the cases it counts.

On top of the dashboard's data set (its cases A to E are initiatives, which no figure here counts),
challenge cases with their challenge (term in weeks; the deadline changed for c3):

case  wijk / buurt      theme   received    task                 term  decided            days  within
c1    Noord             green   2025-01-10  Maaien (T1)          8     granted 2025-02-21   42    yes
c2    Bloemenbuurt      green   2025-02-01  Maaien (T1)          8     refused 2025-04-15   73    no (due 03-29)
c3    Centrum           play    2025-03-01  Buurthuis (T2)       8*    partly 2025-05-10    70    yes (*due set to 05-15)
c4    Zuid              energy  2025-04-01  written in (other)   4     inadmissible 05-06   35    no (due 04-29)
c5    Noord             green   2025-05-01  Speeltuin (T3, retired)    undecided
c6    Noord             green   2025-06-01  no challenge recorded yet  undecided
c7    Noord             green   2025-02-10  Buurthuis (T2)       8     granted 2025-02-20   10    withdrawn: counts nowhere

Whole: 6 received, 4 decided, 2 within the term (50 %); one of each decision; T1 2, T2 1, T3 1,
other 1, none 1; days 35, 42, 70, 73: median 56, quartiles 40.25 and 70.75.
"""

import re
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.challenges.models import Challenge, ChallengeSettings, ChallengeTask
from initiatives.extensions import db
from initiatives.organisation.operations import find_neighbourhood
from initiatives.vocabularies.models import Theme
from tests.api.conftest import ApiClient, issue_token
from tests.dashboard.html import case_ids, tables

URL = "/api/v1/dashboard/barriers"
#: A name in a task written in: free text, so never shown in a figure.
WRITTEN_IN = "Bankjes van Jan Jansen schilderen"
TASKS = {
    "T1": ("Maaien van het groen", True),
    "T2": ("Beheer van het buurthuis", True),
    "T3": ("Schoonmaken van de speeltuin", False),
}
#: case -> (area, theme, received, task, term weeks, deadline set, decision, decided on)
CHALLENGES = {
    "c1": ("WK999902", "green", "2025-01-10", "T1", 8, None, "granted", "2025-02-21"),
    "c2": ("BU99990201", "green", "2025-02-01", "T1", 8, None, "refused", "2025-04-15"),
    "c3": ("BU99990101", "play", "2025-03-01", "T2", 8, "2025-05-15", "partly", "2025-05-10"),
    "c4": ("WK999903", "energy", "2025-04-01", WRITTEN_IN, 4, None, "inadmissible", "2025-05-06"),
    "c5": ("WK999902", "green", "2025-05-01", "T3", 8, None, None, None),
    "c6": ("WK999902", "green", "2025-06-01", None, None, None, None, None),
    "c7": ("WK999902", "green", "2025-02-10", "T2", 8, None, "granted", "2025-02-20"),
}
WHOLE = {
    "received": 6,
    "decided": 4,
    "decided_within_term": 2,
    "share_within_term": 0.5,
    "decisions": {"granted": 1, "partly": 1, "refused": 1, "inadmissible": 1},
    "tasks": [
        ("listed", "Maaien van het groen", 2),
        ("listed", "Beheer van het buurthuis", 1),
        ("listed", "Schoonmaken van de speeltuin", 1),
        ("other", None, 1),
        ("none", None, 1),
    ],
    "time_to_decision": {
        "decided": 4,
        "median_days": 56.0,
        "lower_quartile_days": 40.25,
        "upper_quartile_days": 70.75,
        "shortest_days": 35,
        "longest_days": 73,
    },
}


def _day(text):
    return date.fromisoformat(text) if text else None


@pytest.fixture
def challenged(demo_world, data_set):
    """The challenge cases above beside the dashboard's data set; their ids by name."""
    with demo_world.app_context():
        owner = find_user("noord")
        themes = {term.code: term for term in db.session.scalars(sa.select(Theme))}
        tasks = {key: ChallengeTask(name=name, active=active) for key, (name, active) in TASKS.items()}
        cases = {}
        rows = []
        for key, (area, theme, received, task, weeks, due, decision, decided) in CHALLENGES.items():
            cases[key] = Initiative(
                kind="right_to_challenge",
                title=f"Uitdaging {key}",
                neighbourhood=find_neighbourhood(area),
                channel="email",
                received_on=_day(received),
                owner=owner,
                themes=[themes[theme]],
            )
            if weeks is None:
                continue
            rows.append(
                Challenge(
                    initiative=cases[key],
                    task=tasks.get(task),
                    task_text="" if task in tasks else task,
                    better_because="Wij wonen er zelf.",
                    term_weeks=weeks,
                    due_on_changed_to=_day(due),
                    due_change_reason="Het college vergadert later." if due else "",
                    decision=decision,
                    decided_on=_day(decided),
                    decision_grounds="Zo besloten." if decision else "",
                )
            )
        cases["c7"].withdrawn_at = datetime(2025, 3, 1, tzinfo=UTC)
        db.session.add_all([*tasks.values(), *cases.values(), *rows])
        db.session.commit()
        return {
            "cases": {key: case.id for key, case in cases.items()},
            "initiatives": data_set["cases"],
            "tasks": {key: task.id for key, task in tasks.items()},
        }


def _api(demo_world, args=None, username="secretaris"):
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, username))
    response = client.get(URL + ("?" + urlencode(args) if args else ""))
    assert response.status_code == 200
    figures = response.get_json()["challenges"]
    return {
        **figures,
        "decisions": {row["decision"]: row["challenges"] for row in figures["decisions"]},
        "tasks": [(row["group"], row["name"], row["challenges"]) for row in figures["tasks"]],
    }


def test_the_api_gives_the_hand_computed_figures(demo_world, challenged):
    figures = _api(demo_world)
    assert figures == WHOLE
    # A task of the admin's list by its id; tasks written in never by their text.
    listed = ApiClient(demo_world.test_client(), issue_token(demo_world, "secretaris")).get(URL)
    assert listed.get_json()["challenges"]["tasks"][0]["task"] == challenged["tasks"]["T1"]
    assert "Jan Jansen" not in listed.get_data(as_text=True)


@pytest.mark.parametrize(
    ("args", "received", "decided", "within", "decisions"),
    [
        # Received in the period: c2, c3, c4 (c7 is withdrawn).
        (
            {"from": "2025-02-01", "to": "2025-04-30"},
            3,
            3,
            1,
            {"granted": 0, "partly": 1, "refused": 1, "inadmissible": 1},
        ),
        # Noord with its buurten: c1, c2, c5, c6.
        (
            {"neighbourhood": "WK999902"},
            4,
            2,
            1,
            {"granted": 1, "partly": 0, "refused": 1, "inadmissible": 0},
        ),
        ({"theme": "play"}, 1, 1, 1, {"granted": 0, "partly": 1, "refused": 0, "inadmissible": 0}),
        # Department and stage describe barriers: they select no challenges.
        ({"stage": "mapping"}, 6, 4, 2, WHOLE["decisions"]),
    ],
)
def test_the_figures_honour_the_filters(demo_world, challenged, args, received, decided, within, decisions):
    figures = _api(demo_world, args)
    assert (figures["received"], figures["decided"], figures["decided_within_term"]) == (
        received,
        decided,
        within,
    )
    assert figures["decisions"] == decisions


def test_a_manager_sees_their_own_wijken_only(demo_world, challenged):
    # noord works in Noord and Binnenstad: c1, c2, c3, c5 and c6; zuid in Zuid and Oost: c4.
    noord = _api(demo_world, username="noord")
    assert (noord["received"], noord["decided"], noord["decided_within_term"]) == (5, 3, 2)
    zuid = _api(demo_world, username="zuid")
    assert (zuid["received"], zuid["decided"], zuid["decided_within_term"]) == (1, 1, 0)
    assert zuid["tasks"] == [("other", None, 1)]


def test_each_challenge_keeps_its_own_term_when_the_municipality_changes_it(demo_world, challenged):
    """Within the term is judged by the term the challenge was recorded under (c4: 4 weeks) or the
    deadline set for it (c3), not by the municipality's term today."""
    with demo_world.app_context():
        db.session.merge(ChallengeSettings(id=1, decision_term_weeks=12))
        db.session.commit()
    assert _api(demo_world)["decided_within_term"] == 2
    with demo_world.app_context():
        c3 = db.session.scalar(
            sa.select(Challenge).where(Challenge.initiative_id == challenged["cases"]["c3"])
        )
        c3.due_on_changed_to = None  # back to receipt + 8 weeks (2025-04-26): decided after it
        c4 = db.session.scalar(
            sa.select(Challenge).where(Challenge.initiative_id == challenged["cases"]["c4"])
        )
        c4.term_weeks = 8  # 2025-05-27: decided within it
        db.session.commit()
    figures = _api(demo_world)
    assert figures["decided_within_term"] == 2
    assert figures["share_within_term"] == 0.5


def test_the_page_shows_the_same_figures_without_free_text(demo_world, challenged, signed_in):
    page = signed_in("secretaris").get("/dashboard").get_data(as_text=True)
    shown = tables(page)
    decisions = shown["Besluiten naar uitkomst"]
    assert [[cell.text for cell in row] for row in decisions[1:]] == [
        ["Toegekend", "1"],
        ["Gedeeltelijk toegekend", "1"],
        ["Geweigerd", "1"],
        ["Niet ontvankelijk", "1"],
        ["Besloten", "4"],
        ["Waarvan na de termijn", "2"],
    ]
    assert [[cell.text for cell in row] for row in shown["Meest uitgedaagde taken"][1:]] == [
        ["Maaien van het groen", "2"],
        ["Beheer van het buurthuis", "1"],
        ["Schoonmaken van de speeltuin (niet meer in gebruik)", "1"],
        ["Andere taak (zelf beschreven)", "1"],
        ["Nog geen taak vastgelegd", "1"],
    ]
    days = shown["Dagen van ontvangst tot besluit"]
    assert [[cell.text for cell in row] for row in days[1:]] == [
        ["Kortst", "35"],
        ["Onderste kwartiel", "40,2"],
        ["Mediaan", "56"],
        ["Bovenste kwartiel", "70,8"],
        ["Langst", "73"],
        ["Uitdagingen besloten", "4"],
    ]
    text = " ".join(page.split())
    assert "6</a></span> binnengekomen" in text
    assert "2</a></span> op tijd besloten (50%)" in text
    assert "Jan Jansen" not in page


def test_an_empty_selection_shows_the_section_with_zeros_and_a_sentence(demo_world, challenged, signed_in):
    page = signed_in("secretaris").get("/dashboard?from=2020-01-01&to=2020-12-31").get_data(as_text=True)
    assert "In deze selectie zijn geen uitdagingen binnengekomen." in page
    assert "Geen uitdagingen in deze selectie." in page
    days = tables(page)["Dagen van ontvangst tot besluit"]
    assert [row[1].text for row in days[1:]] == ["–", "–", "–", "–", "–", "0"]
    empty = _api(demo_world, {"from": "2020-01-01", "to": "2020-12-31"})
    assert (empty["received"], empty["share_within_term"], empty["tasks"]) == (0, None, [])


def _links(browser, page):
    """{(caption, row label): (shown number, the ids of the cases its link lists)}."""
    shown = tables(page)
    linked = {}
    for caption in ("Besluiten naar uitkomst", "Meest uitgedaagde taken", "Dagen van ontvangst tot besluit"):
        for row in shown[caption][1:]:
            cell = row[-1]
            if caption == "Dagen van ontvangst tot besluit" and row[0].text != "Uitdagingen besloten":
                assert cell.href is None  # a number of days counts no cases
                continue
            if cell.text == "0":
                assert cell.href is None
                continue
            assert cell.href, f"{caption}: {row[0].text} has no link"
            linked[caption, row[0].text] = (
                int(cell.text),
                case_ids(browser.get(cell.href).get_data(as_text=True)),
            )
    return linked


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            {
                ("Besluiten naar uitkomst", "Toegekend"): "c1",
                ("Besluiten naar uitkomst", "Gedeeltelijk toegekend"): "c3",
                ("Besluiten naar uitkomst", "Geweigerd"): "c2",
                ("Besluiten naar uitkomst", "Niet ontvankelijk"): "c4",
                ("Besluiten naar uitkomst", "Besloten"): "c1 c2 c3 c4",
                ("Besluiten naar uitkomst", "Waarvan na de termijn"): "c2 c4",
                ("Meest uitgedaagde taken", "Maaien van het groen"): "c1 c2",
                ("Meest uitgedaagde taken", "Beheer van het buurthuis"): "c3",
                ("Meest uitgedaagde taken", "Schoonmaken van de speeltuin (niet meer in gebruik)"): "c5",
                ("Meest uitgedaagde taken", "Andere taak (zelf beschreven)"): "c4",
                ("Meest uitgedaagde taken", "Nog geen taak vastgelegd"): "c6",
                ("Dagen van ontvangst tot besluit", "Uitdagingen besloten"): "c1 c2 c3 c4",
            },
        ),
        # The period, a wijk and a stage (which selects no challenges and stays out of the links).
        (
            "?from=2025-02-01&to=2025-04-30&neighbourhood=WK999902&stage=mapping",
            {
                ("Besluiten naar uitkomst", "Geweigerd"): "c2",
                ("Besluiten naar uitkomst", "Besloten"): "c2",
                ("Besluiten naar uitkomst", "Waarvan na de termijn"): "c2",
                ("Meest uitgedaagde taken", "Maaien van het groen"): "c2",
                ("Dagen van ontvangst tot besluit", "Uitdagingen besloten"): "c2",
            },
        ),
    ],
)
def test_each_number_leads_to_exactly_the_cases_it_counts(demo_world, challenged, signed_in, query, expected):
    browser = signed_in("secretaris")
    page = browser.get("/dashboard" + query).get_data(as_text=True)
    linked = _links(browser, page)
    ids = challenged["cases"]
    assert {key: cases for key, (_number, cases) in linked.items()} == {
        key: {ids[case] for case in cases.split()} for key, cases in expected.items()
    }
    for number, cases in linked.values():
        assert len(cases) == number
    if not query:  # the cards above the tables: received, decided, within the term
        received, decided, within = (
            case_ids(browser.get(href).get_data(as_text=True)) for href in _card_links(page)
        )
        assert received == {ids[case] for case in ("c1", "c2", "c3", "c4", "c5", "c6")}
        assert decided == {ids[case] for case in ("c1", "c2", "c3", "c4")}
        assert within == {ids["c1"], ids["c3"]}


def _card_links(page):
    """The links of the challenge section's three cards (received, decided, within the term)."""
    section = page.split('id="challenges"', 1)[1].split("</ul>", 1)[0]
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', section)]


def test_the_case_list_says_which_challenges_it_shows(demo_world, challenged, signed_in):
    task = challenged["tasks"]["T1"]
    page = signed_in("secretaris").get(
        f"/initiatives?kind=right_to_challenge&challenge_task={task}&challenge_within_term=no"
        "&received_from=2025-01-01&received_to=2025-03-31"
    )
    html = page.get_data(as_text=True)
    text = " ".join(html.split())
    assert "Alleen uitdagingen: na de termijn besloten, de taak “Maaien van het groen”." in text
    assert "Eerste contact van 1 jan 2025 tot en met 31 mrt 2025." in text
    assert case_ids(html) == {challenged["cases"]["c2"]}


def test_the_kind_filter_is_in_the_case_list_and_its_api(demo_world, challenged, signed_in):
    challenges = {challenged["cases"][key] for key in ("c1", "c2", "c3", "c4", "c5", "c6")}
    html = signed_in("secretaris").get("/initiatives?kind=right_to_challenge").get_data(as_text=True)
    assert '<option value="right_to_challenge" selected>' in html
    assert case_ids(html) == challenges
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, "secretaris"))
    listed = client.get("/api/v1/initiatives?kind=right_to_challenge&per_page=100").get_json()
    assert {item["id"] for item in listed["items"]} == challenges
    initiatives = client.get("/api/v1/initiatives?kind=initiative&per_page=100").get_json()
    assert not challenges & {item["id"] for item in initiatives["items"]}
    assert client.get("/api/v1/initiatives?kind=challenge").status_code == 422


def test_the_council_report_counts_the_challenges_never_a_written_in_task(demo_world, challenged, signed_in):
    from tests.test_council_report import _docx_text, _pdf_text

    with demo_world.app_context():
        db.session.get(Initiative, challenged["cases"]["c5"]).in_council_report = False
        db.session.commit()
    query = {"from": "2025-01-01", "to": "2025-06-30"}
    client = signed_in("secretaris")
    page = " ".join(client.get("/reports/council", query_string=query).get_data(as_text=True).split())
    paragraph = (
        "In de periode kwamen 5 uitdagingen onder het uitdaagrecht binnen. Het college besloot over 4 "
        "daarvan, 2 binnen de termijn. De helft van de besluiten viel binnen 56 dagen na ontvangst."
    )
    assert paragraph in page
    shown = tables(page)
    counts = shown["Uitdagingen die in de periode binnenkwamen, en de besluiten erover"]
    assert [[cell.text for cell in row] for row in counts[1:]] == [
        ["Binnengekomen", "5"],
        ["Besloten", "4"],
        ["Binnen de termijn besloten", "2"],
        ["Besluit: Toegekend", "1"],
        ["Besluit: Gedeeltelijk toegekend", "1"],
        ["Besluit: Geweigerd", "1"],
        ["Besluit: Niet ontvankelijk", "1"],
    ]
    # c5 (Speeltuin) is left out of the report; the task written in is one unnamed row.
    assert [
        [cell.text for cell in row]
        for row in shown["Uitdagingen die in de periode binnenkwamen, per taak"][1:]
    ] == [
        ["Maaien van het groen", "2"],
        ["Beheer van het buurthuis", "1"],
        ["Andere taak (zelf beschreven)", "1"],
        ["Nog geen taak vastgelegd", "1"],
    ]
    _reader, pdf = _pdf_text(client.get("/reports/council.pdf", query_string=query).data)
    assert "Uitdaagrecht" in pdf
    assert "In de periode kwamen 5 uitdagingen onder het uitdaagrecht binnen." in pdf
    document, docx = _docx_text(client.get("/reports/council.docx", query_string=query).data)
    table = next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells] == ["Taak", "Aantal"]
    )
    assert [[cell.text for cell in row.cells] for row in table.rows[1:]] == [
        ["Maaien van het groen", "2"],
        ["Beheer van het buurthuis", "1"],
        ["Andere taak (zelf beschreven)", "1"],
        ["Nog geen taak vastgelegd", "1"],
    ]
    assert paragraph in docx
    for text in (page, pdf, docx):
        assert "Jan Jansen" not in text
        assert "Bankjes van" not in text


def test_the_council_report_says_so_when_no_challenge_came_in(demo_world, challenged, signed_in):
    from initiatives.reports.council import CouncilSelection, build_council_report

    with demo_world.test_request_context():
        selection = CouncilSelection.from_args(
            MultiDict({"from": "2020-01-01", "to": "2020-12-31"}), db.session, date(2025, 7, 1)
        )
        report = build_council_report(db.session, selection, date(2025, 7, 1))
        assert report.challenge_tasks == []
        assert [count for _label, count in report.challenge_counts] == [0] * 7
        assert report.challenge_paragraph == (
            "In de periode kwamen geen uitdagingen onder het uitdaagrecht binnen."
        )
