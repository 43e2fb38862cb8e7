"""The stakeholder maps on the dashboard (page and API), against a hand-computed fixture: per
department in how many cases it blocked (a barrier raised in the period names one of its inside
stakeholders, or one took the stance 'against' in the period) and helped ('for' in the period);
and the outside organisations in the most cases. The period, area and department filters apply;
withdrawn cases count nowhere; never a person's name.

On the data set's cases (tests/dashboard/conftest.py):
stakeholder  case  side     department / organisation  stances (recorded on)
s1           A     inside   OR  "Karel Kwast"          against 2025-02-01, for 2025-05-01
s2           A     inside   VTH                        for 2025-03-01
s3           B     inside   OR                         neutral 2025-03-15; barrier b3 (raised 2025-03-31) names it
s4           C     inside   VTH                        against 2025-06-05
s5           D     inside   FIN                        against 2024-11-30
s6           A     outside  Woonstichting Thuis        neutral 2025-01-10
s7           C     outside  Woonstichting Thuis        for 2025-04-10
s8           D     outside  Basisschool De Linde       for 2025-05-20
s9           E     outside  Woonstichting Thuis        neutral 2025-02-02  (E withdrawn: not counted)
s10          B     outside  (none) "Jan Jansen"        for 2025-02-02      (no organisation: not listed)

Whole period: OR blocked in A (s1) and B (b3 names s3): 2, helped in A: 1; VTH blocked in C: 1,
helped in A: 1; FIN blocked in D: 1. Woonstichting Thuis 2 cases (A, C), Basisschool De Linde 1.
"""

from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pytest

from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier
from initiatives.cases.models import Initiative
from initiatives.extensions import db
from initiatives.stakeholders.models import Stakeholder, StakeholderStance
from tests.api.conftest import ApiClient, issue_token
from tests.dashboard.conftest import FIN, OR, VTH
from tests.dashboard.html import case_ids, tables

URL = "/api/v1/dashboard/barriers"
STAKEHOLDERS = {
    "s1": ("A", "inside", OR, "", "Karel Kwast", [("against", "2025-02-01"), ("for", "2025-05-01")]),
    "s2": ("A", "inside", VTH, "", "", [("for", "2025-03-01")]),
    "s3": ("B", "inside", OR, "", "", [("neutral", "2025-03-15")]),
    "s4": ("C", "inside", VTH, "", "", [("against", "2025-06-05")]),
    "s5": ("D", "inside", FIN, "", "", [("against", "2024-11-30")]),
    "s6": ("A", "outside", None, "Woonstichting Thuis", "", [("neutral", "2025-01-10")]),
    "s7": ("C", "outside", None, "Woonstichting Thuis", "", [("for", "2025-04-10")]),
    "s8": ("D", "outside", None, "Basisschool De Linde", "", [("for", "2025-05-20")]),
    "s9": ("E", "outside", None, "Woonstichting Thuis", "", [("neutral", "2025-02-02")]),
    "s10": ("B", "outside", None, "", "Jan Jansen", [("for", "2025-02-02")]),
}
WHOLE = (
    {OR: (2, 1), VTH: (1, 1), FIN: (1, 0)},
    [("Woonstichting Thuis", 2), ("Basisschool De Linde", 1)],
)


@pytest.fixture
def mapped(demo_world, data_set):
    with demo_world.app_context():
        owner = find_user("noord")
        stakeholders = {}
        for key, (case, side, department, organisation, name, stances) in STAKEHOLDERS.items():
            stakeholders[key] = Stakeholder(
                initiative_id=data_set["cases"][case],
                side=side,
                role="adviser",
                stance=stances[-1][0],
                influence=3,
                interest=3,
                department_id=data_set["departments"][department] if department else None,
                organisation=organisation,
                name=name,
                created_by=owner,
                stances=[
                    StakeholderStance(stance=stance, recorded_on=date.fromisoformat(day), actor=owner)
                    for stance, day in stances
                ],
            )
        db.session.add_all(stakeholders.values())
        db.session.flush()
        db.session.get(Barrier, data_set["barriers"]["b3"]).stakeholder_id = stakeholders["s3"].id
        db.session.get(Initiative, data_set["cases"]["E"]).withdrawn_at = datetime(2025, 6, 1, tzinfo=UTC)
        db.session.commit()
    return data_set


def _api(demo_world, args=None, username="secretaris"):
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, username))
    response = client.get(URL + ("?" + urlencode(args) if args else ""))
    assert response.status_code == 200
    figures = response.get_json()["stakeholders"]
    return (
        {row["name"]: (row["blocker"], row["helper"]) for row in figures["departments"]},
        [(row["organisation"], row["cases"]) for row in figures["organisations"]],
    )


def test_the_api_gives_the_hand_computed_figures(demo_world, mapped):
    departments, organisations = _api(demo_world)
    assert (departments, organisations) == WHOLE
    # Most involved first.
    assert list(departments) == [OR, VTH, FIN]


