"""How the status page hooks into cases and notifications, which do not know it: its section of
the case page, the status mails queued when a case moves on, and their composer in the outbox."""

from initiatives.cases.case_page_sections import register_section
from initiatives.cases.signals import stage_changed
from initiatives.notifications.mails import register_composer
from initiatives.notifications.models import OutboxKind
from initiatives.status_page import status_mails
from initiatives.status_page.case_section import STATUS_LINK_SECTION


def connect_to_cases():
    register_section(STATUS_LINK_SECTION)
    stage_changed.connect(status_mails.stage_changed)
    register_composer(OutboxKind.STATUS, status_mails.compose_status_mail)
