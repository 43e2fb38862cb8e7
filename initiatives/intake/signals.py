"""What happens in the intake that higher domains act on, as blinker signals.

The intake knows no domain above it; one that follows an import (notifications tell the case's
owner) connects a receiver when the app is set up (`create_app`). Receivers run inside the
sender's unit of work: what they write is committed or rolled back with the new case.
"""

from blinker import Namespace

intake_signals = Namespace()

#: Sent by `operations.save_mail` after it opened a case from an e-mail, with the case as sender,
#: the `actor` who imported it and `unattended` (True for `flask intake import-mail`, where no
#: one watched the case being opened).
mail_imported = intake_signals.signal("mail-imported")