@pytest.mark.parametrize(
    ("args", "departments", "organisations"),
    [
        # In the period: s1's 'for' (OR helped in A), s4 (VTH blocked in C), s7 and s8.
        (
            {"from": "2025-04-01", "to": "2025-06-30"},
            {OR: (0, 1), VTH: (1, 0)},
            [("Basisschool De Linde", 1), ("Woonstichting Thuis", 1)],
        ),
        # Noord: cases A and B (and the withdrawn E).
        ({"neighbourhood": "WK999902"}, {OR: (2, 1), VTH: (0, 1)}, [("Woonstichting Thuis", 1)]),
        # The stakeholder's department; organisations are not of a department.
        ({"department": "OR"}, {OR: (2, 1)}, [("Woonstichting Thuis", 2), ("Basisschool De Linde", 1)]),
    ],
)
def test_the_figures_honour_the_filters(demo_world, mapped, args, departments, organisations):
    if args.get("department") == "OR":
        args = {"department": mapped["departments"][OR]}
    assert _api(demo_world, args) == (departments, organisations)


def test_a_manager_sees_their_own_wijken_only(demo_world, mapped):
    # noord works in Noord and Binnenstad: cases A, B and C, not D.
    assert _api(demo_world, username="noord") == (
        {OR: (2, 1), VTH: (1, 1)},
        [("Woonstichting Thuis", 2)],
    )


def test_the_page_shows_the_same_figures_without_names(demo_world, mapped, signed_in):
    page = signed_in("secretaris").get("/dashboard").get_data(as_text=True)
    shown = tables(page)
    departments = shown["Initiatieven per afdeling, als blokkade en als hulp"]
    assert [[cell.text for cell in row] for row in departments[1:]] == [
        [OR, "2", "1"],
        [VTH, "1", "1"],
        [FIN, "1", "0"],
    ]
    organisations = shown["Organisaties van buiten de gemeente bij de meeste initiatieven"]
    assert [[cell.text for cell in row] for row in organisations[1:]] == [
        ["Woonstichting Thuis", "2"],
        ["Basisschool De Linde", "1"],
    ]
    assert "Betrokken afdelingen en partners" in page
    for name in ("Karel Kwast", "Jan Jansen"):
        assert name not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            {
                (OR, 1): "AB",
                (OR, 2): "A",
                (VTH, 1): "C",
                (VTH, 2): "A",
                (FIN, 1): "D",
                ("Woonstichting Thuis", 1): "AC",
                ("Basisschool De Linde", 1): "D",
            },
        ),
        # In the period b3 (raised 2025-03-31) and s1's 'against' fall out: OR blocked nowhere.
        (
            "?from=2025-04-01&to=2025-06-30",
            {
                (OR, 2): "A",
                (VTH, 1): "C",
                ("Basisschool De Linde", 1): "D",
                ("Woonstichting Thuis", 1): "C",
            },
        ),
        # Noord: cases A and B; the department filter is the stakeholder's, kept out of the link.
        (
            "?neighbourhood=WK999902",
            {(OR, 1): "AB", (OR, 2): "A", (VTH, 2): "A", ("Woonstichting Thuis", 1): "A"},
        ),
    ],
)
def test_each_number_leads_to_exactly_the_cases_it_counts(demo_world, mapped, signed_in, query, expected):
    browser = signed_in("secretaris")
    shown = tables(browser.get("/dashboard" + query).get_data(as_text=True))
    rows = [
        *shown["Initiatieven per afdeling, als blokkade en als hulp"][1:],
        *shown["Organisaties van buiten de gemeente bij de meeste initiatieven"][1:],
    ]
    linked = {}
    for row in rows:
        for column, cell in enumerate(row[1:], start=1):
            if cell.text == "0":
                assert cell.href is None
                continue
            assert cell.href, f"{row[0].text} {column} has no link"
            page = browser.get(cell.href).get_data(as_text=True)
            linked[row[0].text, column] = case_ids(page)
            assert len(linked[row[0].text, column]) == int(cell.text)
    assert linked == {key: {mapped["cases"][case] for case in cases} for key, cases in expected.items()}


def test_the_case_list_says_which_stakeholder_it_shows(demo_world, mapped, signed_in):
    department = mapped["departments"][OR]
    page = signed_in("secretaris").get(
        f"/initiatives?stakeholder_department={department}&stakeholder_as=blocker"
        "&involved_from=2025-01-01&involved_to=2025-03-31"
    )
    text = " ".join(page.get_data(as_text=True).split())
    assert (
        f"Alleen initiatieven met op de kaart van betrokkenen: {OR} als blokkade, van 1 jan 2025 tot 31 mrt 2025."
        in text
    )
    assert case_ids(page.get_data(as_text=True)) == {mapped["cases"]["A"], mapped["cases"]["B"]}
