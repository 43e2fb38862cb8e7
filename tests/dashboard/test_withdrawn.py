"""The barriers and helps of a withdrawn case count nowhere on the dashboard; taken back, they
count again. Leaving a case out of the council report changes nothing here."""

import pytest

from tests.api.conftest import ApiClient, issue_token
from tests.dashboard.expected import EXPECTED, NO_WIJK, ZERO
from tests.dashboard.test_api import expected_figures, figures, get
from tests.dashboard.test_figures import FIGURES


@pytest.fixture
def api(demo_world, data_set):
    def client(username):
        return ApiClient(demo_world.test_client(), issue_token(demo_world, username))

    return client


def _post(api, url, body):
    response = api("noord").post(url, json=body)
    assert response.status_code == 200, response.get_json()


def _case_url(data_set, key):
    return f"/api/v1/initiatives/{data_set['cases'][key]}"


def test_withdrawn_cases_leave_every_figure(api, data_set):
    """Withdrawing the cases in Binnenstad (C) and Zuid (D) leaves the figures of Noord's (A, B)."""
    for key in ("C", "D"):
        _post(api, f"{_case_url(data_set, key)}/withdraw", {"reason": "Dubbel geregistreerd."})
    actual = figures(get(api, "secretaris"), data_set)
    only_noord = expected_figures("wijk", data_set)
    for figure in FIGURES:
        if figure != "wijk":
            assert actual[figure] == only_noord[figure], f"figure {figure!r}"
    assert actual["wijk"] == {
        "Binnenstad": ZERO,
        "Noord": EXPECTED["wijk"]["wijk"]["Noord"],
        "Zuid": ZERO,
        **NO_WIJK,
    }

    for key in ("C", "D"):
        _post(api, f"{_case_url(data_set, key)}/reinstate", {"reason": "Toch niet dubbel."})
    actual = figures(get(api, "secretaris"), data_set)
    everything = expected_figures("everything", data_set)
    for figure in FIGURES:
        assert actual[figure] == everything[figure], f"figure {figure!r}"


def test_a_case_left_out_of_the_council_report_stays_on_the_dashboard(api, data_set):
    response = api("noord").patch(
        _case_url(data_set, "D"), json={"in_council_report": False}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["in_council_report"] is False
    actual = figures(get(api, "secretaris"), data_set)
    everything = expected_figures("everything", data_set)
    for figure in FIGURES:
        assert actual[figure] == everything[figure], f"figure {figure!r}"
