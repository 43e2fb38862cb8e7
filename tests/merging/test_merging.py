"""Merging a duplicate case (A) into another (B): through the page and the API, with the figures
before and after (Mijn werk, the case list, the dashboard's key figures, the export); the two
owners' confirmation; undoing, and undoing refused after a change; who may; the audit entries."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier, Help
from initiatives.cases.models import Activity, Initiative, Initiator
from initiatives.cases.queries import my_work
from initiatives.core.dates import local_today
from initiatives.dashboard.filters import Scope
from initiatives.dashboard.key_figures import key_figures
from initiatives.extensions import db
from initiatives.merging.models import Merge, MergeState
from initiatives.stakeholders.models import Stakeholder
from tests.api.conftest import ApiClient, issue_token
from tests.cases.conftest import field_error
from tests.conftest import open_test_case

REASON = "Dezelfde moestuin, twee keer gemeld."


@pytest.fixture
def api(demo_world):
    def client(username):
        return ApiClient(demo_world.test_client(), issue_token(demo_world, username))

    return client


@pytest.fixture
def duplicate(demo_world, test_case):
    """B: noord's second case about the same garden, with the same Jan Jansen (another notation
    of his phone) and someone else; A is the test case. Ids by letter."""
    from initiatives.cases.operations import InitiatorDetails

    with demo_world.app_context():
        into = open_test_case(
            title="Moestuin Merelstraat (tweede melding)",
            initiators=[
                InitiatorDetails(name="J. Jansen", email="", phone="+31 6 1234 5678"),
                InitiatorDetails(name="Fatima Yilmaz", email="fatima@example.org"),
            ],
        )
        db.session.commit()
        return {"A": test_case["initiative_id"], "B": into.id, **test_case}


def _figures(app):
    """Open cases and open barriers for the secretary, rows of noord's Mijn werk, and the council
    report's cases received in the last month (and its barriers)."""
    from werkzeug.datastructures import MultiDict

    from initiatives.reports.council import CouncilSelection, build_council_report

    today = local_today()
    period = MultiDict({"from": (today - timedelta(days=30)).isoformat(), "to": today.isoformat()})
    with app.test_request_context():
        figures = key_figures(db.session, Scope.for_user(find_user("secretaris")), today)
        work = my_work(db.session, find_user("noord"))
        report = build_council_report(
            db.session, CouncilSelection.from_args(period, db.session, today), today
        )
        return {
            "open_cases": figures.open_cases,
            "open_barriers": figures.open_barriers,
            "my_work": work.open_count,
            "council_received": report.received,
            "council_summaries": report.summaries_total,
            "council_barriers": sum(tally.total for tally in report.dashboard.by_category),
        }


def _export_rows(client, title):
    return [
        line
        for line in client.get("/initiatives/export.csv").get_data(as_text=True).splitlines()
        if title in line
    ]


