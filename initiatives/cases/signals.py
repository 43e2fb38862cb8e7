"""What happens to a case that other domains act on, as blinker signals.

Cases know no domain above them; one that keeps something in step with a case (barriers keep
their case's neighbourhood) connects a receiver when the app is set up (`create_app`). Receivers
run inside the sender's unit of work: what they write is committed or rolled back with the case.
"""

from blinker import Namespace

case_signals = Namespace()

#: Sent by `operations.update_case` after a case moved to another neighbourhood and was flushed,
#: with the case as sender.
neighbourhood_changed = case_signals.signal("case-neighbourhood-changed")
