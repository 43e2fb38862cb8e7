"""The initiators' satisfaction on the dashboard: per wijk and overall, how many answered the
closed case's question and their average score (1 to 5). Counts and averages only: never a
comment, never a case.

The answers are the status page's (`status_page.models.SatisfactionAnswer`), a domain above the
dashboard that it does not import: the status page registers its table of scores when the app is
set up (`register_scores`), as it registers its section of the case page. An answer counts when
its case was closed in the period and counts for the dashboard (not withdrawn; for the council
report, in it), in the area and of the theme selected. Department and stage describe barriers:
they do not select answers.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from initiatives.cases.models import Initiative
from initiatives.dashboard.figures import Satisfaction, SatisfactionTally
from initiatives.organisation.models import Neighbourhood

#: The columns (case id, score) of the answers' table, once the status page registered them.
_scores = {}


def register_scores(initiative_id, score):
    """Tell the dashboard where the answers are: the columns of their case's id and their score."""
    _scores.update(initiative_id=initiative_id, score=score)


def satisfaction_counts(session, selection):
    """(neighbourhood id, answers, sum of scores) per neighbourhood of the cases whose answers
    count, along the answers' covering index (case, score); none before the status page registered."""
    if not _scores:
        return []
    initiative_id, score = _scores["initiative_id"], _scores["score"]
    rows = session.execute(
        sa.select(Initiative.neighbourhood_id, sa.func.count(), sa.func.sum(score))
        .select_from(initiative_id.table)
        .join(Initiative, Initiative.id == initiative_id)
        .where(*selection.closed_cases())
        .group_by(Initiative.neighbourhood_id)
    )
    return [(neighbourhood_id, int(answers), int(total)) for neighbourhood_id, answers, total in rows]


def satisfaction(session, selection, rows):
    """Per wijk (the dashboard's wijken, as for the barriers) and overall, from satisfaction_counts."""
    neighbourhoods = {row.id: row for row in session.scalars(sa.select(Neighbourhood))}
    per_wijk = {}
    for neighbourhood_id, answers, total in rows:
        wijk = neighbourhoods[neighbourhood_id].wijk
        previous_answers, previous_total = per_wijk.get(wijk.id, (0, 0))
        per_wijk[wijk.id] = (previous_answers + answers, previous_total + total)
    if selection.filters.neighbourhood is not None:
        wijken = [selection.filters.neighbourhood.wijk]
    elif selection.scope.is_limited:
        wijken = list(selection.scope.wijken)
    else:
        wijken = [
            row for row in neighbourhoods.values() if row.is_wijk and (row.active or row.id in per_wijk)
        ]
    wijken.sort(key=lambda wijk: wijk.code)
    return Satisfaction(
        by_neighbourhood=[
            SatisfactionTally(wijk.code, wijk.name, *per_wijk.get(wijk.id, (0, 0)), retired=not wijk.active)
            for wijk in wijken
        ],
        overall=SatisfactionTally(
            "",
            _l("All together"),
            sum(answers for _id, answers, _total in rows),
            sum(total for _id, _answers, total in rows),
        ),
    )
