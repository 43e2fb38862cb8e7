"""A small fixed data set for the dashboard: four cases in three wijken, thirteen barriers and
thirteen helps with chosen dates, and "today" fixed at 1 July 2025.

Case A: Noord, buurt Bloemenbuurt, theme green    Case B: Noord (the wijk itself), theme play
Case C: Binnenstad, buurt Centrum, theme green    Case D: Zuid, theme energy
Case E: Noord, no barriers or helps

barrier  case  category       department  stage      raised      status    resolved (days)
b1       A     colleagues     OR          mapping    2025-01-01  resolved  2025-01-11 (10)
b2       A     silos          VTH         mapping    2025-02-15  open
b3       B     colleagues     OR          relations  2025-03-31  resolved  2025-04-20 (20)
b4       B     rigid_rules    -           support    2024-12-31  accepted  2025-02-01
b5       C     colleagues     VTH         mapping    2025-04-01  resolved  2025-05-01 (30)
b6       C     silos          OR          embedding  2025-06-20  open      (11 days old)
b7       D     colleagues     FIN         mapping    2025-05-10  resolved  2025-06-19 (40)
b8       D     risk_aversion* FIN         support    2025-03-01  open      (122 days old)
b9       A     lack_of_time   OR          intake     2025-04-02  open      (90 days old)
b10      B     silos          -           relations  2025-06-01  open      (30 days old)
b11      C     lack_of_time   VTH         support    2025-06-02  open      (29 days old)
b12      D     rigid_rules    OR          mapping    2025-04-01  open      (91 days old)
b13      A     silos          OR          support    2025-01-20  resolved  2025-01-25 (5)
(* retired category; OR = Openbare Ruimte, VTH = Vergunningen..., FIN = Financiën)

help  case  category                provider     status     requested   effects
h1    A     backing                 alderman     applied    2025-01-05  b1 resolved, b2 partly
h2    A     budget                  dept OR      refused    2025-02-20  b2
h3    B     backing                 management   granted    2025-04-01  b10
h4    B     room                    alderman     refused    2025-03-31  b4
h5    C     backing                 alderman     applied    2025-04-15  b5 resolved, b6 none
h6    C     colleague_takes_along   dept VTH     requested  2025-06-25  b11
h7    D     budget                  dept FIN     applied    2025-05-15  b7 resolved
h8    D     reflection*             other        refused    2024-12-31  (none)
h9    A     colleague_takes_along   management   applied    2025-01-21  b13 resolved
h10   B     backing                 alderman     applied    2025-04-05  b3 resolved
h11   D     budget                  dept FIN     refused    2025-03-05  b8
h12   A     room                    dept VTH     applied    2025-05-01  b9 partly
h13   B     room                    alderman     refused    2025-06-10  b10
"""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from initiatives.auth.users import find_user
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory, HelpEffect
from initiatives.cases.models import Initiative
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.organisation.operations import find_neighbourhood
from initiatives.vocabularies.models import Theme

TODAY = date(2025, 7, 1)
OR, VTH, FIN = "Openbare Ruimte", "Vergunningen, Toezicht en Handhaving", "Financiën"

CASES = {
    "A": ("Moestuin in de Bloemenbuurt", "BU99990201", "green"),
    "B": ("Speeltuin in Noord", "WK999902", "play"),
    "C": ("Buurtkamer in het Centrum", "BU99990101", "green"),
    "D": ("Zonnepanelen op de school", "WK999903", "energy"),
    "E": ("Bankje bij de vijver", "WK999902", "green"),
}

BARRIERS = {
    "b1": ("A", "colleagues", OR, "mapping", "2025-01-01", "resolved", "2025-01-11"),
    "b2": ("A", "silos", VTH, "mapping", "2025-02-15", "open", None),
    "b3": ("B", "colleagues", OR, "relations", "2025-03-31", "resolved", "2025-04-20"),
    "b4": ("B", "rigid_rules", None, "support", "2024-12-31", "accepted", "2025-02-01"),
    "b5": ("C", "colleagues", VTH, "mapping", "2025-04-01", "resolved", "2025-05-01"),
    "b6": ("C", "silos", OR, "embedding", "2025-06-20", "open", None),
    "b7": ("D", "colleagues", FIN, "mapping", "2025-05-10", "resolved", "2025-06-19"),
    "b8": ("D", "risk_aversion", FIN, "support", "2025-03-01", "open", None),
    "b9": ("A", "lack_of_time", OR, "intake", "2025-04-02", "open", None),
    "b10": ("B", "silos", None, "relations", "2025-06-01", "open", None),
    "b11": ("C", "lack_of_time", VTH, "support", "2025-06-02", "open", None),
    "b12": ("D", "rigid_rules", OR, "mapping", "2025-04-01", "open", None),
    "b13": ("A", "silos", OR, "support", "2025-01-20", "resolved", "2025-01-25"),
}

