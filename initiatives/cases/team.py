"""Business rules for who works on a case: its team, and handing it over to another owner."""

from flask_babel import gettext as _

from initiatives.audit.operations import record, redact
from initiatives.cases.operations import CaseError
from initiatives.cases.signals import handed_over, team_changed
from initiatives.core.roles import Role
from initiatives.core.rules import flush_as_loaded, require_version
from initiatives.extensions import db


def set_team(initiative, actor, members):
    """Set the officials working on the case besides its owner."""
    members = [member for member in members if member.id != initiative.owner_id]
    previous_team = list(initiative.team)
    before = sorted(member.username for member in previous_team)
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
        team_changed.send(
            initiative,
            actor=actor,
            added=[member for member in members if member not in previous_team],
            removed=[member for member in previous_team if member not in members],
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
    previous_was_on_team = initiative.is_on_team(previous)
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
    handed_over.send(initiative, actor=actor, previous_owner=previous, new_owner=new_owner)
    # The new owner leaves the team to own the case (the hand-over tells them); the previous
    # owner joins it.
    if not previous_was_on_team:
        team_changed.send(initiative, actor=actor, added=[previous], removed=[])
    return initiative
