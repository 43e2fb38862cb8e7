"""Writing to the audit log.

`record` appends an entry in the request's unit of work: it is committed with the change it
describes, or rolled back with it. Reads and refusals (`record_access`, and every 401 or 403
answer) must be logged even though the request fails or changes nothing: they wait in `g` until
the response is known, and are then written after the request's work
(`unit_of_work.write_after_request`): with a successful change in its transaction, else in one of
their own, after the request's own changes were rolled back when it failed.

An entry is inserted unsealed and chained by the sealer (see `chain`): on SQLite just before its
transaction commits, on PostgreSQL just after, so that writers never wait for one another there.
"""

import logging
from functools import partial

import sqlalchemy as sa
from flask import g, has_request_context, request
from flask_login import current_user

from initiatives.audit import chain, repeated_denials
from initiatives.audit.models import AuditEntry, Outcome
from initiatives.core.request_origin import client_address
from initiatives.core.unit_of_work import write_after_request
from initiatives.extensions import db

logger = logging.getLogger(__name__)

#: Audit action of a request answered 401 or 403.
DENIED_ACTION = "access.denied"
#: Audit action of a page or API answer that showed residents' contact details.
PERSONAL_DATA_VIEWED = "personal_data.viewed"
#: Which URL argument names which kind of object, for the object of a refused request.
URL_OBJECTS = {
    "initiative_id": "initiatives",
    "initiator_id": "initiators",
    "attachment_id": "attachments",
    "barrier_id": "barriers",
    "help_id": "helps",
    "activity_id": "activities",
    "user_id": "users",
    "neighbourhood_id": "neighbourhoods",
    "department_id": "departments",
    "term_id": "vocabulary",  # the `vocabulary` URL argument is its table: themes, skills...
}


def _current_actor():
    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def _origin():
    return client_address() if has_request_context() else "cli"


def record(
    action,
    target=None,
    *,
    actor=None,
    outcome=Outcome.SUCCESS,
    summary="",
    data=None,
    initiative=None,
    object_type=None,
    object_id=None,
    origin=None,
):
    """Append an audit entry for `action` on `target` (a model instance) and return it.

    `initiative` ties the entry to a case, so it shows in that case's history. Without a model
    instance at hand, name the object with `object_type` (a table name) and `object_id`.
    `origin` is the client address, by default this request's.
    Summaries and data never hold secrets or residents' personal data.
    """
    session = db.session
    entry = AuditEntry(
        initiative_id=initiative.id if initiative is not None else None,
        action=action,
        actor=actor or _current_actor(),
        object_type=target.__tablename__ if target is not None else (object_type or ""),
        object_id=target.id if target is not None else object_id,
        outcome=Outcome(outcome),
        origin=origin or _origin(),
        summary=summary,
        data=data or {},
    )
    session.add(entry)
    session.flush()
    session.info[UNSEALED] = True  # sealed when the session commits (see `seal_on_commit`)
    return entry


#: Key in a session's `info`: it wrote audit entries that its commit must have sealed. (Left set
#: by a rollback, it costs the next commit one look for unsealed entries, nothing more.)
UNSEALED = "audit_entries_unsealed"


@sa.event.listens_for(sa.orm.Session, "before_commit")
def _seal_before_commit(session):
    """SQLite: seal in the writer's own transaction, which holds the one write lock anyway."""
    if session.info.get(UNSEALED) and session.get_bind().dialect.name != "postgresql":
        session.info.pop(UNSEALED)
        session.flush()
        chain.seal_pending(session.connection(), batch=None)


@sa.event.listens_for(sa.orm.Session, "after_commit")
def _seal_after_commit(session):
    """PostgreSQL: seal after the commit, in a short transaction of its own, if no one else seals."""
    if session.info.pop(UNSEALED, False):
        try:
            chain.seal_after_commit(session.get_bind())
        except sa.exc.SQLAlchemyError:
            # The change is committed; its entry waits for the next sealer or `flask audit seal`.
            logger.exception("could not seal the audit log after a commit")


