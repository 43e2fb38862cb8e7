"""The decision's deadline: receipt + the municipality's term (8 weeks unless the admin sets
another, fixed for a challenge when it is recorded), or a date set for the case with a reason."""

from datetime import date, timedelta

import pytest

from initiatives.audit.models import AuditEntry
from initiatives.auth.users import find_user
from initiatives.cases.models import Initiative
from initiatives.challenges import deadlines, operations
from initiatives.core.rules import RuleError
from initiatives.extensions import db


def test_the_deadline_is_receipt_plus_the_term():
    assert deadlines.due_on(date(2026, 3, 2), 8) == date(2026, 4, 27)
    assert deadlines.due_on(date(2026, 3, 2), 8, changed_to=date(2026, 6, 1)) == date(2026, 6, 1)
    assert deadlines.days_left(date(2026, 4, 27), today=date(2026, 4, 20)) == 7
    assert deadlines.days_left(date(2026, 4, 27), today=date(2026, 4, 28)) == -1


def test_a_changed_term_counts_for_challenges_recorded_after_it(demo_world, challenge_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, challenge_case["initiative_id"])
        received = challenge_case["received_on"]
        assert deadlines.decision_due_on(initiative) == received + timedelta(weeks=8)
        operations.set_decision_term(find_user("beheer"), 12)
        assert deadlines.decision_due_on(initiative) == received + timedelta(weeks=12)
        challenge = operations.record_proposal(initiative, find_user("noord"), better_because="Wij wonen er.")
        assert challenge.term_weeks == 12
        operations.set_decision_term(find_user("beheer"), 6)
        # recorded under 12 weeks: the municipality's new term is for the next ones
        assert deadlines.decision_due_on(initiative, challenge) == received + timedelta(weeks=12)
        assert db.session.scalars(
            db.select(AuditEntry.data).where(AuditEntry.action == "challenge.term_changed")
        ).all() == [{"decision_term_weeks": [8, 12]}, {"decision_term_weeks": [12, 6]}]


def test_the_deadline_of_one_case_changes_with_a_reason_and_back(demo_world, challenge_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, challenge_case["initiative_id"])
        noord = find_user("noord")
        received = challenge_case["received_on"]
        later = received + timedelta(weeks=10)
        with pytest.raises(RuleError) as refused:
            operations.change_deadline(initiative, noord, later, "")
        assert refused.value.field == "reason"
        challenge = operations.change_deadline(initiative, noord, later, "Advies van de wijkraad afwachten.")
        assert deadlines.decision_due_on(initiative, challenge) == later
        operations.change_deadline(initiative, noord, None, "")
        assert deadlines.decision_due_on(initiative, challenge) == received + timedelta(weeks=8)
        logged = db.session.scalars(
            db.select(AuditEntry.data).where(AuditEntry.action == "challenge.deadline_changed")
        ).all()
        assert [entry["decision_due_on"][1] for entry in logged] == [
            later.isoformat(),
            (received + timedelta(weeks=8)).isoformat(),
        ]
        assert logged[0]["reason"] == "[redacted]"


def test_an_initiative_has_no_challenge(demo_world, test_case):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        with pytest.raises(RuleError):
            operations.record_proposal(initiative, find_user("noord"), better_because="x")
