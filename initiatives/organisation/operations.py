"""Business rules for neighbourhoods and departments."""

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import changes, record
from initiatives.extensions import db
from initiatives.organisation.models import BUURT_CODE, DISTRICT_CODE, Department, Neighbourhood


class OrganisationError(ValueError):
    """A change to reference data that the rules refuse; the message is shown to the user."""


def wijken(*, active_only=False):
    query = sa.select(Neighbourhood).where(Neighbourhood.parent_id.is_(None))
    if active_only:
        query = query.where(Neighbourhood.active)
    return db.session.scalars(query.order_by(Neighbourhood.code)).all()


def find_neighbourhood(code):
    return db.session.scalar(sa.select(Neighbourhood).where(Neighbourhood.code == code))


def code_problem(code, parent):
    """Return why `code` cannot be a CBS code for a neighbourhood under `parent`, or None."""
    if parent is None and not DISTRICT_CODE.match(code):
        return _("A wijk code is WK followed by six digits, for example WK036301.")
    if parent is not None:
        if not BUURT_CODE.match(code):
            return _("A buurt code is BU followed by eight digits, for example BU03630102.")
        if code[2:8] != parent.code[2:8]:
            return _("A buurt code starts with the digits of its wijk (%(digits)s).", digits=parent.code[2:8])
    return None


def _snapshot(neighbourhood):
    return {
        "code": neighbourhood.code,
        "name": neighbourhood.name,
        "parent": neighbourhood.parent.code if neighbourhood.parent else None,
        "active": neighbourhood.active,
    }


def save_neighbourhood(neighbourhood, *, code, name, parent, active):
    """Create (when `neighbourhood` is None) or change a wijk or buurt and return it."""
    code = code.strip().upper()
    problem = code_problem(code, parent)
    if problem:
        raise OrganisationError(problem)
    existing = find_neighbourhood(code)
    if existing is not None and existing is not neighbourhood:
        raise OrganisationError(_("The code %(code)s is already in use.", code=code))
    if neighbourhood is not None and parent is not None and neighbourhood.buurten:
        raise OrganisationError(_("A wijk with buurten cannot become a buurt."))
    created = neighbourhood is None
    before = {} if created else _snapshot(neighbourhood)
    if created:
        neighbourhood = Neighbourhood()
        db.session.add(neighbourhood)
    neighbourhood.code = code
    neighbourhood.name = name.strip()
    neighbourhood.parent = parent
    neighbourhood.active = active
    db.session.flush()
    action = "neighbourhood.created" if created else "neighbourhood.updated"
    changed = changes(before, _snapshot(neighbourhood))
    if changed:
        record(action, neighbourhood, summary=f"{action} {code}", data=changed)
    return neighbourhood


def departments(*, active_only=False):
    query = sa.select(Department)
    if active_only:
        query = query.where(Department.active)
    return db.session.scalars(query.order_by(Department.name)).all()


def save_department(department, *, name, active):
    """Create (when `department` is None) or change a department and return it."""
    name = name.strip()
    existing = db.session.scalar(sa.select(Department).where(sa.func.lower(Department.name) == name.lower()))
    if existing is not None and existing is not department:
        raise OrganisationError(_("A department named %(name)s already exists.", name=name))
    created = department is None
    before = {} if created else {"name": department.name, "active": department.active}
    if created:
        department = Department()
        db.session.add(department)
    department.name = name
    department.active = active
    db.session.flush()
    action = "department.created" if created else "department.updated"
    changed = changes(before, {"name": department.name, "active": department.active})
    if changed:
        record(action, department, summary=f"{action} {name}", data=changed)
    return department
