"""Audit entries told in the reader's language (the stored summary stays untranslated)."""

from flask_babel import lazy_gettext as _l

from initiatives.cases.stages import Stage

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
}


def _stage_title(value):
    try:
        return str(Stage(value).title)
    except ValueError:
        return value


def describe_entry(entry):
    """Return a short description of an audit entry for people."""
    title = ACTION_TITLES.get(entry.action)
    if title is None:
        return entry.summary or entry.action
    data = entry.data or {}
    if entry.action == "initiative.moved" and "stage" in data:
        old, new = data["stage"]
        return f"{title}: {_stage_title(old)} → {_stage_title(new)}"
    if entry.action == "initiative.updated":
        return f"{title}: {', '.join(sorted(data))}"
    if entry.action == "initiative.handed_over" and "owner" in data:
        return f"{title}: {data['owner'][0]} → {data['owner'][1]}"
    return str(title)
