"""The council report (raadsinformatiebrief): public, so aggregated and anonymised throughout.

One `CouncilReport` holds everything; the HTML preview, the PDF and the DOCX are renderings of it.
Withdrawn cases are no cases; cases left out of the report (`Initiative.in_council_report`, e.g. a
confidential or test case) count nowhere in it, and the report says how many there were, not which.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases.models import Channel, Initiative, initiative_themes
from initiatives.cases.stages import OPEN_STAGES, Result, Stage
from initiatives.core.anonymise.anonymiser import Anonymiser
from initiatives.core.dates import iso_day
from initiatives.core.numbers import days, number
from initiatives.dashboard.filters import DashboardFilters, Scope
from initiatives.dashboard.map_figures import MapLevel, MapMeasure
from initiatives.dashboard.queries import build_dashboard
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme

#: At most this many case summaries; a public report summarises, it does not list everything.
SUMMARY_LIMIT = 100
#: Wide tables are split so that each part fits an A4 page upright, its row headings repeated:
#: the trend table by quarters, the help x barrier matrix by help categories.
QUARTERS_PER_TABLE = 8
HELPS_PER_TABLE = 4


@dataclass
class CouncilSelection:
    """The period, the wijken (none: the whole municipality) and optionally one theme."""

    start: date
    end: date
    wijken: list = field(default_factory=list)
    theme: Theme | None = None
    errors: list = field(default_factory=list)
    #: What the report's map shows, per buurt or wijk.
    map_measure: MapMeasure = MapMeasure.INITIATIVES
    map_level: MapLevel = MapLevel.WIJK

    @classmethod
    def from_args(cls, args, session, today):
        """Read the selection from the URL; unusable values are reported in `errors`."""
        errors = []
        start = _date(args.get("from"), errors, _l("The start of the period is not a valid date."))
        end = _date(args.get("to"), errors, _l("The end of the period is not a valid date."))
        end = end or today
        start = start or date(end.year, 1, 1)
        if start > end:
            errors.append(_l("The period starts after it ends."))
            start, end = end, start
        codes = [code.strip().upper() for code in args.getlist("neighbourhood") if code.strip()]
        wijken = session.scalars(
            sa.select(Neighbourhood).where(Neighbourhood.code.in_(codes), Neighbourhood.parent_id.is_(None))
        ).all()
        if len(wijken) != len(set(codes)):
            errors.append(_l("Only wijken can be chosen; unknown codes are ignored."))
        theme = None
        if args.get("theme"):
            theme = session.scalar(sa.select(Theme).where(Theme.code == args["theme"]))
            if theme is None:
                errors.append(_l("The theme is unknown and is ignored."))
        map_measure = _choice(args.get("map_measure"), MapMeasure, MapMeasure.INITIATIVES, errors)
        map_level = _choice(args.get("map_level"), MapLevel, MapLevel.WIJK, errors)
        return cls(
            start=start,
            end=end,
            wijken=sorted(wijken, key=lambda wijk: wijk.code),
            theme=theme,
            errors=errors,
            map_measure=map_measure,
            map_level=map_level,
        )

    def to_args(self):
        args = {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "neighbourhood": [w.code for w in self.wijken],
        }
        if self.theme:
            args["theme"] = self.theme.code
        if self.map_measure is not MapMeasure.INITIATIVES:
            args["map_measure"] = self.map_measure.value
        if self.map_level is not MapLevel.WIJK:
            args["map_level"] = self.map_level.value
        return args

    @property
    def scope(self):
        return Scope(wijken=tuple(self.wijken)) if self.wijken else Scope()


def _choice(value, enum_class, default, errors):
    if not value:
        return default
    try:
        return enum_class(value)
    except ValueError:
        errors.append(_l("The map choice is unknown and is ignored."))
        return default


def _date(value, errors, message):
    if not value:
        return None
    day = iso_day(value)
    if day is None:
        errors.append(message)
    return day


@dataclass
class CaseSummary:
    """One anonymised case: what a public report may say about it."""

    title: str
    neighbourhood: str
    status: str
    received_on: date
    barriers: list  # (category label, status label)
    helps: list  # (category label, status label)
    lessons: str


@dataclass
class CouncilReport:
    selection: CouncilSelection
    received: int
    by_channel: list  # (label, count)
    by_stage: list  # (label, count) of the cases received in the period, by their stage now
    closed_by_result: list  # (label, count) of cases closed in the period
    dashboard: object
    summaries: list
    summaries_total: int
    made_on: date
    #: Cases of the period and selection left out of the report: their number only.
    left_out: int = 0

    @property
    def challenge_paragraph(self):
        """The paragraph on the right to challenge: how many challenges came in, were decided,
        within the term, and the median days to a decision. Counts only."""
        challenges = self.dashboard.challenges
        if not challenges.received:
            return str(
                _l("No challenges under the right to challenge (uitdaagrecht) came in during the period.")
            )
        sentences = [
            ngettext(
                "%(count)s challenge under the right to challenge (uitdaagrecht) came in during the period.",
                "%(count)s challenges under the right to challenge (uitdaagrecht) came in during the period.",
                challenges.received,
                count=number(challenges.received),
            ),
            gettext(
                "The college decided on %(decided)s of them, %(within)s within the term.",
                decided=number(challenges.decided),
                within=number(challenges.within_term),
            ),
        ]
        if challenges.median_days is not None:
            sentences.append(
                gettext(
                    "Half of the decisions came within %(days)s days of receipt.",
                    days=days(challenges.median_days),
                )
            )
        sentences.append(
            gettext("Tasks written in by the challengers are counted together as “other task”, unnamed.")
        )
        return " ".join(sentences)

    @property
    def challenge_counts(self):
        """(label, count): received, decided, within the term, and each decision."""
        challenges = self.dashboard.challenges
        return [
            (_l("Received"), challenges.received),
            (_l("Decided"), challenges.decided),
            (_l("Decided within the term"), challenges.within_term),
            *(
                (_l("Decision: %(decision)s", decision=row.label), row.count)
                for row in challenges.by_decision
            ),
        ]

    @property
    def challenge_tasks(self):
        """(task, count) of the challenges received, most first; tasks written in as one row."""
        return [(row.label, row.count) for row in self.dashboard.challenges.tasks]

    @property
    def trend_parts(self):
        """The trend table in parts of at most QUARTERS_PER_TABLE quarters."""
        trend = self.dashboard.trend
        return [
            TablePart(
                columns=[trend.quarters[index].label for index in indexes],
                rows=[(series.label, [series.counts[index] for index in indexes]) for series in trend.series],
                first=str(trend.quarters[indexes[0]].label),
                last=str(trend.quarters[indexes[-1]].label),
            )
            for indexes in in_groups(range(len(trend.quarters)), QUARTERS_PER_TABLE)
        ]

    @property
    def matrix_parts(self):
        """The help x barrier matrix in parts of at most HELPS_PER_TABLE help categories, each
        with every barrier category as a row."""
        matrix = self.dashboard.matrix
        return [
            TablePart(
                columns=[label for _code, label in helps],
                rows=[
                    (barrier_label, [matrix.count(barrier_code, help_code) for help_code, _label in helps])
                    for barrier_code, barrier_label in matrix.barrier_categories
                ],
            )
            for helps in in_groups(matrix.help_categories, HELPS_PER_TABLE)
        ]


@dataclass
class TablePart:
    """One part of a table split to fit the page: its column headings and (heading, values) rows."""

    columns: list
    rows: list
    first: str = ""  # what the first and last columns are, for the caption
    last: str = ""


def in_groups(items, most):
    """`items` in consecutive groups of at most `most`, as even as possible (7 by 4: 4 and 3)."""
    items = list(items)
    if not items:
        return []
    size, larger = divmod(len(items), -(-len(items) // most))
    groups, start = [], 0
    while start < len(items):
        end = start + size + (1 if len(groups) < larger else 0)
        groups.append(items[start:end])
        start = end
    return groups


def _selected(selection):
    """Conditions on the cases the selection covers, in the report or not: not withdrawn, in its
    wijken and of its theme."""
    conditions = [Initiative.not_withdrawn()]
    ids = selection.scope.neighbourhood_ids()
    if ids is not None:
        conditions.append(Initiative.neighbourhood_id.in_(ids))
    if selection.theme is not None:
        conditions.append(
            Initiative.id.in_(
                sa.select(initiative_themes.c.initiative_id).where(
                    initiative_themes.c.theme_id == selection.theme.id
                )
            )
        )
    return conditions


def _case_conditions(selection):
    """Conditions on the cases the report covers: those selected, and not left out of it."""
    return [*_selected(selection), Initiative.in_council_report == sa.true()]


def _in_period(selection):
    """Closed or received in the period."""
    return sa.or_(
        Initiative.closed_on.between(selection.start, selection.end),
        Initiative.received_on.between(selection.start, selection.end),
    )


def left_out_count(session, selection):
    """How many cases of the period and selection were left out of the report."""
    return session.scalar(
        sa.select(sa.func.count())
        .select_from(Initiative)
        .where(_in_period(selection), *_selected(selection), Initiative.in_council_report == sa.false())
    )


def _counts(session, column, *conditions):
    rows = session.execute(
        sa.select(column, sa.func.count()).select_from(Initiative).where(*conditions).group_by(column)
    ).all()
    return dict(rows)


def build_council_report(session, selection, today):
    """Collect every figure and summary of the council report for `selection`."""
    conditions = _case_conditions(selection)
    received = [Initiative.received_on.between(selection.start, selection.end), *conditions]
    closed = [Initiative.closed_on.between(selection.start, selection.end), *conditions]
    channels = _counts(session, Initiative.channel, *received)
    stages = _counts(session, Initiative.stage, *received)
    results = _counts(session, Initiative.result, *closed)
    dashboard = build_dashboard(
        session,
        DashboardFilters(
            start=selection.start,
            end=selection.end,
            theme=selection.theme,
            council_report=True,
            map_level=selection.map_level,
        ),
        selection.scope,
        today,
    )
    summaries, total = case_summaries(session, selection, conditions)
    return CouncilReport(
        selection=selection,
        received=sum(channels.values()),
        by_channel=[
            (channel.title, channels.get(channel, 0)) for channel in Channel if channels.get(channel)
        ],
        by_stage=[(stage.title, stages.get(stage, 0)) for stage in [*OPEN_STAGES, Stage.CLOSED]],
        closed_by_result=[(result.title, results.get(result, 0)) for result in Result],
        dashboard=dashboard,
        summaries=summaries,
        summaries_total=total,
        made_on=today,
        left_out=left_out_count(session, selection),
    )


def case_summaries(session, selection, conditions):
    """Anonymised summaries of the cases closed in the period, then those received in it."""
    in_period = _in_period(selection)
    total = session.scalar(sa.select(sa.func.count()).select_from(Initiative).where(in_period, *conditions))
    cases = session.scalars(
        sa.select(Initiative)
        .where(in_period, *conditions)
        .order_by(Initiative.closed_on.is_(None), Initiative.closed_on.desc(), Initiative.received_on.desc())
        .limit(SUMMARY_LIMIT)
        .options(
            selectinload(Initiative.neighbourhood),
            selectinload(Initiative.initiators),
            selectinload(Initiative.barriers).selectinload(Barrier.category),
            selectinload(Initiative.helps).selectinload(Help.category),
            selectinload(Initiative.helps).selectinload(Help.effects).selectinload(HelpEffect.barrier),
        )
    ).all()
    summaries = []
    for initiative in cases:
        redact = Anonymiser.for_case(initiative).redact
        summaries.append(
            CaseSummary(
                title=redact(initiative.title),
                neighbourhood=initiative.neighbourhood.wijk.name,
                status=str(initiative.result.title if initiative.result else initiative.stage.title),
                received_on=initiative.received_on,
                barriers=[(str(b.category.label), str(b.status.title)) for b in initiative.barriers],
                helps=[(str(h.category.label), str(h.status.title)) for h in initiative.helps],
                lessons=redact(initiative.lessons),
            )
        )
    return summaries, total
