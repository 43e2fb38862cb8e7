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

#: Sent by `team.hand_over` after the case got its new owner and was flushed, with the case as
#: sender and `actor`, `previous_owner` and `new_owner` (users).
handed_over = case_signals.signal("case-handed-over")

#: Sent by `team.set_team` and `team.hand_over` after the case's team changed and was flushed,
#: with the case as sender and `actor`, `added` and `removed` (lists of users).
team_changed = case_signals.signal("case-team-changed")

#: Sent by `operations.move_case` after the case moved to another stage and was flushed, with the
#: case as sender and `actor`, `from_stage` and `to_stage` (Stage).
stage_changed = case_signals.signal("case-stage-changed")
