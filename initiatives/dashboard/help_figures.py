"""The dashboard's figures on helps: their effectiveness, the refusals per decider, and which help
resolved which barrier. Each from one aggregate query that groups in SQL, and how its rows become
the figure.
"""

import sqlalchemy as sa

from initiatives.barriers.lifecycle import Effect, HelpStatus, Provider
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.core.sql import not_indexed
from initiatives.dashboard.figures import (
    HelpTally,
    Matrix,
    Refusals,
)
from initiatives.dashboard.selection import shown_terms
from initiatives.organisation.models import Department

# -- (4) help effectiveness and refusals ------------------------------------------------------


def help_counts(session, selection):
    """The selected helps per category, status, provider and department, in one pass for
    help_effectiveness and refusals_by_decider. The rows are bounded by the categories, statuses
    and deciders."""
    grouped = (Help.category_id, Help.status, Help.provider, Help.department_id)
    rows = session.execute(sa.select(*grouped, sa.func.count()).where(*selection.helps()).group_by(*grouped))
    return [
        (category_id, HelpStatus(status), Provider(provider), department_id, count)
        for category_id, status, provider, department_id, count in rows
    ]


def resolving_help_counts(session, selection, period_index=False):
    """{help category id: selected helps that resolved a barrier they addressed (of the selected
    kind)}, from the effects "resolved", which carry their help's category. `period_index`: along
    the index of the helps' period, for a period of a few days (the tallies' edges).

    An effect is recorded when its help is applied, and an applied help stays so: an effect
    "resolved" is one of an applied help.
    """
    # With conditions on the helps, their category is read with them; without, the effects' own
    # copy. Either way from the effects: searching the helps of a period first and then their
    # effects reads three times as many rows.
    # The theme, and whether the case counts, from the effects' own copy of their case (every
    # help, or barrier, read otherwise).
    of_helps = selection.helps(of_kind=False, period_index=period_index, theme=False, counted=False)
    # (Not grouped along an index of the helps, or SQLite reads every help to save a sort.)
    category = not_indexed(Help.category_id) if of_helps else HelpEffect.help_category_id
    query = sa.select(category, sa.func.count(sa.distinct(HelpEffect.help_id))).where(
        HelpEffect.effect == Effect.RESOLVED,
        *selection.theme(HelpEffect.initiative_id),
        *selection.counted(HelpEffect.initiative_id),
    )
    kind = selection.barrier_kind()
    if kind:
        query = query.join(Barrier, Barrier.id == HelpEffect.barrier_id).where(*kind)
    # A help that resolved a barrier of the selected kind addressed one: said once is enough.
    if of_helps:
        query = query.join(Help, Help.id == HelpEffect.help_id).where(*of_helps)
    return dict(session.execute(query.group_by(category)).all())


def help_effectiveness(helps, resolving, categories):
    """Per help category: requested, granted, refused, applied (from help_counts) and resolved
    (from resolving_help_counts)."""
    tallies = {}
    for category_id, status, _provider, _department_id, count in helps:
        tally = tallies.setdefault(category_id, HelpTally("", ""))
        tally.requested += count
        tally.granted += count if status in {HelpStatus.GRANTED, HelpStatus.APPLIED} else 0
        tally.refused += count if status == HelpStatus.REFUSED else 0
        tally.applied += count if status == HelpStatus.APPLIED else 0
    for category_id, count in resolving.items():
        tallies.setdefault(category_id, HelpTally("", "")).resolved += count
    shown = []
    for category in shown_terms(categories, tallies):
        tally = tallies.get(category.id, HelpTally("", ""))
        tally.key, tally.label, tally.retired = category.code, category.label, not category.active
        shown.append(tally)
    return shown


def refusals_by_decider(session, helps):
    """Refused helps per decider: the alderman, management, someone else, or each department."""
    refused = {}
    for _category_id, status, provider, department_id, count in helps:
        if status == HelpStatus.REFUSED:
            refused[provider, department_id] = refused.get((provider, department_id), 0) + count
    department_ids = {department_id for _provider, department_id in refused if department_id}
    names = dict(
        session.execute(
            sa.select(Department.id, Department.name).where(Department.id.in_(department_ids))
        ).all()
    )
    refusals = []
    for (provider, department_id), count in refused.items():
        by_department = provider == Provider.DEPARTMENT and department_id is not None
        label = names[department_id] if by_department else Provider(provider).title
        refusals.append(
            Refusals(Provider(provider).value, department_id if by_department else None, label, count)
        )
    return sorted(refusals, key=lambda refusal: (-refusal.refused, str(refusal.label)))


# -- (5) which help resolved which barrier ----------------------------------------------------


def matrix_counts(session, selection, period_index=False):
    """(barrier category id, help category id, barriers resolved) for the selected barriers.

    From the effects "resolved" (a fifth of the effects), which carry both categories: along
    ix_help_effects_dashboard alone, looking up their barriers only to filter them; or, with
    `period_index`, along the barriers' index of the period, for a period of a few days."""
    query = sa.select(
        HelpEffect.barrier_category_id,
        HelpEffect.help_category_id,
        sa.func.count(sa.distinct(HelpEffect.barrier_id)),
    ).where(
        HelpEffect.effect == Effect.RESOLVED,
        *selection.theme(HelpEffect.initiative_id),
        *selection.counted(HelpEffect.initiative_id),
    )
    # The theme, and whether the case counts: the effects' copy of their case.
    of_barriers = selection.barriers(period_index=period_index, theme=False, counted=False)
    if of_barriers:
        query = query.join(Barrier, Barrier.id == HelpEffect.barrier_id).where(*of_barriers)
    rows = session.execute(query.group_by(HelpEffect.barrier_category_id, HelpEffect.help_category_id))
    return [tuple(row) for row in rows]


def matrix(rows, barrier_categories, help_categories):
    """Per barrier category and help category: the selected barriers a help of it resolved."""
    barrier_codes = {category.id: category.code for category in barrier_categories}
    help_codes = {category.id: category.code for category in help_categories}
    return Matrix(
        barrier_categories=[
            (category.code, category.label)
            for category in shown_terms(barrier_categories, {row[0] for row in rows})
        ],
        help_categories=[
            (category.code, category.label)
            for category in shown_terms(help_categories, {row[1] for row in rows})
        ],
        counts={(barrier_codes[barrier], help_codes[help_id]): count for barrier, help_id, count in rows},
    )
