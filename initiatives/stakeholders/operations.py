"""Business rules for a case's stakeholders: adding, changing (a new stance is kept with its date,
who recorded it and a note) and removing them. Every change is audited on the case; operations
flush, the request commits."""

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import record, redact, redacted_changes
from initiatives.core.dates import local_today
from initiatives.core.rules import RuleError, flush_as_loaded, require_version
from initiatives.extensions import db
from initiatives.stakeholders.kinds import SCORES, OrganisationKind, Side, StakeholderRole, Stance
from initiatives.stakeholders.models import Stakeholder, StakeholderStance

#: The longest organisation, name and stance note.
ORGANISATION_MAX_LENGTH = 120
NAME_MAX_LENGTH = 120
NOTE_MAX_LENGTH = 1000
#: The fields `update_stakeholder` changes.
FIELDS = (
    "side",
    "role",
    "stance",
    "influence",
    "interest",
    "department",
    "organisation",
    "organisation_kind",
    "name",
    "initiator",
    "activities",
)


class StakeholderError(RuleError):
    """A stakeholder the rules refuse."""


def snapshot(stakeholder):
    """The stakeholder's fields for the audit log (free texts and names are redacted there)."""
    return {
        "side": str(stakeholder.side),
        "stakeholder_role": str(stakeholder.role),
        "stance": str(stakeholder.stance),
        "influence": stakeholder.influence,
        "interest": stakeholder.interest,
        "department": stakeholder.department.name if stakeholder.department else None,
        "organisation": stakeholder.organisation,
        "organisation_kind": str(stakeholder.organisation_kind) if stakeholder.organisation_kind else None,
        "name": stakeholder.name,
        "contact_person": stakeholder.initiator_id,
        "activity_ids": sorted(activity.id for activity in stakeholder.activities),
    }


def _check(stakeholder, initiative, current_department=None):
    """Refuse what the rules do not allow; the database's CHECKs hold the same for side and scores."""
    for field in ("influence", "interest"):
        if getattr(stakeholder, field) not in SCORES:
            raise StakeholderError(_("Choose a number from 1 to 5."), field=field)
    if stakeholder.side == Side.INSIDE:
        if stakeholder.department is None:
            raise StakeholderError(_("Choose the department."), field="department")
        if not stakeholder.department.active and stakeholder.department is not current_department:
            raise StakeholderError(
                _("This department is no longer active; choose another."), field="department"
            )
        if stakeholder.initiator is not None:
            raise StakeholderError(
                _("A contact person of the initiative is outside the municipality."), field="initiator"
            )
        if stakeholder.organisation_kind is not None:
            raise StakeholderError(
                _("A kind of organisation is for stakeholders outside the municipality."),
                field="organisation_kind",
            )
    else:
        if stakeholder.department is not None:
            raise StakeholderError(
                _("A department is inside the municipality: choose the side “inside”."), field="department"
            )
        if not (stakeholder.organisation or stakeholder.name or stakeholder.initiator is not None):
            raise StakeholderError(
                _("Give the organisation, a contact person or both."), field="organisation"
            )
    if stakeholder.initiator is not None and stakeholder.initiator.initiative_id != initiative.id:
        raise StakeholderError(_("Choose a contact person of this initiative."), field="initiator")
    if any(activity.initiative_id != initiative.id for activity in stakeholder.activities):
        raise StakeholderError(_("Choose entries of this initiative's timeline."), field="activities")
    if len(stakeholder.organisation) > ORGANISATION_MAX_LENGTH or len(stakeholder.name) > NAME_MAX_LENGTH:
        raise StakeholderError(_("At most %(max)d characters.", max=NAME_MAX_LENGTH), field="name")


def _note(note):
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise StakeholderError(_("At most %(max)d characters.", max=NOTE_MAX_LENGTH), field="note")
    return note


def add_stakeholder(
    initiative,
    actor,
    *,
    side,
    role,
    influence,
    interest,
    stance=Stance.UNKNOWN,
    department=None,
    organisation="",
    organisation_kind=None,
    name="",
    initiator=None,
    activities=(),
    note="",
):
    """Add a stakeholder to the case; its stance is the first of its history, with `note`."""
    stakeholder = Stakeholder(
        initiative=initiative,
        side=Side(side),
        role=StakeholderRole(role),
        stance=Stance(stance),
        influence=influence,
        interest=interest,
        department=department,
        organisation=(organisation or "").strip(),
        organisation_kind=OrganisationKind(organisation_kind) if organisation_kind else None,
        name=(name or "").strip(),
        initiator=initiator,
        created_by=actor,
    )
    stakeholder.activities = list(activities)
    note = _note(note)
    _check(stakeholder, initiative)
    stakeholder.stances.append(
        StakeholderStance(stance=stakeholder.stance, recorded_on=local_today(), actor=actor, note=note)
    )
    db.session.add(stakeholder)
    db.session.flush()
    record(
        "stakeholder.added",
        stakeholder,
        actor=actor,
        summary=f"stakeholder {stakeholder.id} ({stakeholder.side}) added to case {initiative.id}",
        data=redact(snapshot(stakeholder) | {"note": note}),
        initiative=initiative,
    )
    return stakeholder