#: help -> (case, category, provider, department, status, requested on, {barrier: effect})
HELPS = {
    "h1": ("A", "backing", "alderman", None, "applied", "2025-01-05", {"b1": "resolved", "b2": "partly"}),
    "h2": ("A", "budget", "department", OR, "refused", "2025-02-20", {"b2": None}),
    "h3": ("B", "backing", "management", None, "granted", "2025-04-01", {"b10": None}),
    "h4": ("B", "room", "alderman", None, "refused", "2025-03-31", {"b4": None}),
    "h5": ("C", "backing", "alderman", None, "applied", "2025-04-15", {"b5": "resolved", "b6": "none"}),
    "h6": ("C", "colleague_takes_along", "department", VTH, "requested", "2025-06-25", {"b11": None}),
    "h7": ("D", "budget", "department", FIN, "applied", "2025-05-15", {"b7": "resolved"}),
    "h8": ("D", "reflection", "other", None, "refused", "2024-12-31", {}),
    "h9": ("A", "colleague_takes_along", "management", None, "applied", "2025-01-21", {"b13": "resolved"}),
    "h10": ("B", "backing", "alderman", None, "applied", "2025-04-05", {"b3": "resolved"}),
    "h11": ("D", "budget", "department", FIN, "refused", "2025-03-05", {"b8": None}),
    "h12": ("A", "room", "department", VTH, "applied", "2025-05-01", {"b9": "partly"}),
    "h13": ("B", "room", "alderman", None, "refused", "2025-06-10", {"b10": None}),
}


def _day(text):
    return date.fromisoformat(text) if text else None


def build_data_set():
    """Add the cases, barriers and helps above (inside an app context); return their ids."""
    owner = find_user("noord")
    departments = {department.name: department for department in db.session.scalars(sa.select(Department))}
    barrier_categories = {term.code: term for term in db.session.scalars(sa.select(BarrierCategory))}
    help_categories = {term.code: term for term in db.session.scalars(sa.select(HelpCategory))}
    themes = {term.code: term for term in db.session.scalars(sa.select(Theme))}
    cases = {}
    for key, (title, code, theme) in CASES.items():
        cases[key] = Initiative(
            title=title,
            neighbourhood=find_neighbourhood(code),
            channel="phone",
            received_on=date(2024, 12, 1),
            owner=owner,
            themes=[themes[theme]],
        )
    barriers = {}
    for key, (case, category, department, stage, raised, status, resolved) in BARRIERS.items():
        barriers[key] = Barrier(
            initiative=cases[case],
            neighbourhood=cases[case].neighbourhood,
            category=barrier_categories[category],
            department=departments.get(department),
            stage=stage,
            raised_on=_day(raised),
            status=status,
            resolved_on=_day(resolved),
            created_by=owner,
        )
    helps = {}
    for key, (case, category, provider, department, status, requested, effects) in HELPS.items():
        requested_on = _day(requested)
        helps[key] = Help(
            initiative=cases[case],
            category=help_categories[category],
            provider=provider,
            department=departments.get(department),
            status=status,
            requested_on=requested_on,
            requested_by=owner,
            decided_on=None if status == "requested" else requested_on + timedelta(days=2),
            decided_by="" if status == "requested" else "wethouder De Boer",
            applied_on=requested_on + timedelta(days=5) if status == "applied" else None,
            effects=[
                HelpEffect(
                    barrier=barriers[barrier],
                    effect=effect,
                    barrier_category_id=barriers[barrier].category.id,
                    help_category_id=help_categories[category].id,
                )
                for barrier, effect in effects.items()
            ],
        )
    db.session.add_all([*cases.values(), *barriers.values(), *helps.values()])
    barrier_categories["risk_aversion"].active = False
    help_categories["reflection"].active = False
    db.session.flush()
    return {
        "cases": {key: case.id for key, case in cases.items()},
        "titles": {key: case.title for key, case in cases.items()},
        "departments": {name: department.id for name, department in departments.items()},
        "barriers": {key: barrier.id for key, barrier in barriers.items()},
        "helps": {key: item.id for key, item in helps.items()},
    }


@pytest.fixture
def data_set(demo_world, monkeypatch):
    """The data set above in the demo municipality, with "today" fixed at TODAY."""
    monkeypatch.setattr("initiatives.dashboard.controllers.local_today", lambda: TODAY)
    with demo_world.app_context():
        ids = build_data_set()
        db.session.commit()
    return ids
