"""The history of a case: its stage changes and the audited changes, newest first."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.api.blueprint import bp
from initiatives.api.problems import documents_problems
from initiatives.api.schemas import PageArguments
from initiatives.api.util import page_envelope
from initiatives.audit.models import AuditEntry
from initiatives.cases.api.access import CASE_READERS, initiative_from_url
from initiatives.cases.api.schemas import HistoryPageSchema
from initiatives.cases.models import Initiative, StageChange
from initiatives.cases.personal_data import case_texts
from initiatives.core.access import roles_allowed
from initiatives.extensions import db

TAGS = ["History"]
#: Audit actions that repeat a stage change; the stage change row tells the move once.
MOVE_ACTIONS = ("initiative.moved",)
#: Fields in the audit data about residents' contact details (logged redacted; even that it changed
#: is only shown to those who may see the contacts).
PERSONAL_FIELDS = ("address",)


def _history_rows(initiative):
    """Select (type, id, at) of the case's stage changes and other audited changes."""
    moves = sa.select(
        sa.literal_column("'stage_change'").label("type"),
        StageChange.id.label("id"),
        StageChange.happened_at.label("at"),
    ).where(StageChange.initiative_id == initiative.id)
    changes = sa.select(
        sa.literal_column("'change'").label("type"),
        AuditEntry.id.label("id"),
        AuditEntry.created_at.label("at"),
    ).where(AuditEntry.initiative_id == initiative.id, AuditEntry.action.not_in(MOVE_ACTIONS))
    return sa.union_all(moves, changes).subquery("history")


def _stage_change_entry(change, shown):
    return {
        "type": "stage_change",
        "at": change.happened_at,
        "actor": change.actor.username,
        "from_stage": change.from_stage,
        "to_stage": change.to_stage,
        "reason": shown(change.reason),
        "result": change.result,
    }


def _change_entry(entry, shown):
    details = dict(entry.data or {})
    if shown.hidden:
        for name in PERSONAL_FIELDS:
            details.pop(name, None)
        details = shown.data(details)
    return {
        "type": "change",
        "at": entry.created_at,
        "actor": entry.actor.username if entry.actor else None,
        "action": entry.action,
        "summary": entry.summary,
        "details": details,
    }


@bp.route("/initiatives/<int:initiative_id>/history", endpoint="initiative_history", tags=TAGS)
@roles_allowed(*CASE_READERS)
@initiative_from_url(Initiative.can_view)
@bp.arguments(PageArguments, location="query")
@bp.response(200, HistoryPageSchema)
@documents_problems(bp, 401, 403, 404)
def initiative_history(arguments, initiative):
    """List the stage changes and the audited changes of a case, newest first."""
    rows = _history_rows(initiative)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(rows))
    page = db.session.execute(
        sa.select(rows.c.type, rows.c.id)
        .order_by(rows.c.at.desc(), rows.c.id.desc())
        .limit(arguments["per_page"])
        .offset((arguments["page"] - 1) * arguments["per_page"])
    ).all()
    ids = {"stage_change": [], "change": []}
    for row in page:
        ids[row.type].append(row.id)
    moves = db.session.scalars(
        sa.select(StageChange)
        .where(StageChange.id.in_(ids["stage_change"]))
        .options(selectinload(StageChange.actor))
    )
    changes = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.id.in_(ids["change"])).options(selectinload(AuditEntry.actor))
    )
    shown = case_texts(initiative)
    entries = {("stage_change", change.id): _stage_change_entry(change, shown) for change in moves}
    entries.update({("change", entry.id): _change_entry(entry, shown) for entry in changes})
    return page_envelope([entries[(row.type, row.id)] for row in page], total, arguments)
