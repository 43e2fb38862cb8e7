"""The initiators' satisfaction on the dashboard (page and API): per wijk and overall, the number
of answers and the average score to one decimal, of the cases closed in the period, honouring
the area and theme filters; withdrawn cases count nowhere.

case  wijk        theme   closed on   score
A     Noord       green   2025-03-10  5
B     Noord       play    2025-05-20  2
C     Binnenstad  green   2025-06-01  4
D     Zuid        energy  2025-06-15  4
E     Noord       green   2025-04-01  1   withdrawn: not counted
"""

from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pytest

from initiatives.cases.models import Initiative
from initiatives.extensions import db
from initiatives.status_page.models import SatisfactionAnswer
from tests.api.conftest import ApiClient, issue_token
from tests.dashboard.html import tables

URL = "/api/v1/dashboard/barriers"
ANSWERS = {
    "A": (date(2025, 3, 10), 5),
    "B": (date(2025, 5, 20), 2),
    "C": (date(2025, 6, 1), 4),
    "D": (date(2025, 6, 15), 4),
    "E": (date(2025, 4, 1), 1),
}
CAPTION = "Antwoorden en gemiddelde score per wijk (met de buurten)"


@pytest.fixture
def answered(demo_world, data_set):
    """The data set's cases closed on the days above, each with an answer; E withdrawn."""
    with demo_world.app_context():
        for key, (closed_on, score) in ANSWERS.items():
            initiative = db.session.get(Initiative, data_set["cases"][key])
            initiative.stage, initiative.result, initiative.closed_on = "closed", "realised", closed_on
            db.session.add(
                SatisfactionAnswer(
                    initiative=initiative,
                    score=score,
                    comment=f"Toelichting {key} GEHEIM-comment",
                    answered_at=datetime(2025, 6, 30, tzinfo=UTC),
                )
            )
        db.session.get(Initiative, data_set["cases"]["E"]).withdrawn_at = datetime(2025, 6, 1, tzinfo=UTC)
        db.session.commit()
    return data_set


def _api(demo_world, args=None, username="secretaris"):
    client = ApiClient(demo_world.test_client(), issue_token(demo_world, username))
    response = client.get(URL + ("?" + urlencode(args) if args else ""))
    assert response.status_code == 200
    return response.get_json()["satisfaction"]


def _shown(satisfaction):
    return (
        {row["name"]: (row["answers"], row["average"]) for row in satisfaction["neighbourhoods"]},
        (satisfaction["overall"]["answers"], satisfaction["overall"]["average"]),
    )


def test_the_api_gives_answers_and_averages_per_wijk_and_overall(demo_world, answered):
    satisfaction = _api(demo_world)
    rows, overall = _shown(satisfaction)
    assert rows == {
        "Binnenstad": (1, 4.0),
        "Noord": (2, 3.5),
        "Zuid": (1, 4.0),
        "Oost": (0, None),
        "West": (0, None),
    }
    assert overall == (4, 3.8)  # 15 / 4 = 3.75, rounded half up
    assert [row["code"] for row in satisfaction["neighbourhoods"]] == sorted(
        row["code"] for row in satisfaction["neighbourhoods"]
    )


@pytest.mark.parametrize(
    ("args", "rows", "overall"),
    [
        # closed in the period: B, C and D
        (
            {"from": "2025-04-01", "to": "2025-06-30"},
            {"Noord": (1, 2.0), "Binnenstad": (1, 4.0), "Zuid": (1, 4.0)},
            (3, 3.3),
        ),
        ({"neighbourhood": "WK999902"}, {"Noord": (2, 3.5)}, (2, 3.5)),
        ({"theme": "green"}, {"Noord": (1, 5.0), "Binnenstad": (1, 4.0)}, (2, 4.5)),
    ],
)
def test_the_figures_honour_the_filters(demo_world, answered, args, rows, overall):
    shown_rows, shown_overall = _shown(_api(demo_world, args))
    assert {name: figures for name, figures in shown_rows.items() if figures[0]} == rows
    assert shown_overall == overall


def test_a_manager_sees_the_figures_of_their_own_wijken(demo_world, answered):
    rows, overall = _shown(_api(demo_world, username="noord"))
    assert rows == {"Binnenstad": (1, 4.0), "Noord": (2, 3.5)}
    assert overall == (3, 3.7)  # 11 / 3


def test_the_page_shows_the_same_figures_in_dutch_and_never_a_comment(demo_world, answered, signed_in):
    args = {"from": "2025-04-01", "to": "2025-06-30"}
    page = signed_in("secretaris").get("/dashboard?" + urlencode(args)).get_data(as_text=True)
    assert "Tevredenheid van initiatiefnemers" in page
    rows = [[cell.text for cell in row] for row in tables(page)[CAPTION]]
    assert rows[0] == ["Wijk", "Antwoorden", "Gemiddelde score (1 tot en met 5)"]
    assert ["Binnenstad", "1", "4"] in rows
    assert ["Noord", "1", "2"] in rows
    assert ["Oost", "0", "–"] in rows
    assert rows[-1] == ["Alle samen", "3", "3,3"]
    assert "GEHEIM-comment" not in page


def test_without_answers_the_averages_are_empty(demo_world, data_set):
    rows, overall = _shown(_api(demo_world))
    assert overall == (0, None)
    assert all(figures == (0, None) for figures in rows.values())
