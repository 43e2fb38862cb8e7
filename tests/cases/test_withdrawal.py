"""A case registered by mistake or twice is withdrawn (reason required, after a confirmation page),
kept and readable with a banner, left out of every list and figure, and can be taken back. The
page and the API do the same."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import REDACTED
from initiatives.auth.users import find_user
from initiatives.cases import operations, queries
from initiatives.cases.models import Initiative, Withdrawal, WithdrawalAction
from initiatives.cases.queries import my_work
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.api.conftest import ApiClient, issue_token
from tests.cases.conftest import field_error
from tests.conftest import open_test_case

REASON = "Dubbel geregistreerd: Jan Jansen belde twee keer, zie de andere zaak."


@pytest.fixture
def noord_api(demo_world):
    return ApiClient(demo_world.test_client(), issue_token(demo_world, "noord"))


def _withdraw_on_the_page(client, case_id, reason=REASON):
    url = f"/initiatives/{case_id}/withdraw"
    return client.submit(
        url, {"reason": reason, "version": str(_version(client.client.application, case_id))}
    )


def _version(app, case_id):
    with app.app_context():
        return db.session.get(Initiative, case_id).version


def test_withdrawing_asks_to_confirm_with_a_reason(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    case_id = test_case["initiative_id"]
    case_page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert f'href="/initiatives/{case_id}/withdraw"' in case_page

    confirmation = noord.get(f"/initiatives/{case_id}/withdraw")
    assert confirmation.status_code == 200
    page = confirmation.get_data(as_text=True)
    assert "Deze zaak intrekken?" in page
    assert "Er wordt niets verwijderd" in page
    assert "Zaak intrekken</button>" in page

    refused = _withdraw_on_the_page(noord, case_id, reason="  ")
    assert refused.status_code == 422
    assert field_error(refused.get_data(as_text=True), "reason") == "Geef een reden."
    with demo_world.app_context():
        assert not db.session.get(Initiative, case_id).is_withdrawn


def test_a_withdrawn_case_is_kept_and_readable_with_a_banner_and_its_reason(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    case_id = test_case["initiative_id"]
    response = _withdraw_on_the_page(noord, case_id)
    assert response.status_code == 302
    assert response.location == f"/initiatives/{case_id}"

    page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "Deze zaak is ingetrokken" in page
    assert "Jan Jansen belde twee keer" in page  # the team reads the reason as written
    assert "Zaak terugnemen" in page
    assert "Zaak intrekken (" not in page  # withdrawn once is enough
    assert 'name="to"' not in page  # and it does not move
    assert "Zaak ingetrokken" in page  # in the history
    assert "Moestuin op het veldje" in page  # nothing is deleted

    # The secretary reads it too, with the reason anonymised.
    secretary = signed_in("secretaris").get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "Deze zaak is ingetrokken" in secretary
    assert "[naam] belde twee keer" in secretary
    assert "Jan Jansen" not in secretary
    assert "Zaak terugnemen" not in secretary

    with demo_world.app_context():
        initiative = db.session.get(Initiative, case_id)
        assert initiative.withdrawn_at is not None
        assert initiative.stage == Stage.INTAKE  # it keeps its stage
        (withdrawal,) = initiative.withdrawals
        assert (withdrawal.action, withdrawal.reason, withdrawal.actor.username) == (
            WithdrawalAction.WITHDRAWN,
            REASON,
            "noord",
        )
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "initiative.withdrawn"))
        assert entry.data == {"reason": REDACTED}  # the log holds no free text
        assert entry.initiative_id == case_id


def test_the_api_withdraws_and_takes_back_as_the_page_does(demo_world, test_case, noord_api, signed_in):
    case_url = f"/api/v1/initiatives/{test_case['initiative_id']}"
    before = noord_api.get(case_url).get_json()
    assert (before["withdrawn"], before["withdrawn_at"], before["withdrawn_reason"]) == (False, None, None)

    response = noord_api.post(f"{case_url}/withdraw", json={"reason": REASON})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["withdrawn"] is True
    assert body["withdrawn_reason"] == REASON
    assert body["version"] == before["version"] + 1
    assert response.headers["ETag"] == f'"{body["version"]}"'

    secretary = ApiClient(demo_world.test_client(), issue_token(demo_world, "secretaris"))
    seen = secretary.get(case_url).get_json()
    assert seen["withdrawn"] is True
    assert seen["withdrawn_reason"] == "Dubbel geregistreerd: [naam] belde twee keer, zie de andere zaak."
    page = signed_in("secretaris").get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert seen["withdrawn_reason"] in page  # page and API agree

    again = noord_api.post(f"{case_url}/withdraw", json={"reason": "Nog eens."})
    assert again.status_code == 409
    assert again.get_json()["detail"] == "Deze zaak is al ingetrokken."

    blank = noord_api.post(f"{case_url}/reinstate", json={"reason": " "})
    assert blank.status_code == 422
    assert "reason" in blank.get_json()["errors"]
    stale = noord_api.post(
        f"{case_url}/reinstate", json={"reason": "Toch niet dubbel."}, headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412

    back = noord_api.post(f"{case_url}/reinstate", json={"reason": "Toch niet dubbel."})
    assert back.status_code == 200, back.get_json()
    assert (back.get_json()["withdrawn"], back.get_json()["stage"]) == (False, "intake")
    assert noord_api.post(f"{case_url}/reinstate", json={"reason": "Nog eens."}).status_code == 409
    with demo_world.app_context():
        actions = db.session.scalars(sa.select(Withdrawal.action).order_by(Withdrawal.id)).all()
        assert actions == [WithdrawalAction.WITHDRAWN, WithdrawalAction.REINSTATED]


def test_taking_back_on_the_page(demo_world, test_case, signed_in):
    noord = signed_in("noord")
    case_id = test_case["initiative_id"]
    assert noord.get(f"/initiatives/{case_id}/reinstate").status_code == 302  # nothing to take back
    _withdraw_on_the_page(noord, case_id)
    confirmation = noord.get(f"/initiatives/{case_id}/reinstate").get_data(as_text=True)
    assert "Deze zaak terugnemen?" in confirmation
    assert "Eerste contact" in confirmation  # the stage it goes on in
    response = noord.submit(
        f"/initiatives/{case_id}/reinstate",
        {"reason": "Het was toch een ander initiatief.", "version": str(_version(demo_world, case_id))},
    )
    assert response.status_code == 302
    page = noord.get(f"/initiatives/{case_id}").get_data(as_text=True)
    assert "Deze zaak is ingetrokken" not in page
    assert "Zaak teruggenomen" in page


def test_a_withdrawn_case_does_not_move(demo_world, test_case, noord_api):
    case_url = f"/api/v1/initiatives/{test_case['initiative_id']}"
    noord_api.post(f"{case_url}/withdraw", json={"reason": REASON})
    response = noord_api.post(f"{case_url}/transitions", json={"to": "mapping"})
    assert response.status_code == 409
    assert "Neem haar eerst terug" in response.get_json()["detail"]


def test_withdrawing_clears_the_follow_up_date(demo_world, noord_api):
    with demo_world.app_context():
        initiative = open_test_case(
            received_on=local_today() - timedelta(days=10), follow_up_on=local_today() - timedelta(days=1)
        )
        db.session.commit()
        case_id = initiative.id
        assert initiative.is_overdue()
    case_url = f"/api/v1/initiatives/{case_id}"
    assert noord_api.get(case_url).get_json()["overdue"] is True
    body = noord_api.post(f"{case_url}/withdraw", json={"reason": REASON}).get_json()
    assert (body["follow_up_on"], body["overdue"]) == (None, False)
    version = body["version"]
    refused = noord_api.patch(
        case_url, json={"follow_up_on": local_today().isoformat()}, headers={"If-Match": f'"{version}"'}
    )
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == {
        "follow_up_on": ["Een afgeronde of ingetrokken zaak heeft geen opvolgdatum."]
    }
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "initiative.withdrawn"))
        assert entry.data["follow_up_on"] == [(local_today() - timedelta(days=1)).isoformat(), None]


def test_closing_clears_the_follow_up_date(demo_world, noord_api):
    with demo_world.app_context():
        initiative = open_test_case(
            received_on=local_today() - timedelta(days=10), follow_up_on=local_today() + timedelta(days=5)
        )
        noord = find_user("noord")
        operations.move_case(
            initiative, noord, Stage.CLOSED, result=Result.REALISED, lessons="Vroeg beginnen."
        )
        db.session.commit()
        assert initiative.follow_up_on is None
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "initiative.moved"))
        assert entry.data["follow_up_on"] == [(local_today() + timedelta(days=5)).isoformat(), None]
        with pytest.raises(operations.CaseError):
            operations.update_case(initiative, noord, None, follow_up_on=local_today())


# -- the lists and figures leave it out ---------------------------------------------------------


@pytest.fixture
def two_cases(demo_world):
    """Two open cases of noord, the second overdue, and a closed one with lessons; ids by name."""
    with demo_world.app_context():
        kept = open_test_case(title="Buurtkamer in de bibliotheek")
        doubled = open_test_case(
            title="Buurtkamer dubbel",
            received_on=local_today() - timedelta(days=10),
            follow_up_on=local_today() - timedelta(days=2),
        )
        closed = open_test_case(title="Bloembakken in de straat")
        operations.move_case(
            closed, closed.owner, Stage.CLOSED, result=Result.REALISED, lessons="Bloembakken werken goed."
        )
        db.session.commit()
        return {"kept": kept.id, "doubled": doubled.id, "closed": closed.id}


def _withdraw(app, case_id):
    with app.app_context():
        initiative = db.session.get(Initiative, case_id)
        operations.withdraw_case(initiative, initiative.owner, reason=REASON)
        db.session.commit()


def test_a_withdrawn_case_leaves_mijn_werk(demo_world, two_cases, signed_in):
    home = signed_in("noord").get("/").get_data(as_text=True)
    assert "Buurtkamer dubbel" in home
    _withdraw(demo_world, two_cases["doubled"])
    home = signed_in("noord").get("/").get_data(as_text=True)
    assert "Buurtkamer dubbel" not in home
    assert "Buurtkamer in de bibliotheek" in home
    with demo_world.app_context():
        work = my_work(db.session, find_user("noord"))
        assert work.overdue == []
        assert work.open_count == 1


def test_the_case_list_hides_withdrawn_cases_unless_asked(demo_world, two_cases, signed_in, noord_api):
    _withdraw(demo_world, two_cases["doubled"])
    noord = signed_in("noord")
    shown = {
        choice: noord.get("/initiatives", query_string={"withdrawn": choice}).get_data(as_text=True)
        for choice in ("", "include", "only")
    }
    assert "Buurtkamer dubbel" not in shown[""]
    assert "Buurtkamer in de bibliotheek" in shown[""]
    assert "Buurtkamer dubbel" in shown["include"]
    assert "ingetrokken</strong>" in shown["include"]  # marked in the list
    assert "Buurtkamer in de bibliotheek" in shown["include"]
    assert "Buurtkamer dubbel" in shown["only"]
    assert "Buurtkamer in de bibliotheek" not in shown["only"]
    assert '<option value="include" selected>Met ingetrokken zaken</option>' in shown["include"]
    # A search does not find it either, unless asked.
    assert "Buurtkamer dubbel" not in noord.get("/initiatives?q=dubbel").get_data(as_text=True)

    # The API's list agrees.
    for choice, expected in (
        ("", {"kept", "closed"}),
        ("include", {"kept", "doubled", "closed"}),
        ("only", {"doubled"}),
    ):
        query = f"?withdrawn={choice}" if choice else ""
        items = noord_api.get(f"/api/v1/initiatives{query}").get_json()["items"]
        assert {item["id"] for item in items} == {two_cases[name] for name in expected}, choice
        assert all(item["withdrawn"] == (item["id"] == two_cases["doubled"]) for item in items)


def test_exports_leave_withdrawn_cases_out_unless_asked(demo_world, two_cases, signed_in, noord_api):
    _withdraw(demo_world, two_cases["doubled"])
    noord = signed_in("noord")
    default = noord.get("/initiatives/export.csv").get_data(as_text=True)
    assert "Buurtkamer dubbel" not in default
    assert "Buurtkamer in de bibliotheek" in default
    assert "Ingetrokken op" in default.splitlines()[0]
    included = noord.get("/initiatives/export.csv?withdrawn=include").get_data(as_text=True)
    row = next(line for line in included.splitlines() if "Buurtkamer dubbel" in line)
    assert local_today().isoformat() in row.split(";")  # the date it was withdrawn
    api = noord_api.get("/api/v1/exports/initiatives.csv?withdrawn=only").get_data(as_text=True)
    assert "Buurtkamer dubbel" in api
    assert "Buurtkamer in de bibliotheek" not in api
    # The case list's export links carry the filter.
    listing = noord.get("/initiatives?withdrawn=include").get_data(as_text=True)
    assert "/initiatives/export.csv?withdrawn=include" in listing


def test_the_lessons_page_leaves_withdrawn_cases_out(demo_world, two_cases, signed_in):
    assert "Bloembakken werken goed." in signed_in("noord").get("/lessons").get_data(as_text=True)
    _withdraw(demo_world, two_cases["closed"])
    assert "Bloembakken werken goed." not in signed_in("noord").get("/lessons").get_data(as_text=True)


def test_mijn_werk_counts_the_open_cases_up_to_a_cap(demo_world, two_cases, signed_in, monkeypatch):
    """A manager with more open cases than OPEN_COUNT_CAP (a demo account at a million cases has
    a hundred thousand) reads "more than": the count stops there."""
    monkeypatch.setattr(queries, "OPEN_COUNT_CAP", 1)
    assert "U hebt meer dan 1 openstaande initiatieven." in signed_in("noord").get("/").get_data(as_text=True)
    with demo_world.app_context():
        work = my_work(db.session, find_user("noord"))
        assert (work.open_count, work.open_count_capped) == (1, True)
    monkeypatch.setattr(queries, "OPEN_COUNT_CAP", 2)
    assert "U hebt 2 openstaande initiatieven." in signed_in("noord").get("/").get_data(as_text=True)
