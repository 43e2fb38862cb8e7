"""A case of noord with stakeholders on both sides, and the ids the tests need."""

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.cases import activities
from initiatives.cases.models import Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.stakeholders import operations
from tests.api.conftest import api_as  # noqa: F401  (a fixture for the tests here)


def department(name=None):
    query = sa.select(Department).order_by(Department.id)
    if name:
        query = query.where(Department.name == name)
    return db.session.scalars(query).first()


@pytest.fixture
def mapped_case(demo_world, test_case):
    """The test case with a colleague against (inside, influence 5), a department for (inside,
    influence 2), the linked contact person (outside, co-initiator) and a housing corporation
    neutral (outside) with a named contact; returns their ids by key."""
    with demo_world.app_context():
        initiative = db.session.get(Initiative, test_case["initiative_id"])
        owner = find_user("noord")
        permits, other = db.session.scalars(sa.select(Department).order_by(Department.id).limit(2)).all()
        meeting = activities.add_activity(
            initiative, owner, kind="meeting", happened_on=local_today(), practice="mapping", note="Overleg."
        )
        colleague = operations.add_stakeholder(
            initiative,
            owner,
            side="inside",
            role="decider",
            stance="against",
            influence=5,
            interest=2,
            department=permits,
            name="Karel Kwast",
            note="Wil eerst een vergunning zien.",
            activities=[meeting],
        )
        helper = operations.add_stakeholder(
            initiative,
            owner,
            side="inside",
            role="adviser",
            stance="for",
            influence=2,
            interest=4,
            department=other,
        )
        contact = operations.add_stakeholder(
            initiative,
            owner,
            side="outside",
            role="co_initiator",
            stance="for",
            influence=3,
            interest=5,
            initiator=initiative.initiators[0],
        )
        corporation = operations.add_stakeholder(
            initiative,
            owner,
            side="outside",
            role="stakeholder",
            stance="neutral",
            influence=4,
            interest=3,
            organisation="Woonstichting Thuis",
            name="Els Eikenboom",
        )
        db.session.commit()
        return {
            **test_case,
            "colleague": colleague.id,
            "helper": helper.id,
            "contact": contact.id,
            "corporation": corporation.id,
            "meeting": meeting.id,
            "permits": permits.name,
            "permits_id": permits.id,
        }
