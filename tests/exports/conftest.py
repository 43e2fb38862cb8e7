"""A small world to export: cases whose residents' personal data also sits in every free text."""

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases import activities
from initiatives.cases import operations as cases
from initiatives.challenges import operations as challenges
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.organisation.operations import find_neighbourhood
from initiatives.vocabularies.models import Skill, Theme
from tests.api.conftest import ApiClient, issue_token

#: Everything personal the test cases know; none of it may be in an anonymised export.
PERSONAL_DATA = {
    "names": ["Jan de Vries", "Ayşe Yılmaz", "Piet Bakker"],
    "emails": ["jan.devries@example.org", "a.yilmaz@example.net", "piet@bakker.example"],
    "phones": ["06-12345678", "020-7654321", "+31 6 8765 4321"],
    "address": "Merelstraat 12",
}


def _term(model, code):
    return db.session.scalar(sa.select(model).where(model.code == code))


def _case_in_noord():
    """Noord's case: two initiators, named (with e-mail and phone) in every text; closed."""
    noord = find_user("noord")
    today = local_today()
    initiative = cases.open_case(
        noord,
        title="Moestuin van Jan de Vries aan de Merelstraat",
        description="Jan de Vries (jan.devries@example.org, 06-12345678) wil een moestuin op Merelstraat 12.",
        neighbourhood=find_neighbourhood("WK999902"),
        channel="phone",
        received_on=today - timedelta(days=40),
        themes=[_term(Theme, "green"), _term(Theme, "play")],
        address="Merelstraat 12",
        support_requested="Grond en gereedschap; bel J. de Vries op 0612345678 of Ayse Yilmaz op 020 765 43 21.",
        next_step="Jan terugbellen",
        follow_up_on=today + timedelta(days=3),
        initiators=[
            cases.InitiatorDetails(
                name="Jan de Vries",
                email="jan.devries@example.org",
                phone="06-12345678",
                organisation="Bewonersvereniging Vogelwijk",
            ),
            cases.InitiatorDetails(name="Ayşe Yılmaz", email="a.yilmaz@example.net", phone="020-7654321"),
        ],
        first_note="Jan de Vries belde; mail a.yilmaz@example.net voor de plattegrond.",
    )
    activities.add_activity(
        initiative,
        noord,
        kind="meeting",
        happened_on=today - timedelta(days=30),
        practice="mapping",
        skills=[_term(Skill, "listening"), _term(Skill, "making_contact")],
        note="Bij Jan thuis (Merelstraat 12) gesproken; hij is bereikbaar op +31 6 1234 5678.",
    )
    cases.move_case(initiative, noord, "mapping")
    cases.move_case(initiative, noord, "intake", reason="Jan de Vries wil eerst de buren polsen.")
    cases.move_case(initiative, noord, "mapping")
    barrier = barriers.record_barrier(
        initiative,
        noord,
        category=_term(BarrierCategory, "silos"),
        description="Afdeling Groen wil niet met de heer De Vries (06-12345678) praten.",
        department=db.session.scalar(sa.select(Department).order_by(Department.id).limit(1)),
        raised_on=today - timedelta(days=20),
    )
    help_ = help_operations.request_help(
        initiative,
        noord,
        category=_term(HelpCategory, "backing"),
        provider="alderman",
        description="De wethouder spreekt met Jan de Vries en Ayşe Yılmaz.",
        requested_on=today - timedelta(days=15),
        barriers=[barrier],
    )
    help_operations.move_help(
        help_, noord, None, "granted", on=today - timedelta(days=10), decided_by="wethouder De Boer"
    )
    help_operations.move_help(
        help_, noord, None, "applied", on=today - timedelta(days=5), effects={barrier.id: "resolved"}
    )
    cases.move_case(
        initiative,
        noord,
        "closed",
        result="realised",
        lessons="Met Jan de Vries (jan.devries@example.org) en AYSE YILMAZ werkt het goed.",
    )
    return initiative


def _case_in_zuid():
    """Zuid's case, whose contacts noord may not see: a right to challenge, granted with an
    agreement and evaluated, Piet named in every free text of the challenge."""
    zuid = find_user("zuid")
    today = local_today()
    initiative = cases.open_case(
        zuid,
        kind="right_to_challenge",
        title="Bankje voor Piet",
        description="Piet Bakker vraagt een bankje. Bel 06-87654321 of mail piet@bakker.example.",
        neighbourhood=find_neighbourhood("WK999903"),
        channel="email",
        received_on=local_today() - timedelta(days=10),
        initiators=[
            cases.InitiatorDetails(name="Piet Bakker", email="piet@bakker.example", phone="+31 6 8765 4321")
        ],
        first_note="E-mail van Piet Bakker.",
    )
    challenges.record_proposal(
        initiative,
        zuid,
        task_text="Bankjes onderhouden met Piet Bakker",
        better_because="Piet Bakker woont ernaast en ziet elke dag wat er mis is.",
        involvement="Piet (piet@bakker.example) was timmerman.",
        support_evidence="Veertig handtekeningen; bel 06-87654321.",
        cost_estimate=Decimal("1234.5"),
        requested_support="Hout en verf voor Piet Bakker.",
        quality_guarantee="De buurvrouw van Piet Bakker neemt het over als hij niet kan.",
    )
    challenges.decide(
        initiative, zuid, "granted", today - timedelta(days=2), "Piet Bakker doet het goedkoper."
    )
    challenges.record_agreement(
        initiative,
        zuid,
        takes_over="Het onderhoud van de bankjes, door Piet Bakker.",
        agreed_result="Bankjes heel en geverfd; Piet (06-87654321) meldt schade.",
        budget=Decimal("1000"),
        agreement_ends_on=today + timedelta(days=365),
    )
    challenges.evaluate(initiative, zuid, "Piet Bakker deed het goed.", today)
    return initiative


def _case_in_binnenstad():
    """A case in noord's other wijk, without initiators."""
    return cases.open_case(
        find_user("noord"),
        title="Geveltuintjes in de binnenstad",
        # What a CSV field must be quoted for: the separator, quotes, line ends.
        support_requested='Tegels "eruit"; planten erin.\r\nEn water\nin de zomer.',
        description="=1+2 is geen formule",  # a formula must not run in Excel
        neighbourhood=find_neighbourhood("WK999901"),
        channel="walk_in",
        received_on=local_today() - timedelta(days=2),
        themes=[_term(Theme, "green")],
    )


@pytest.fixture
def export_world(demo_world):
    """Three cases to export; returns their ids by name."""
    with demo_world.app_context():
        ids = {
            "noord": _case_in_noord().id,
            "zuid": _case_in_zuid().id,
            "binnenstad": _case_in_binnenstad().id,
        }
        db.session.commit()
    return ids


@pytest.fixture
def api_as(demo_world):
    """Return a function giving an API client with a fresh token of a demo account."""

    def make(username):
        return ApiClient(demo_world.test_client(), issue_token(demo_world, username))

    return make
