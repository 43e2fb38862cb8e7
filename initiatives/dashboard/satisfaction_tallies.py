"""The initiators' satisfaction from its tallies (`help_tally_tables.satisfaction_tallies`), kept
exact by triggers: the same rows as `satisfaction.satisfaction_counts`, which stays as the
reference. Tallied per day closed, so any period is read from them alone; they count every case,
and the few the dashboard leaves out are counted from the answers and taken away.
"""

from collections import Counter

import sqlalchemy as sa

from initiatives.dashboard import satisfaction
from initiatives.dashboard.help_tally_tables import ALL, satisfaction_tallies


def satisfaction_counts(session, selection):
    """As `satisfaction.satisfaction_counts`: (neighbourhood id, answers, sum of scores)."""
    t = satisfaction_tallies.c
    filters = selection.filters
    conditions = [t.theme_id == (filters.theme.id if filters.theme is not None else ALL)]
    area_ids = selection.area_ids()
    if area_ids is not None:
        conditions.append(t.neighbourhood_id.in_(area_ids))
    if filters.start:
        conditions.append(t.closed_on >= filters.start)
    if filters.end:
        conditions.append(t.closed_on <= filters.end)
    answers, totals = Counter(), Counter()
    rows = session.execute(
        sa.select(t.neighbourhood_id, sa.func.sum(t.answers), sa.func.sum(t.total))
        .where(*conditions)
        .group_by(t.neighbourhood_id)
    )
    for neighbourhood_id, count, total in rows:
        answers[neighbourhood_id] += count
        totals[neighbourhood_id] += total
    if selection.leaves_out_any(session):
        for neighbourhood_id, count, total in satisfaction.satisfaction_counts(session, selection.left_out()):
            answers[neighbourhood_id] -= count
            totals[neighbourhood_id] -= total
    return [
        (neighbourhood_id, int(count), int(totals[neighbourhood_id]))
        for neighbourhood_id, count in sorted(answers.items())
        if count
    ]
