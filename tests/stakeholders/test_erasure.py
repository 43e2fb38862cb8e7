"""The names on the stakeholder map go with the privacy rules: erasing a contact person unlinks
them from the map and redacts them in the stance notes; the retention purge removes every name on
a closed case's map (also where no contact person was left), keeping the map's figures."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.cases import operations as cases
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.privacy.data_subjects import Subject, erase_subject
from initiatives.stakeholders import operations
from initiatives.stakeholders.models import Stakeholder, StakeholderStance


def _stakeholders(case_id):
    return db.session.scalars(
        sa.select(Stakeholder).where(Stakeholder.initiative_id == case_id).order_by(Stakeholder.id)
    ).all()


def _close_long_ago(initiative):
    cases.move_case(
        initiative,
        initiative.owner,
        "closed",
        reason="Klaar.",
        result="realised",
        lessons="Vroeg praten hielp.",
    )
    initiative.closed_on = local_today() - timedelta(days=800)


@pytest.fixture
def purge(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        result = runner.invoke(args=["privacy", "purge", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    return invoke


def test_erasing_a_contact_person_unlinks_and_redacts_them(demo_world, mapped_case):
    with demo_world.app_context():
        colleague = db.session.get(Stakeholder, mapped_case["colleague"])
        operations.update_stakeholder(
            colleague,
            find_user("noord"),
            colleague.version,
            stance="neutral",
            note="Jan Jansen overtuigde hem.",
        )
        erase_subject(Subject.of(email="jan@example.org"), find_user("beheer"))
        db.session.commit()
    with demo_world.app_context():
        contact = db.session.get(Stakeholder, mapped_case["contact"])
        assert contact.initiator_id is None
        assert (contact.side, contact.role, contact.stance) == ("outside", "co_initiator", "for")
        notes = " ".join(db.session.scalars(sa.select(StakeholderStance.note)))
        assert "Jansen" not in notes
        assert "overtuigde hem" in notes
        # A colleague's name is not the erased person's: it stays for the team.
        assert db.session.get(Stakeholder, mapped_case["colleague"]).name == "Karel Kwast"


def test_the_purge_removes_every_name_on_an_expired_map(demo_world, mapped_case, purge):
    with demo_world.app_context():
        initiative = db.session.get(Initiative, mapped_case["initiative_id"])
        _close_long_ago(initiative)
        db.session.commit()
    purge()
    with demo_world.app_context():
        stakeholders = _stakeholders(mapped_case["initiative_id"])
        assert [stakeholder.name for stakeholder in stakeholders] == [""] * 5
        assert all(stakeholder.initiator_id is None for stakeholder in stakeholders)
        # The map's figures stay: sides, stances, influence and interest.
        assert sorted((s.side, s.stance, s.influence, s.interest) for s in stakeholders) == [
            ("inside", "against", 5, 2),
            ("inside", "for", 2, 4),
            ("outside", "for", 3, 5),
            ("outside", "neutral", 4, 3),
            ("outside", "unknown", 3, 4),
        ]
        notes = " ".join(db.session.scalars(sa.select(StakeholderStance.note)))
        assert "vergunning" in notes


def test_the_purge_reaches_a_map_whose_contact_persons_were_erased_before(demo_world, mapped_case, purge):
    with demo_world.app_context():
        erase_subject(Subject.of(email="jan@example.org"), find_user("beheer"))
        _close_long_ago(db.session.get(Initiative, mapped_case["initiative_id"]))
        db.session.commit()
    purge()
    with demo_world.app_context():
        names = [stakeholder.name for stakeholder in _stakeholders(mapped_case["initiative_id"])]
    assert names == [""] * 5
