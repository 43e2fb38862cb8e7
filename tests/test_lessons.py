"""The lessons page: lessons of closed cases with their barrier and help stories."""

import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers import help_operations
from initiatives.barriers import operations as barriers
from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases import operations as cases
from initiatives.cases.stages import Result, Stage
from initiatives.extensions import db
from tests.conftest import open_test_case


def _category(model, code):
    return db.session.scalar(sa.select(model).filter_by(code=code))


def _close(initiative, lessons, result=Result.REALISED):
    cases.move_case(initiative, initiative.owner, Stage.CLOSED, result=result, lessons=lessons)


def test_lessons_show_closed_cases_with_their_stories_and_filter(demo_world, signed_in):
    with demo_world.app_context():
        noord = find_user("noord")
        garden = open_test_case(title="Pluktuin bij de school")
        barrier = barriers.record_barrier(
            garden, noord, category=_category(BarrierCategory, "rigid_rules"), description="Bestemmingsplan"
        )
        backing = help_operations.request_help(
            garden,
            noord,
            category=_category(HelpCategory, "backing"),
            provider="alderman",
            barriers=[barrier],
        )
        help_operations.move_help(backing, noord, None, "granted", decided_by="Wethouder De Boer")
        help_operations.move_help(backing, noord, None, "applied", effects={barrier.id: "resolved"})
        _close(garden, "Vroeg de wethouder om rugdekking vragen scheelt maanden.")
        bench = open_test_case(username="zuid", wijk="WK999903", title="Bankje bij de vijver")
        _close(bench, "Bewoners haakten af toen het te lang duurde.", Result.STOPPED_BY_INITIATORS)
        open_test_case(title="Nog open: speeltuin")
        db.session.commit()
    client = signed_in("secretaris")
    page = client.get("/lessons").get_data(as_text=True)
    assert "Pluktuin bij de school" in page
    assert "Bankje bij de vijver" in page
    assert "Nog open" not in page
    assert "rugdekking vragen scheelt maanden" in page
    assert "Wethouder" not in page or "Rugdekking" in page
    filtered = client.get("/lessons?barrier_category=rigid_rules").get_data(as_text=True)
    assert "Pluktuin bij de school" in filtered
    assert "Bankje bij de vijver" not in filtered
    assert "Bankje bij de vijver" in client.get("/lessons?neighbourhood=WK999903").get_data(as_text=True)
    assert "Pluktuin bij de school" not in client.get("/lessons?neighbourhood=WK999903").get_data(
        as_text=True
    )
    searched = client.get("/lessons?q=afhaakten duurde").get_data(as_text=True)
    assert "Pluktuin" not in searched
    assert "Bankje bij de vijver" in client.get("/lessons?q=duurde").get_data(as_text=True)
    assert "Bankje bij de vijver" in client.get("/lessons?result=stopped_by_initiators").get_data(
        as_text=True
    )
    assert "Jan Jansen" not in page  # contact details never appear