def test_merging_on_the_page_moves_everything_and_counts_b_once(demo_world, duplicate, signed_in):
    noord = signed_in("noord")
    a, b = duplicate["A"], duplicate["B"]
    before = _figures(demo_world)
    assert len(_export_rows(noord, "Moestuin op het veldje")) == 1
    assert f'href="/initiatives/{a}/merge"' in noord.get(f"/initiatives/{a}").get_data(as_text=True)

    choose = noord.get(f"/initiatives/{a}/merge")
    assert choose.status_code == 200
    assert "Deze zaak samenvoegen met een andere zaak" in choose.get_data(as_text=True)
    itself = noord.submit(f"/initiatives/{a}/merge", {"into": str(a)})
    assert itself.status_code == 422
    assert (
        field_error(itself.get_data(as_text=True), "into")
        == "Een zaak kan niet met zichzelf worden samengevoegd."
    )

    with demo_world.app_context():
        version = db.session.get(Initiative, a).version
    confirmation = noord.submit(f"/initiatives/{a}/merge", {"into": str(b), "version": str(version)})
    assert confirmation.status_code == 200
    page = confirmation.get_data(as_text=True)
    assert f"Zaak #{a} samenvoegen met zaak #{b}?" in page
    assert "1 contactpersoon wordt gekopieerd" not in page  # Jan Jansen is on B already
    assert "0 contactpersonen worden gekopieerd" in page
    assert "1 knelpunt en" in page

    no_reason = noord.submit(
        f"/initiatives/{a}/merge", {"into": str(b), "version": str(version), "confirmed": "1", "reason": " "}
    )
    assert no_reason.status_code == 422
    done = noord.submit(
        f"/initiatives/{a}/merge",
        {"into": str(b), "version": str(version), "confirmed": "1", "reason": REASON},
        follow_redirects=True,
    )
    assert done.status_code == 200
    assert f"Zaak #{a} is samengevoegd met deze zaak." in done.get_data(as_text=True)

    with demo_world.app_context():
        case_a, case_b = db.session.get(Initiative, a), db.session.get(Initiative, b)
        assert case_a.merged_into_id == b
        assert db.session.get(Barrier, duplicate["barrier_id"]).initiative_id == b
        assert db.session.get(Help, duplicate["help_id"]).initiative_id == b
        assert db.session.get(Stakeholder, duplicate["stakeholder_id"]).initiative_id == b
        assert db.session.get(Activity, duplicate["activity_id"]).merged_from_id == a
        assert {person.name for person in case_b.initiators} == {"J. Jansen", "Fatima Yilmaz"}
        assert [person.name for person in case_a.initiators] == ["Jan Jansen"]  # kept on A
        assert case_a.follow_up_on is None

    after = _figures(demo_world)
    assert after["open_cases"] == before["open_cases"] - 1
    assert after["open_barriers"] == before["open_barriers"]  # A's barrier counts once, on B
    assert after["my_work"] == before["my_work"] - 1
    assert after["council_received"] == before["council_received"] - 1
    assert after["council_summaries"] == before["council_summaries"] - 1
    assert after["council_barriers"] == before["council_barriers"]
    assert _export_rows(noord, "Moestuin op het veldje") == []
    listing = noord.get("/initiatives").get_data(as_text=True)
    assert "Moestuin op het veldje" not in listing
    assert "Moestuin Merelstraat (tweede melding)" in listing

    page_a = noord.get(f"/initiatives/{a}").get_data(as_text=True)
    assert f"Deze zaak is samengevoegd met zaak #{b}" in page_a
    assert f'href="/initiatives/{b}"' in page_a
    page_b = noord.get(f"/initiatives/{b}").get_data(as_text=True)
    assert f"uit zaak #{a}" in page_b
    assert "Twee afdelingen wijzen naar elkaar." in page_b


def test_the_api_merges_answers_merged_into_and_refuses_twice(demo_world, duplicate, api):
    noord = api("noord")
    a, b = duplicate["A"], duplicate["B"]
    missing = noord.post(f"/api/v1/initiatives/{a}/merge", json={"into": b})
    assert missing.status_code == 422
    merged = noord.post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON})
    assert merged.status_code == 200, merged.get_json()
    assert merged.get_json()["state"] == "merged"
    assert noord.get(f"/api/v1/initiatives/{a}").get_json()["merged_into"] == b
    assert noord.get(f"/api/v1/initiatives/{b}").get_json()["merged_into"] is None
    again = noord.post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON})
    assert again.status_code == 409
    assert "is al samengevoegd met zaak" in again.get_json()["detail"]
    into_merged = noord.post(f"/api/v1/initiatives/{b}/merge", json={"into": a, "reason": REASON})
    assert into_merged.status_code == 409
    items = noord.get("/api/v1/initiatives").get_json()["items"]
    assert a not in {item["id"] for item in items}


def test_two_owners_the_second_confirms_or_declines(demo_world, duplicate, api, signed_in):
    a = duplicate["A"]
    with demo_world.app_context():
        zuid = find_user("zuid")
        other = open_test_case("zuid", wijk=zuid.neighbourhoods[0].code, title="Groente kweken bij de Merel")
        db.session.commit()
        b = other.id
    asked = api("noord").post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON})
    assert asked.status_code == 202, asked.get_json()
    assert asked.get_json()["state"] == "pending"
    with demo_world.app_context():
        assert db.session.get(Initiative, a).merged_into_id is None  # nothing moved yet

    # The requester cannot confirm their own request; the other owner sees it.
    assert api("noord").post(f"/api/v1/initiatives/{a}/merge/confirm").status_code == 403
    zuid_home = signed_in("zuid").get(f"/initiatives/{b}").get_data(as_text=True)
    assert "Een samenvoeging wacht op bevestiging" in zuid_home
    assert "Samenvoeging bevestigen" in zuid_home
    assert "Een samenvoeging wacht op bevestiging" in signed_in("zuid").get("/").get_data(as_text=True)

    declined = api("zuid").post(f"/api/v1/initiatives/{b}/merge/decline", json={"reason": "Twee ideeen."})
    assert declined.status_code == 200
    assert declined.get_json()["state"] == "declined"

    api("noord").post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON})
    confirmed = signed_in("zuid").submit(
        f"/initiatives/{b}/merge/confirm", {}, form_url=f"/initiatives/{b}", follow_redirects=True
    )
    assert confirmed.status_code == 200
    with demo_world.app_context():
        assert db.session.get(Initiative, a).merged_into_id == b
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.initiative_id == a).order_by(AuditEntry.id)
        ).all()
    assert [action for action in actions if action.startswith("merge.")] == [
        "merge.requested",
        "merge.declined",
        "merge.requested",
        "merge.confirmed",
        "merge.done",
    ]


