"""A case whose every internal field holds a marker that the status page must never show, and
helpers to make its link."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases import activities, operations
from initiatives.cases.models import Initiative
from initiatives.cases.team import set_team
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.status_page import operations as status_links
from tests.api.conftest import api_as  # noqa: F401  (a fixture for the tests here)
from tests.conftest import open_test_case

#: What no internal field may let through to the page.
MARKER = "GEHEIM-xyz"


@pytest.fixture
def secret_case(demo_world):
    """A case of noord with a marker in every internal field; returns its id. Two entries are
    marked visible: a meeting (with a secret note) and a call; a visible one voided is not."""
    with demo_world.app_context():
        owner = find_user("noord")
        colleague = find_user("zuid")
        colleague.full_name = f"Collega {MARKER}-team"
        today = local_today()
        initiative = open_test_case(
            title="Moestuin op het veldje",
            description=f"Beschrijving {MARKER}-description",
            support_requested=f"{MARKER}-support",
            initiators=[
                operations.InitiatorDetails(
                    name=f"Jan {MARKER}-name",
                    email="geheim-xyz@example.org",
                    phone="0611111111",
                    address=f"Merelstraat 1 {MARKER}-address",
                    organisation=f"{MARKER}-organisation",
                ),
                operations.InitiatorDetails(name=f"Buurvrouw {MARKER}-other-resident"),
            ],
            first_note=f"Eerste notitie {MARKER}-first-note",
        )
        initiative.next_step = "Een gesprek met de buren plannen"
        initiative.follow_up_on = today + timedelta(days=10)
        set_team(initiative, owner, [colleague])
        barrier = barriers.record_barrier(
            initiative,
            owner,
            category=db.session.scalar(sa.select(BarrierCategory).filter_by(code="silos")),
            description=f"Drempel {MARKER}-barrier",
        )
        help_operations.request_help(
            initiative,
            owner,
            category=db.session.scalar(sa.select(HelpCategory).filter_by(code="backing")),
            provider="alderman",
            description=f"Hulp {MARKER}-help",
            barriers=[barrier],
        )
        activities.add_activity(
            initiative,
            owner,
            kind="meeting",
            happened_on=today - timedelta(days=3),
            practice="mapping",
            note=f"Vergadering {MARKER}-visible-note",
            visible_to_initiators=True,
        )
        activities.add_activity(
            initiative,
            owner,
            kind="call",
            happened_on=today - timedelta(days=1),
            practice="mapping",
            visible_to_initiators=True,
        )
        voided = activities.add_activity(
            initiative,
            owner,
            kind="site_visit",
            happened_on=today,
            practice="mapping",
            visible_to_initiators=True,
        )
        activities.void_activity(voided, owner, reason=f"Vergissing {MARKER}-void")
        activities.add_activity(
            initiative,
            owner,
            kind="internal_consultation",
            happened_on=today,
            practice="mapping",
            note=f"Intern {MARKER}-internal",
        )
        db.session.commit()
        return initiative.id


def make_link(app, case_id, username="noord"):
    """Make the case's link; return the page's path (with its secret)."""
    with app.test_request_context():
        initiative = db.session.get(Initiative, case_id)
        _link, secret = status_links.make_link(initiative, find_user(username))
        db.session.commit()
    return f"/status/{secret}"
