"""How the status page hooks into the domains below it, which do not know it: its section of the
case page, the status mails queued when a case moves on and their composer in the outbox, and its
satisfaction answers for the dashboard's figures."""

from initiatives.cases.case_page_sections import register_section
from initiatives.cases.signals import stage_changed
from initiatives.dashboard.satisfaction import register_scores
from initiatives.notifications.mails import register_composer
from initiatives.notifications.models import OutboxKind
from initiatives.status_page import status_mails
from initiatives.status_page.case_section import STATUS_LINK_SECTION
from initiatives.status_page.models import SatisfactionAnswer


def connect_to_cases():
    register_section(STATUS_LINK_SECTION)
    stage_changed.connect(status_mails.stage_changed)
    register_composer(OutboxKind.STATUS, status_mails.compose_status_mail)


def connect_to_dashboard():
    register_scores(SatisfactionAnswer.initiative_id, SatisfactionAnswer.score)