def update_stakeholder(stakeholder, actor, expected_version, *, note="", **fields):
    """Change a stakeholder's `fields` (of FIELDS; those left out stay). A new stance is added to
    its history with today's date, `actor` and `note`, and logged on the case as a stance change."""
    require_version(stakeholder, expected_version, required=True)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown stakeholder fields: {sorted(unknown)}")
    note = _note(note)
    before = snapshot(stakeholder)
    current_department = stakeholder.department
    with db.session.no_autoflush:
        for field, value in fields.items():
            if field == "activities":
                stakeholder.activities = list(value)
            elif field in ("organisation", "name"):
                setattr(stakeholder, field, (value or "").strip())
            elif field == "side":
                stakeholder.side = Side(value)
            elif field == "role":
                stakeholder.role = StakeholderRole(value)
            elif field == "stance":
                stakeholder.stance = Stance(value)
            elif field == "organisation_kind":
                stakeholder.organisation_kind = OrganisationKind(value) if value else None
            else:
                setattr(stakeholder, field, value)
        if stakeholder.side == Side.OUTSIDE and "department" not in fields:
            stakeholder.department = None
        if stakeholder.side == Side.INSIDE and "organisation_kind" not in fields:
            stakeholder.organisation_kind = None
        _check(stakeholder, stakeholder.initiative, current_department)
    after = snapshot(stakeholder)
    stance_changed = before["stance"] != after["stance"]
    changed = redacted_changes(before, after)
    if not changed and not note:
        return stakeholder
    stakeholder.version += 1
    if stance_changed or note:
        # A note alone records the same stance again: "still against, after the meeting".
        stakeholder.stances.append(
            StakeholderStance(stance=stakeholder.stance, recorded_on=local_today(), actor=actor, note=note)
        )
    flush_as_loaded(stakeholder)
    initiative = stakeholder.initiative
    other_changes = {key: value for key, value in changed.items() if key != "stance"}
    if stance_changed or note:
        record(
            "stakeholder.stance_changed",
            stakeholder,
            actor=actor,
            summary=f"stance of stakeholder {stakeholder.id} on case {initiative.id}: {after['stance']}",
            data=redact({"stance": [before["stance"], after["stance"]], "note": note}),
            initiative=initiative,
        )
    if other_changes:
        record(
            "stakeholder.updated",
            stakeholder,
            actor=actor,
            summary=f"stakeholder {stakeholder.id} on case {initiative.id} updated",
            data=other_changes,
            initiative=initiative,
        )
    return stakeholder


def remove_stakeholder(stakeholder, actor, expected_version):
    """Remove a stakeholder recorded by mistake (or no longer involved), with its history."""
    require_version(stakeholder, expected_version, required=True)
    initiative = stakeholder.initiative
    data = redact(snapshot(stakeholder))
    stakeholder_id = stakeholder.id
    db.session.delete(stakeholder)
    db.session.flush()
    record(
        "stakeholder.removed",
        actor=actor,
        summary=f"stakeholder {stakeholder_id} removed from case {initiative.id}",
        object_type=Stakeholder.__tablename__,
        object_id=stakeholder_id,
        data=data,
        initiative=initiative,
    )


def name_contact_stakeholders(activity, stakeholders, actor):
    """Make `stakeholders` (of the activity's case) exactly those who took part in the timeline
    entry `activity`: each stakeholder added or taken off is changed as on its own page (its
    version raised, `stakeholder.updated` logged with its timeline entries)."""
    chosen = {stakeholder.id for stakeholder in stakeholders}
    initiative = activity.initiative
    if any(stakeholder.initiative_id != initiative.id for stakeholder in stakeholders):
        raise StakeholderError(_("Choose stakeholders of this initiative."), field="stakeholders")
    changed = []
    for stakeholder in db.session.scalars(
        sa.select(Stakeholder).where(Stakeholder.initiative_id == initiative.id).order_by(Stakeholder.id)
    ):
        took_part = activity in stakeholder.activities
        if took_part == (stakeholder.id in chosen):
            continue
        activities = [item for item in stakeholder.activities if item is not activity]
        if not took_part:
            activities.append(activity)
        update_stakeholder(stakeholder, actor, stakeholder.version, activities=activities)
        changed.append(stakeholder)
    return changed
