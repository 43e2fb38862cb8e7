"""The case's tables: the initiative itself, its contacts, timeline, history, team and files."""

from initiatives.cases.models.activity import Activity, ActivityKind, activity_skills
from initiatives.cases.models.attachment import Attachment
from initiatives.cases.models.initiative import Channel, Initiative, initiative_team, initiative_themes
from initiatives.cases.models.initiator import Initiator
from initiatives.cases.models.stage_change import StageChange

__all__ = [
    "Activity",
    "ActivityKind",
    "Attachment",
    "Channel",
    "Initiative",
    "Initiator",
    "StageChange",
    "activity_skills",
    "initiative_team",
    "initiative_themes",
]
