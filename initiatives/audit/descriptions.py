"""Audit entries told in the reader's language (the stored summary stays untranslated).

Free-text fields are logged as changed without their values (see `operations.FREE_TEXT_FIELDS`),
so an edit is told by the fields it changed: "Case edited: description, next step changed".
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.cases.stages import Stage

ACTION_TITLES = {
    "initiative.opened": _l("Case opened"),
    "initiative.updated": _l("Case edited"),
    "initiative.moved": _l("Stage changed"),
    "initiative.team_changed": _l("Team changed"),
    "initiative.handed_over": _l("Case handed over"),
    "initiative.withdrawn": _l("Case withdrawn"),
    "initiative.reinstated": _l("Case taken back"),
    "activity.added": _l("Activity added"),
    "activity.voided": _l("Timeline entry voided"),
    "activity.corrected": _l("Timeline note corrected"),
    "initiator.added": _l("Contact person added"),
    "initiator.updated": _l("Contact person changed"),
    "initiator.removed": _l("Contact person removed"),
    "attachment.added": _l("File added"),
    "attachment.removed": _l("File removed"),
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
    "in_council_report": _l("In the council report"),
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
        return f"{title}: {data['owner'][0]} → {data['owner'][1]}"
    return str(title)
