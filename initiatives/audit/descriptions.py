"""Audit entries told in the reader's language (the stored summary stays untranslated).

Free-text fields are logged as changed without their values (see `operations.FREE_TEXT_FIELDS`),
so an edit is told by the fields it changed: "Case edited: description, next step changed".
The log keeps usernames; people are named by their current display name, looked up when told.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.auth.models import User
from initiatives.cases.stages import Stage
from initiatives.extensions import db

ACTION_TITLES = {
    "initiative.opened": _l("Case opened"),
    "initiative.updated": _l("Case edited"),
    "initiative.moved": _l("Stage changed"),
    "initiative.team_changed": _l("Team changed"),
    "initiative.handed_over": _l("Case handed over"),
    "activity.added": _l("Activity added"),
    "initiator.added": _l("Contact person added"),
    "initiator.updated": _l("Contact person changed"),
    "initiator.removed": _l("Contact person removed"),
    "attachment.added": _l("File added"),
    "barrier.recorded": _l("Barrier recorded"),
    "barrier.updated": _l("Barrier changed"),
    "help.requested": _l("Help asked for"),
    "help.updated": _l("Help changed"),
    "help.granted": _l("Help granted"),
    "help.refused": _l("Help refused"),
    "help.applied": _l("Help applied"),
}
#: Actions whose data is {field: [old, new] or REDACTED}: told by the fields they changed.
CHANGE_ACTIONS = frozenset({"initiative.updated", "barrier.updated", "help.updated"})
#: Field names in the audit data of cases, barriers and helps, in the order they are told.
FIELD_LABELS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "neighbourhood": _l("Neighbourhood"),
    "address": _l("Address or place"),
    "channel": _l("Came in by"),
    "received_on": _l("Date of first contact"),
    "themes": _l("Themes"),
    "support_requested": _l("Support asked for"),
    "next_step": _l("Next step"),
    "follow_up_on": _l("Follow up on"),
    "category": _l("Category"),
    "provider": _l("Who provides or decides"),
    "department": _l("Department"),
    "stage": _l("Stage"),
    "raised_on": _l("Raised on"),
    "status": _l("Status"),
    "resolved_on": _l("Resolved or accepted on"),
    "requested_on": _l("Asked on"),
    "decided_on": _l("Decided on"),
    "decided_by": _l("Decided by"),
    "applied_on": _l("Applied on"),
    "effects": _l("Effects"),
}


def _stage_title(value):
    try:
        return str(Stage(value).title)
    except ValueError:
        return value


def changed_fields(data):
    """Name the changed fields for people: "description, next step" (known fields first, in order)."""
    known = [str(label) for name, label in FIELD_LABELS.items() if name in data]
    unknown = sorted(name for name in data if name not in FIELD_LABELS)
    names = known + unknown
    return ", ".join(name[:1].lower() + name[1:] for name in names)


def display_names(usernames):
    """{username: the name people know them by} for the accounts the log names."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    rows = db.session.execute(sa.select(User.username, User.full_name).where(User.username.in_(wanted)))
    return {username: full_name or username for username, full_name in rows}


def _people(usernames, names):
    return ", ".join(names.get(username, username) for username in usernames)


def _team_change(title, data):
    before, after = data["team"]
    names = display_names([*before, *after])
    parts = []
    if joined := [username for username in after if username not in before]:
        parts.append(_("%(people)s added", people=_people(joined, names)))
    if left := [username for username in before if username not in after]:
        parts.append(_("%(people)s removed", people=_people(left, names)))
    return f"{title}: {'; '.join(parts)}" if parts else str(title)


def describe_entry(entry):
    """Return a short description of an audit entry for people."""
    title = ACTION_TITLES.get(entry.action)
    if title is None:
        return entry.summary or entry.action
    data = entry.data or {}
    if entry.action == "initiative.moved" and "stage" in data:
        old, new = data["stage"]
        return f"{title}: {_stage_title(old)} → {_stage_title(new)}"
    if entry.action in CHANGE_ACTIONS and data:
        return f"{title}: {_('%(fields)s changed', fields=changed_fields(data))}"
    if entry.action == "initiative.handed_over" and "owner" in data:
        names = display_names(data["owner"])
        return f"{title}: {_people(data['owner'][:1], names)} → {_people(data['owner'][1:], names)}"
    if entry.action == "initiative.team_changed" and "team" in data:
        return _team_change(title, data)
    return str(title)
