"""What happens to barriers and helps that higher domains act on, as blinker signals.

Barriers know no domain above them; one that follows a help (notifications tell its requester)
connects a receiver when the app is set up (`create_app`). Receivers run inside the sender's unit
of work: what they write is committed or rolled back with the change.
"""

from blinker import Namespace

barrier_signals = Namespace()

#: Sent by `help_operations.move_help` after a help was granted or refused and flushed, with the
#: help as sender and the `actor` who recorded the decision.
help_decided = barrier_signals.signal("help-decided")
