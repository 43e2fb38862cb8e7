"""The case page: overview, stage, timeline, contacts, team, files and history in sections."""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user
from sqlalchemy.orm import selectinload

from initiatives.audit.models import AuditEntry
from initiatives.audit.operations import record_personal_data_view
from initiatives.cases.case_page_sections import registered_sections
from initiatives.cases.controllers import active_managers, case_form_lists, load_case
from initiatives.cases.forms import (
    ActivityForm,
    AttachmentForm,
    HandOverForm,
    InitiatorForm,
    MoveForm,
    TeamForm,
)
from initiatives.cases.models import Activity, Initiative
from initiatives.cases.personal_data import case_texts
from initiatives.cases.profile import practice_profile, time_in_stages, timeline_of
from initiatives.cases.stages import ALLOWED_MOVES, OPEN_STAGES, Stage
from initiatives.core.dates import local_today
from initiatives.extensions import db

#: How many history entries the case page shows.
HISTORY_LIMIT = 200


def build_forms(initiative, **bound):
    """Return the case's own action forms of the case page; `bound` holds forms that failed
    validation (those of the registered sections too: each takes its own)."""
    lists = case_form_lists()
    forms = {
        "move": bound.get("move") or MoveForm(formdata=None),
        "activity": bound.get("activity") or ActivityForm(formdata=None),
        "initiator": bound.get("initiator") or InitiatorForm(formdata=None),
        "team": bound.get("team") or TeamForm(formdata=None),
        "hand_over": bound.get("hand_over") or HandOverForm(formdata=None),
        "attachment": bound.get("attachment") or AttachmentForm(formdata=None),
    }
    current = Stage(initiative.stage)
    forms["move"].set_choices(current, list(ALLOWED_MOVES[current]))
    forms["move"].version.data = initiative.version
    if "activity" not in bound:
        forms["activity"].practice.data = (current if current != Stage.CLOSED else Stage.MAPPING).value
    forms["activity"].set_choices(lists["skills"])
    colleagues = [user for user in active_managers() if user.id != initiative.owner_id]
    forms["team"].set_choices(colleagues)
    if "team" not in bound:
        forms["team"].members.data = [member.id for member in initiative.team]
    forms["hand_over"].set_choices(colleagues)
    forms["hand_over"].version.data = initiative.version
    return forms


def render_case(initiative, status=200, item_errors=None, **bound):
    """The case page; `item_errors` ({(kind, id): [message]}) shows a refused save of one record's
    form at that record, `bound` the forms that failed validation by name."""
    can_edit = initiative.can_edit(current_user)
    can_view_contacts = initiative.can_view_contacts(current_user)
    if can_view_contacts:
        record_personal_data_view(initiative, "case page")
    history = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.initiative_id == initiative.id)
        .order_by(AuditEntry.id.desc())
        .limit(HISTORY_LIMIT)
    ).all()
    # A section whose build gives None is not on this page (a feature that is switched off).
    built = [(section, section.build(initiative, can_edit, bound)) for section in registered_sections()]
    built = [(section, data) for section, data in built if data is not None]
    return (
        render_template(
            "cases/show.html",
            initiative=initiative,
            can_edit=can_edit,
            can_view_contacts=can_view_contacts,
            forms=build_forms(initiative, **bound) if can_edit else {},
            profile=practice_profile(initiative),
            durations=time_in_stages(initiative),
            open_stages=OPEN_STAGES,
            history=history,
            history_limit=HISTORY_LIMIT,
            timeline=timeline_of(initiative, case_texts(initiative)),
            section_links=[(section.name, section.title) for section, _data in built],
            case_sections=built,
            today=local_today(),
            item_errors=item_errors or {},
        ),
        status,
    )


def show(initiative_id):
    initiative = load_case(initiative_id)
    _load_timeline(initiative)
    return render_case(initiative)


def _load_timeline(initiative):
    """Load the case's activities with their skills and corrections in a query each, rather than
    two per activity while the page is drawn."""
    db.session.scalars(
        sa.select(Initiative)
        .where(Initiative.id == initiative.id)
        .options(
            selectinload(Initiative.activities).options(
                selectinload(Activity.skills), selectinload(Activity.corrections)
            )
        )
    ).one()
