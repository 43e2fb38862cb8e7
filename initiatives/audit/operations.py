"""Writing to the audit log."""

from flask import has_request_context
from flask_login import current_user

from initiatives.audit.models import AuditEntry, Outcome
from initiatives.core.request_origin import client_address
from initiatives.extensions import db


def _current_actor():
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def record(
    action, target=None, *, actor=None, outcome=Outcome.SUCCESS, summary="", data=None, initiative=None
):
    """Append an audit entry for `action` on `target` (a model instance) and return it.

    `initiative` ties the entry to a case, so it shows in that case's history.
    """
    entry = AuditEntry(
        initiative_id=initiative.id if initiative is not None else None,
        action=action,
        actor=actor or _current_actor(),
        object_type=target.__tablename__ if target is not None else "",
        object_id=target.id if target is not None else None,
        outcome=outcome,
        origin=client_address() if has_request_context() else "cli",
        summary=summary,
        data=data or {},
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def changes(before, after):
    """Return {field: [old, new]} for the fields whose values differ."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
