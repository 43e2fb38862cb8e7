"""Business rules for who works on a case: its team, and handing it over to another owner."""

from flask_babel import gettext as _

from initiatives.audit.operations import record, redact
from initiatives.cases.operations import CaseError
from initiatives.core.roles import Role
from initiatives.core.rules import flush_as_loaded, require_version
from initiatives.extensions import db


def set_team(initiative, actor, members):
    """Set the officials working on the case besides its owner."""
    members = [member for member in members if member.id != initiative.owner_id]
    before = sorted(member.username for member in initiative.team)
    initiative.team = members
    after = sorted(member.username for member in members)
    if before != after:
        db.session.flush()
        record(
            "initiative.team_changed",
            initiative,
            actor=actor,
            summary=f"team of case {initiative.id} changed",
            data={"team": [before, after]},
            initiative=initiative,
        )


def hand_over(initiative, actor, new_owner, note="", expected_version=None):
    """Make `new_owner` the owner of the case; the previous owner stays on the team."""
    require_version(initiative, expected_version)
    if new_owner is None or not new_owner.active or new_owner.role != Role.NEIGHBOURHOOD_MANAGER:
        raise CaseError(
            _("A case can only be handed over to an active neighbourhood manager."), field="owner"
        )
    previous = initiative.owner
    if previous.id == new_owner.id:
        return initiative
    initiative.owner = new_owner
    initiative.team = [member for member in initiative.team if member.id != new_owner.id] + [previous]
    initiative.version += 1
    flush_as_loaded(initiative)
    record(
        "initiative.handed_over",
        initiative,
        actor=actor,
        summary=f"case {initiative.id} handed over from {previous.username} to {new_owner.username}",
        data=redact({"owner": [previous.username, new_owner.username], "note": note.strip()}),
        initiative=initiative,
    )
    return initiative