def test_undoing_puts_everything_back_and_a_counts_again(demo_world, duplicate, api, signed_in):
    a, b = duplicate["A"], duplicate["B"]
    before = _figures(demo_world)
    noord = api("noord")
    assert noord.post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON}).status_code == 200
    page = signed_in("noord").get(f"/initiatives/{a}/merge/undo")
    assert page.status_code == 200
    undone = signed_in("noord").submit(
        f"/initiatives/{a}/merge/undo", {"reason": "Toch twee zaken."}, follow_redirects=True
    )
    assert undone.status_code == 200
    assert "De samenvoeging is ongedaan gemaakt." in undone.get_data(as_text=True)
    with demo_world.app_context():
        assert db.session.get(Initiative, a).merged_into_id is None
        assert db.session.get(Barrier, duplicate["barrier_id"]).initiative_id == a
        assert db.session.get(Activity, duplicate["activity_id"]).merged_from_id is None
        assert (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Initiator).where(Initiator.initiative_id == b)
            )
            == 2
        )
        merge = db.session.scalars(sa.select(Merge).order_by(Merge.id)).one()
        assert merge.state is MergeState.UNDONE
        actions = db.session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.initiative_id == b).order_by(AuditEntry.id)
        ).all()
        assert "merge.undone" in actions
    assert _figures(demo_world) == before


def test_undoing_is_refused_after_a_change(demo_world, duplicate, api):
    a, b = duplicate["A"], duplicate["B"]
    noord = api("noord")
    assert noord.post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON}).status_code == 200
    changed = noord.patch(f"/api/v1/initiatives/{b}", json={"next_step": "Bellen"}, headers={"If-Match": "*"})
    assert changed.status_code == 200
    refused = noord.post(f"/api/v1/initiatives/{a}/merge/undo", json={"reason": "Toch twee zaken."})
    assert refused.status_code == 409
    assert f"zaak #{b} is sinds de samenvoeging gewijzigd" in refused.get_json()["detail"]
    with demo_world.app_context():
        assert db.session.get(Initiative, a).merged_into_id == b


def test_only_an_owner_merges(demo_world, duplicate, api, signed_in):
    a, b = duplicate["A"], duplicate["B"]
    with demo_world.app_context():
        initiative = db.session.get(Initiative, a)
        initiative.team = [find_user("zuid")]
        db.session.commit()
    # zuid is on A's team but owns neither case; the secretary and the admin work no cases.
    assert (
        api("zuid").post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON}).status_code
        == 403
    )
    assert signed_in("zuid").get(f"/initiatives/{a}/merge").status_code == 403
    assert (
        api("secretaris")
        .post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON})
        .status_code
        == 403
    )
    with demo_world.app_context():
        assert db.session.get(Initiative, a).merged_into_id is None


def test_a_merged_cases_status_link_tells_of_the_case_it_was_merged_into(demo_world, duplicate, api):
    """A's initiators keep their link: it shows B (where their contact persons and timeline are
    now), and their message lands on B's timeline."""
    from initiatives.cases.models import ActivityKind
    from tests.conftest import Browser
    from tests.status_page.conftest import make_link

    a, b = duplicate["A"], duplicate["B"]
    path = make_link(demo_world, a)
    assert (
        api("noord").post(f"/api/v1/initiatives/{a}/merge", json={"into": b, "reason": REASON}).status_code
        == 200
    )
    initiators = Browser(demo_world.test_client())
    assert initiators.get(path).status_code == 200
    sent = initiators.submit(path, {"message": "Hoe gaat het met de moestuin?"})
    assert sent.status_code == 303
    with demo_world.app_context():
        notes = db.session.scalars(
            sa.select(Activity.initiative_id).where(Activity.kind == ActivityKind.INITIATOR_MESSAGE)
        ).all()
    assert notes == [b]