def changes(before, after):
    """Return {field: [old, new]} for the fields whose values differ."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


#: Fields of cases, stage moves, hand-overs, activities, barriers, helps and contact persons whose
#: values are free text or contact details that may name a resident. The privacy purge anonymises
#: them in the case after the retention period but cannot touch the append-only log, so the log
#: records only that they were given or changed.
FREE_TEXT_FIELDS = frozenset(
    {
        "title",
        "description",
        "address",
        "support_requested",
        "next_step",
        "lessons",
        "reason",
        "note",
        "name",
        "email",
        "phone",
        "organisation",
        "decided_by",  # who granted or refused a help: a name, maybe a resident's
    }
)
#: What the log holds instead of the value of a free-text field.
REDACTED = "[redacted]"


def redact(data):
    """Return `data` (a snapshot or a `changes` dict) with free-text values replaced by REDACTED.

    Empty values stay as they are: that a field is empty tells nothing about anyone.
    """
    return {
        key: REDACTED if key in FREE_TEXT_FIELDS and value not in ("", None) else value
        for key, value in data.items()
    }


def redacted_changes(before, after):
    """`changes(before, after)` fit for the log: which free-text fields changed, not their values."""
    return redact(changes(before, after))


def record_access(action, target=None, **details):
    """Log a read (e.g. of personal data) that must stay logged whatever the response is.

    In a request the entry is written when the response is known (see the module); elsewhere
    at once.
    """
    if not has_request_context():
        return record(action, target, **details)
    if target is not None:
        details.setdefault("object_type", target.__tablename__)
        details.setdefault("object_id", target.id)
    details.setdefault("actor", _current_actor())
    g.setdefault("pending_audit_entries", []).append((action, details))
    return None


def record_personal_data_view(initiative, via, target=None):
    """Log that `via` (a page or API resource) showed the contact details of `initiative`."""
    target_type = target.__tablename__ if target is not None else "initiatives"
    record_access(
        PERSONAL_DATA_VIEWED,
        object_type=target_type,
        object_id=target.id if target is not None else initiative.id,
        summary=f"contact details of case {initiative.id} shown ({via})",
        data={"via": via, "initiative": initiative.id},
    )


def _url_object():
    """(type, id) of the object the URL names; the innermost wins (/initiatives/1/initiators/2)."""
    found = ("", None)
    for name, object_type in URL_OBJECTS.items():
        value = (request.view_args or {}).get(name)
        if isinstance(value, int):
            found = (request.view_args.get(object_type, object_type), value)
    return found


def _denial(status):
    object_type, object_id = _url_object()
    return (
        DENIED_ACTION,
        {
            "actor": _current_actor(),
            "outcome": Outcome.DENIED,
            "object_type": object_type,
            "object_id": object_id,
            "summary": f"{request.method} {request.path} refused with {status}",
            # The path, not the query string: a search may hold a resident's name.
            "data": {
                "status": status,
                "method": request.method,
                "path": request.path[:300],
                "endpoint": request.endpoint,
            },
        },
    )


def write_pending_entries(response):
    """After the handler: log a refusal, and have the waiting entries written (see the module)."""
    pending = g.pop("pending_audit_entries", [])
    if response.status_code in (401, 403):
        denial = _denial(response.status_code)
        if denial[1]["actor"] is None:
            pending += repeated_denials.entries_for(denial)
        else:
            pending.append(denial)
    pending += repeated_denials.due_counts()
    for action, details in pending:
        # Required: a successful read that cannot be logged must not be answered.
        write_after_request(partial(record, action, **details))
    return response


def register_audit_hooks(app):
    """Run `write_pending_entries` before the unit of work finishes (after_request runs last-in first)."""
    app.after_request(write_pending_entries)
