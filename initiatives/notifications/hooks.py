"""How notifications hook into the domains below, which do not know them: receivers of their
signals. `create_app` connects them once per app; connecting again changes nothing (blinker
keeps one connection per receiver)."""

from initiatives.barriers.signals import help_decided
from initiatives.cases.signals import handed_over, team_changed
from initiatives.intake.signals import mail_imported
from initiatives.notifications import receivers


def connect():
    handed_over.connect(receivers.case_handed_over)
    team_changed.connect(receivers.case_team_changed)
    help_decided.connect(receivers.help_decided)
    mail_imported.connect(receivers.mail_imported)
