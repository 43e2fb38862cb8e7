"""Reading a case's stakeholders, with what their map, table and API need loaded at once."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.extensions import db
from initiatives.stakeholders.models import Stakeholder, StakeholderStance


def loaded():
    """The loader options for a stakeholder's label, last contact and stance history."""
    return (
        selectinload(Stakeholder.department),
        selectinload(Stakeholder.initiator),
        selectinload(Stakeholder.activities),
        selectinload(Stakeholder.stances).selectinload(StakeholderStance.actor),
    )


def stakeholders_query(initiative):
    """The case's stakeholders: inside first, then by influence (most first), then as added."""
    return (
        sa.select(Stakeholder)
        .where(Stakeholder.initiative_id == initiative.id)
        .options(*loaded())
        .order_by(Stakeholder.side, Stakeholder.influence.desc(), Stakeholder.id)
    )


def stakeholders_of(initiative):
    return db.session.scalars(stakeholders_query(initiative)).all()


def stakeholder_of_case(initiative, stakeholder_id):
    """The stakeholder `stakeholder_id` if it is one of `initiative`'s, else None."""
    stakeholder = db.session.get(Stakeholder, stakeholder_id)
    if stakeholder is None or stakeholder.initiative_id != initiative.id:
        return None
    return stakeholder
