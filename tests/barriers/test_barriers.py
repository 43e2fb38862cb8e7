"""Barriers and helps on a case: recording, the help lifecycle, effects, retirement, access."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.audit.models import AuditEntry
from initiatives.barriers.lifecycle import BarrierStatus, HelpStatus
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory
from initiatives.core.dates import local_today
from initiatives.extensions import db
from tests.cases.conftest import count, field_error


def _id(app, model, **filters):
    with app.app_context():
        return db.session.scalar(sa.select(model.id).filter_by(**filters))


def _get(app, model, item_id):
    with app.app_context():
        item = db.session.get(model, item_id)
        db.session.expunge(item)
        return item


@pytest.fixture
def noord(signed_in):
    return signed_in("noord")


def _post(client, test_case, path, data):
    case_url = f"/initiatives/{test_case['initiative_id']}"
    return client.submit(case_url + path, data, form_url=case_url)


def test_recording_a_barrier_takes_the_case_stage(demo_world, test_case, noord):
    category = _id(demo_world, BarrierCategory, code="rigid_rules")
    response = _post(
        noord,
        test_case,
        "/barriers",
        {
            "barrier-category": str(category),
            "barrier-description": "De APV verbiedt het.",
            "barrier-department": "0",
            "barrier-stage": "intake",
            "barrier-raised_on": local_today().isoformat(),
        },
    )
    assert response.status_code == 302
    with demo_world.app_context():
        barrier = db.session.scalar(sa.select(Barrier).where(Barrier.category_id == category))
        assert (barrier.status, barrier.stage, barrier.resolved_on) == (BarrierStatus.OPEN, "intake", None)
        assert db.session.scalar(
            sa.select(AuditEntry).where(
                AuditEntry.action == "barrier.recorded", AuditEntry.object_id == barrier.id
            )
        )


def test_a_barrier_in_the_future_is_refused(demo_world, test_case, noord):
    response = _post(
        noord,
        test_case,
        "/barriers",
        {
            "barrier-category": str(_id(demo_world, BarrierCategory, code="silos")),
            "barrier-department": "0",
            "barrier-stage": "intake",
            "barrier-raised_on": (local_today() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert count(demo_world, Barrier) == 1


def test_help_lifecycle_requested_granted_applied_resolves_the_barrier(demo_world, test_case, noord):
    help_id, barrier_id = test_case["help_id"], test_case["barrier_id"]
    today = local_today().isoformat()
    assert (
        _post(noord, test_case, f"/helps/{help_id}/applied", {"on": today, "version": "1"}).status_code == 422
    )  # not granted yet
    response = _post(
        noord,
        test_case,
        f"/helps/{help_id}/decision",
        {"status": "granted", "on": today, "decided_by": "Wethouder De Boer", "version": "1"},
    )
    assert response.status_code == 302
    granted = _get(demo_world, Help, help_id)
    assert (granted.status, granted.decided_by, granted.decided_on) == (
        HelpStatus.GRANTED,
        "Wethouder De Boer",
        local_today(),
    )
    response = _post(
        noord,
        test_case,
        f"/helps/{help_id}/applied",
        {"on": today, f"effect_{barrier_id}": "resolved", "version": "2"},
    )
    assert response.status_code == 302
    assert _get(demo_world, Help, help_id).applied_on == local_today()
    barrier = _get(demo_world, Barrier, barrier_id)
    assert (barrier.status, barrier.resolved_on) == (BarrierStatus.RESOLVED, local_today())
    page = noord.get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert "Hulp toegepast" in page


def test_a_partly_effective_help_leaves_the_barrier_open(demo_world, test_case, noord):
    help_id, barrier_id = test_case["help_id"], test_case["barrier_id"]
    today = local_today().isoformat()
    _post(
        noord,
        test_case,
        f"/helps/{help_id}/decision",
        {"status": "granted", "on": today, "decided_by": "MT", "version": "1"},
    )
    _post(
        noord,
        test_case,
        f"/helps/{help_id}/applied",
        {"on": today, f"effect_{barrier_id}": "partly", "version": "2"},
    )
    assert _get(demo_world, Barrier, barrier_id).status == BarrierStatus.OPEN


def test_a_refused_help_cannot_be_applied(demo_world, test_case, noord):
    help_id = test_case["help_id"]
    today = local_today().isoformat()
    assert (
        _post(
            noord,
            test_case,
            f"/helps/{help_id}/decision",
            {"status": "refused", "on": today, "decided_by": "Wethouder", "version": "1"},
        ).status_code
        == 302
    )
    response = _post(noord, test_case, f"/helps/{help_id}/applied", {"on": today, "version": "2"})
    assert response.status_code == 422
    assert _get(demo_world, Help, help_id).status == HelpStatus.REFUSED


def test_a_decision_needs_who_decided(demo_world, test_case, noord):
    response = _post(
        noord,
        test_case,
        f"/helps/{test_case['help_id']}/decision",
        {"status": "granted", "on": local_today().isoformat(), "decided_by": "", "version": "1"},
    )
    assert response.status_code == 422
    assert _get(demo_world, Help, test_case["help_id"]).status == HelpStatus.REQUESTED


def test_a_stale_decision_is_refused(demo_world, test_case, noord):
    today = local_today().isoformat()
    data = {"status": "granted", "on": today, "decided_by": "Wethouder", "version": "1"}
    assert _post(noord, test_case, f"/helps/{test_case['help_id']}/decision", data).status_code == 302
    assert (
        _post(
            noord, test_case, f"/helps/{test_case['help_id']}/decision", {**data, "status": "refused"}
        ).status_code
        == 422
    )
    assert _get(demo_world, Help, test_case["help_id"]).status == HelpStatus.GRANTED


def test_a_help_from_a_department_needs_the_department(demo_world, test_case, noord):
    response = _post(
        noord,
        test_case,
        "/helps",
        {
            "help-category": str(_id(demo_world, HelpCategory, code="budget")),
            "help-provider": "department",
            "help-department": "",
            "help-requested_on": local_today().isoformat(),
        },
    )
    assert response.status_code == 422
    assert (
        field_error(response.get_data(as_text=True), "help-department")
        == "Kies de afdeling die de hulp geeft."
    )
    assert count(demo_world, Help) == 1


def test_accepting_a_barrier_records_the_date_and_reopening_clears_it(demo_world, test_case, noord):
    barrier_id = test_case["barrier_id"]
    response = _post(
        noord,
        test_case,
        f"/barriers/{barrier_id}/status",
        {"status": "accepted", "resolved_on": "", "version": "1"},
    )
    assert response.status_code == 302
    barrier = _get(demo_world, Barrier, barrier_id)
    assert (barrier.status, barrier.resolved_on) == (BarrierStatus.ACCEPTED, local_today())
    _post(
        noord,
        test_case,
        f"/barriers/{barrier_id}/status",
        {"status": "open", "resolved_on": "", "version": "2"},
    )
    assert _get(demo_world, Barrier, barrier_id).resolved_on is None


def test_a_stale_barrier_edit_is_refused(demo_world, test_case, noord):
    url = f"/initiatives/{test_case['initiative_id']}/barriers/{test_case['barrier_id']}"
    data = {
        "category": str(_id(demo_world, BarrierCategory, code="silos")),
        "description": "Eerste",
        "department": "0",
        "stage": "intake",
        "raised_on": local_today().isoformat(),
        "version": "1",
    }
    assert noord.submit(url, data).status_code == 302
    response = noord.submit(url, {**data, "description": "Tweede"})
    assert response.status_code == 409
    assert _get(demo_world, Barrier, test_case["barrier_id"]).description == "Eerste"


def test_a_retired_category_keeps_its_history(demo_world, test_case, signed_in):
    silos = _id(demo_world, BarrierCategory, code="silos")
    admin = signed_in("beheer")
    with demo_world.app_context():
        category = db.session.get(BarrierCategory, silos)
        data = {
            "label_nl": category.label_nl,
            "label_en": category.label_en,
            "position": "2",
            "version": str(category.version),
        }
    assert (
        admin.submit(f"/admin/lists/barrier_categories/{silos}", data).status_code == 302
    )  # "active" unchecked
    page = signed_in("noord").get(f"/initiatives/{test_case['initiative_id']}").get_data(as_text=True)
    assert (
        "Verkokering, schotten tussen afdelingen"
        in page.split('id="barriers"')[1].split("Drempel vastleggen")[0]
    )
    form = page.split("Drempel vastleggen")[1]
    assert f'value="{silos}"' not in form.split("</select>")[0]
    assert _get(demo_world, Barrier, test_case["barrier_id"]).category_id == silos


@pytest.mark.parametrize("username", ["zuid", "secretaris", "beheer"])
def test_only_those_who_work_on_the_case_record_barriers(demo_world, test_case, signed_in, username):
    client = signed_in(username)
    token_page = client.get("/login", follow_redirects=True).get_data(as_text=True)
    from tests.conftest import csrf_token_from

    response = client.client.post(
        f"/initiatives/{test_case['initiative_id']}/barriers",
        data={
            "csrf_token": csrf_token_from(token_page),
            "category": "1",
            "department": "0",
            "stage": "intake",
            "raised_on": local_today().isoformat(),
        },
    )
    assert response.status_code == 403
    assert count(demo_world, Barrier) == 1


def test_an_effect_carries_its_case_and_both_categories_for_the_dashboard(demo_world, test_case, noord):
    with demo_world.app_context():
        help_ = db.session.get(Help, test_case["help_id"])
        barrier = db.session.get(Barrier, test_case["barrier_id"])
        expected = (test_case["initiative_id"], barrier.category_id, help_.category_id)
    with demo_world.app_context():
        copies = db.session.execute(
            sa.text(
                "SELECT initiative_id, barrier_category_id, help_category_id FROM help_effects"
                " WHERE help_id = :help AND barrier_id = :barrier"
            ),
            {"help": test_case["help_id"], "barrier": test_case["barrier_id"]},
        ).one()
    assert tuple(copies) == expected
