"""A populated database for the privacy tests: demo cases plus one old closed case whose
resident, Jan Jansen, is named in every kind of free text."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory
from initiatives.cases import operations as cases
from initiatives.cases.attachments import add_attachment
from initiatives.cases.models import Initiative, Initiator
from initiatives.core.dates import local_today
from initiatives.demo import initiatives as demo_cases
from initiatives.extensions import db
from tests.conftest import open_test_case

DEMO_CASES = 80


def close_case(initiative, *, lessons, days_ago):
    """Close `initiative` and date the closure `days_ago` days back."""
    cases.move_case(
        initiative, initiative.owner, "closed", reason="Klaar.", result="realised", lessons=lessons
    )
    initiative.closed_on = local_today() - timedelta(days=days_ago)
    db.session.flush()


def make_old_case():
    """A case closed two years ago, naming its resident everywhere; returns its id."""
    initiative = open_test_case(
        title="Moestuin van Jan Jansen",
        description="Jan Jansen (jan@example.org) wil een moestuin aan de Merelstraat 12.",
        address="Merelstraat 12",
        support_requested="Jansen vraagt om een watertappunt.",
        next_step="Jan terugbellen op 06-12345678.",
        first_note="Jan belde: bereikbaar op 06 1234 5678 of jan@example.org.",
    )
    owner = initiative.owner
    category = db.session.scalar(sa.select(BarrierCategory).filter_by(code="silos"))
    barrier = barriers.record_barrier(
        initiative, owner, category=category, description="Afdeling groen wilde niet met Jansen praten."
    )
    help_operations.request_help(
        initiative,
        owner,
        category=db.session.scalar(sa.select(HelpCategory).filter_by(code="backing")),
        provider="alderman",
        description="De wethouder belde Jan Jansen zelf.",
        barriers=[barrier],
    )
    add_attachment(initiative, owner, "brief van Jan Jansen.txt", b"Beste gemeente, groet Jan")
    close_case(initiative, lessons="Jan Jansen hield de buren erbij.", days_ago=730)
    return initiative.id


@pytest.fixture
def populated(demo_world):
    """Demo cases plus the old case (id in `old_case`) and a recent closed and an open case."""
    with demo_world.app_context():
        demo_cases.generate(DEMO_CASES, seed=7)
        old_id = make_old_case()
        recent = open_test_case(
            title="Speeltuin",
            initiators=[
                cases.InitiatorDetails(name="Els de Vries", email="els@example.org", phone="0201234567")
            ],
            first_note="Els belde.",
        )
        close_case(recent, lessons="Els deed veel.", days_ago=40)
        still_open = open_test_case(
            title="Buurtkamer",
            initiators=[cases.InitiatorDetails(name="Piet Pieters", email="piet@example.org")],
            first_note="Piet kwam langs.",
        )
        db.session.commit()
        return {"old_case": old_id, "recent_case": recent.id, "open_case": still_open.id}


def statistics():
    """The figures the dashboard and reports are built from; the purge must leave them alone."""
    return {
        "stages": dict(
            db.session.execute(sa.select(Initiative.stage, sa.func.count()).group_by(Initiative.stage)).all()
        ),
        "results": dict(
            db.session.execute(
                sa.select(Initiative.result, sa.func.count()).group_by(Initiative.result)
            ).all()
        ),
        "barriers": sorted(
            db.session.execute(
                sa.select(Barrier.category_id, Barrier.status, Barrier.stage, sa.func.count()).group_by(
                    Barrier.category_id, Barrier.status, Barrier.stage
                )
            ).all()
        ),
        "helps": sorted(
            db.session.execute(
                sa.select(Help.category_id, Help.status, sa.func.count()).group_by(
                    Help.category_id, Help.status
                )
            ).all()
        ),
        "initiators": db.session.scalar(sa.select(sa.func.count()).select_from(Initiator)),
        "neighbourhoods": sorted(
            db.session.execute(
                sa.select(Initiative.neighbourhood_id, sa.func.count()).group_by(Initiative.neighbourhood_id)
            ).all()
        ),
    }


def personal_data():
    """Every initiator's contact data and every case text: to prove a dry run changes nothing."""
    initiators = db.session.execute(
        sa.select(Initiator.id, Initiator.name, Initiator.email, Initiator.phone).order_by(Initiator.id)
    ).all()
    texts = db.session.execute(
        sa.select(
            Initiative.id, Initiative.title, Initiative.description, Initiative.lessons, Initiative.address
        ).order_by(Initiative.id)
    ).all()
    return initiators, texts
