"""Every domain's models, imported in one place so the metadata knows all tables."""

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import ApiToken, RecoveryCode, User, UserSession, user_neighbourhoods
from initiatives.auth.single_sign_on.models import OidcIdentity
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory, HelpEffect
from initiatives.cases.models import (
    Activity,
    Attachment,
    Initiative,
    Initiator,
    PossibleDuplicate,
    StageChange,
    activity_skills,
    initiative_team,
    initiative_themes,
)
from initiatives.challenges.models import Challenge, ChallengeReview, ChallengeSettings, ChallengeTask
from initiatives.dashboard.help_tally_tables import help_tallies, matrix_tallies, satisfaction_tallies
from initiatives.dashboard.tally_models import TALLY_TABLES
from initiatives.exports.models import PublicCaseTexts, PublicDetailText
from initiatives.geo.models import NeighbourhoodShape
from initiatives.merging.models import Merge
from initiatives.notifications.models import (
    CalendarFeed,
    Notification,
    NotificationChoice,
    NotificationSettings,
    OutboxMessage,
)
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.privacy.models import ContactErasure
from initiatives.stakeholders.models import Stakeholder, StakeholderStance, stakeholder_activities
from initiatives.status_page.models import SatisfactionAnswer, StatusLink
from initiatives.vocabularies.models import Skill, Theme
from initiatives.zgw.models import ZgwMapping, ZgwPushedItem, ZgwZaak

__all__ = [
    "TALLY_TABLES",
    "Activity",
    "ApiToken",
    "Attachment",
    "AuditEntry",
    "Barrier",
    "BarrierCategory",
    "CalendarFeed",
    "Challenge",
    "ChallengeReview",
    "ChallengeSettings",
    "ChallengeTask",
    "ContactErasure",
    "Department",
    "Help",
    "HelpCategory",
    "HelpEffect",
    "Initiative",
    "Initiator",
    "Merge",
    "Neighbourhood",
    "NeighbourhoodShape",
    "Notification",
    "NotificationChoice",
    "NotificationSettings",
    "OidcIdentity",
    "OutboxMessage",
    "PossibleDuplicate",
    "PublicCaseTexts",
    "PublicDetailText",
    "RecoveryCode",
    "SatisfactionAnswer",
    "Skill",
    "StageChange",
    "Stakeholder",
    "StakeholderStance",
    "StatusLink",
    "Theme",
    "User",
    "UserSession",
    "ZgwMapping",
    "ZgwPushedItem",
    "ZgwZaak",
    "activity_skills",
    "help_tallies",
    "initiative_team",
    "initiative_themes",
    "matrix_tallies",
    "satisfaction_tallies",
    "stakeholder_activities",
    "user_neighbourhoods",
]
