"""The case's tables: the initiative itself, its contacts, timeline, history, team, files and
withdrawals."""

from initiatives.cases.models.activity import Activity, ActivityCorrection, ActivityKind, activity_skills
from initiatives.cases.models.attachment import Attachment
from initiatives.cases.models.initiative import (
    CaseKind,
    Channel,
    Initiative,
    initiative_team,
    initiative_themes,
)
from initiatives.cases.models.initiator import Initiator
from initiatives.cases.models.possible_duplicate import PossibleDuplicate
from initiatives.cases.models.stage_change import StageChange
from initiatives.cases.models.withdrawal import Withdrawal, WithdrawalAction

__all__ = [
    "Activity",
    "ActivityCorrection",
    "ActivityKind",
    "Attachment",
    "CaseKind",
    "Channel",
    "Initiative",
    "Initiator",
    "PossibleDuplicate",
    "StageChange",
    "Withdrawal",
    "WithdrawalAction",
    "activity_skills",
    "initiative_team",
    "initiative_themes",
]
