"""Business rules for a case's timeline: adding activities, and voiding or correcting an entry
made by mistake. Every change is audited and keeps the search index in sync.
"""

from flask_babel import gettext as _

from initiatives.audit.operations import record, redact
from initiatives.cases import search
from initiatives.cases.models import (
    Activity,
    ActivityCorrection,
    ActivityKind,
)
from initiatives.cases.operations import CaseError, StateConflict, check_work_date, required_reason
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.core.db import utcnow
from initiatives.extensions import db


def add_activity(
    initiative, actor, *, kind, happened_on, practice, skills=(), note="", visible_to_initiators=False
):
    """Add an activity to the timeline. It is not an edit of the case, so the version stays."""
    if ActivityKind(kind) is ActivityKind.INITIATOR_MESSAGE:
        raise CaseError(_("Messages from the initiators come only through their status page."), field="kind")
    check_work_date(happened_on, "happened_on")
    if happened_on > local_today():
        raise CaseError(_("An activity cannot be dated in the future."), field="happened_on")
    if practice == Stage.CLOSED:
        raise CaseError(_("Choose the practice this activity serves."), field="practice")
    activity = Activity(
        initiative=initiative,
        kind=ActivityKind(kind),
        happened_on=happened_on,
        practice=Stage(practice),
        skills=list(skills),
        note=(note or "").strip(),
        author=actor,
        visible_to_initiators=bool(visible_to_initiators),
    )
    db.session.add(activity)
    initiative.last_activity_at = utcnow()
    db.session.flush()
    record(
        "activity.added",
        activity,
        actor=actor,
        summary=f"{activity.kind} on case {initiative.id}",
        data={
            "kind": str(activity.kind),
            "practice": str(activity.practice),
            "skills": [s.code for s in activity.skills],
        },
        initiative=initiative,
    )
    if activity.note:
        search.reindex(initiative)
    return activity


def void_activity(activity, actor, *, reason):
    """Void a timeline entry made by mistake: it stays, struck through for the team, with the
    reason, and counts nowhere any more (`Activity.voided_at`)."""
    if activity.is_voided:
        raise StateConflict(_("This entry has been voided already."), field="reason")
    reason = required_reason(reason)
    activity.voided_at = utcnow()
    activity.voided_by = actor
    activity.void_reason = reason
    db.session.flush()
    initiative = activity.initiative
    record(
        "activity.voided",
        activity,
        actor=actor,
        summary=f"timeline entry {activity.id} of case {initiative.id} voided",
        data=redact({"kind": str(activity.kind), "reason": reason}),
        initiative=initiative,
    )
    return activity


def correct_activity(activity, actor, *, note, reason):
    """Correct the note of a timeline entry. The note as it was stays in the case's history (an
    `ActivityCorrection`); the audit log records only that it changed, as for every free text."""
    if activity.is_voided:
        raise StateConflict(_("A voided entry cannot be corrected."), field="note")
    if not activity.is_correctable:
        raise StateConflict(
            _(
                "A message from the initiators keeps their own words: it cannot be corrected. Void it if it was sent by mistake."
            ),
            field="note",
        )
    note = (note or "").strip()
    if note == activity.note:
        raise CaseError(_("The note is unchanged."), field="note")
    reason = required_reason(reason)
    correction = ActivityCorrection(
        activity=activity, previous_note=activity.note, reason=reason, actor=actor
    )
    db.session.add(correction)
    activity.note = note
    db.session.flush()
    initiative = activity.initiative
    record(
        "activity.corrected",
        activity,
        actor=actor,
        summary=f"timeline entry {activity.id} of case {initiative.id} corrected",
        data=redact({"note": [correction.previous_note, note], "reason": reason}),
        initiative=initiative,
    )
    search.reindex(initiative)
    return correction


def show_to_initiators(activity, actor, *, visible):
    """Show an entry on the initiators' status page, or no longer (the page shows its date and
    kind, never its note). Returns whether it changed."""
    if activity.is_voided:
        raise StateConflict(
            _("A voided entry is not shown to the initiators."), field="visible_to_initiators"
        )
    visible = bool(visible)
    if activity.visible_to_initiators is visible:
        return False
    activity.visible_to_initiators = visible
    db.session.flush()
    initiative = activity.initiative
    record(
        "activity.visibility_changed",
        activity,
        actor=actor,
        summary=f"timeline entry {activity.id} of case {initiative.id} "
        + ("shown to" if visible else "hidden from")
        + " the initiators",
        data={"visible_to_initiators": [not visible, visible]},
        initiative=initiative,
    )
    return True
