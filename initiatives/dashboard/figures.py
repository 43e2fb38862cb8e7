"""The dashboard's figures as plain data, and the arithmetic that folds aggregate rows into them."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l


@dataclass
class Tally:
    """How many barriers one category, department, wijk or stage has, and how many are still open."""

    key: object  # a category code, department id (None: no department), wijk code or stage
    label: str
    total: int = 0
    open: int = 0
    retired: bool = False

    @property
    def closed(self):
        return self.total - self.open

    @property
    def share_open(self):
        """The share still open, from 0 to 1; None without barriers."""
        return self.open / self.total if self.total else None


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1 to 4

    @classmethod
    def of(cls, day):
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def from_number(cls, number):
        """The quarter of SQL's quarter_number: year * 4 + quarter - 1."""
        return cls(number // 4, number % 4 + 1)

    @property
    def start(self):
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self):
        following = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return following.start - timedelta(days=1)

    @property
    def code(self):
        return f"{self.year}-Q{self.number}"

    @property
    def label(self):
        return _l("Q%(number)d %(year)d", number=self.number, year=self.year)

    def following(self):
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)


def quarters_between(first, last):
    """The quarters from `first` to `last`, both included."""
    quarters = []
    quarter = first
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.following()
    return quarters


@dataclass
class TrendSeries:
    key: str  # the category code
    label: str
    counts: list  # barriers raised per quarter, in the order of Trend.quarters
    retired: bool = False

    @property
    def total(self):
        return sum(self.counts)


@dataclass
class Trend:
    quarters: list
    series: list

    @property
    def highest(self):
        return max((count for series in self.series for count in series.counts), default=0)


@dataclass
class ResolveTime:
    """Days from raising to resolving, for the resolved barriers of one category."""

    key: str
    label: str
    resolved: int = 0
    median: float | None = None
    p90: float | None = None
    retired: bool = False


@dataclass(frozen=True)
class AgeBucket:
    key: str
    label: str
    youngest: int  # age in days, included
    oldest: int | None  # age in days, included; None: no upper limit

    def raised_between(self, today):
        """The (earliest, latest) raised_on of an open barrier of this age; None: unbounded."""
        earliest = today - timedelta(days=self.oldest) if self.oldest is not None else None
        return earliest, today - timedelta(days=self.youngest)


AGE_BUCKETS = (
    AgeBucket("under_30", _l("under 30 days"), 0, 29),
    AgeBucket("30_90", _l("30 to 90 days"), 30, 90),
    AgeBucket("over_90", _l("over 90 days"), 91, None),
)


@dataclass
class AgeRow:
    key: str  # the category code
    label: str
    counts: dict = field(default_factory=dict)  # bucket key -> open barriers
    retired: bool = False

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class OpenByAge:
    buckets: tuple
    rows: list  # AgeRow per category
    oldest: list  # the longest-open barriers, oldest first

    def bucket_total(self, key):
        return sum(row.counts.get(key, 0) for row in self.rows)

    @property
    def total(self):
        return sum(row.total for row in self.rows)


@dataclass
class HelpTally:
    """Per help category: how often requested, granted (granted or applied), refused, applied,
    and how many of those helps resolved a barrier they addressed."""

    key: str
    label: str
    requested: int = 0
    granted: int = 0
    refused: int = 0
    applied: int = 0
    resolved: int = 0
    retired: bool = False

    @property
    def pending(self):
        return self.requested - self.granted - self.refused

    @property
    def share_resolved(self):
        """The share of the applied helps that resolved a barrier; None when none was applied."""
        return self.resolved / self.applied if self.applied else None


@dataclass
class Refusals:
    """How many helps one decider refused: the alderman, management, a department, someone else."""

    provider: str
    department_id: int | None
    label: str
    refused: int

    @property
    def key(self):
        """The case list's help_provider value for this decider."""
        if self.department_id is not None:
            return f"{self.provider}:{self.department_id}"
        return self.provider


@dataclass
class Matrix:
    """How often a help of each category resolved a barrier of each category."""

    barrier_categories: list  # (code, label) pairs
    help_categories: list
    counts: dict  # (barrier code, help code) -> barriers resolved

    def count(self, barrier_code, help_code):
        return self.counts.get((barrier_code, help_code), 0)

    @property
    def highest(self):
        return max(self.counts.values(), default=0)


def average(score_total, answers):
    """The average score to one decimal, halves rounded up (3.25 -> 3.3); None without answers."""
    if not answers:
        return None
    exact = Decimal(score_total) / Decimal(answers)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass
class SatisfactionTally:
    """How many answered, and the sum of their scores, for one wijk or for all."""

    key: str  # the wijk's code; "" for all together
    label: str
    answers: int = 0
    score_total: int = 0
    retired: bool = False

    @property
    def average(self):
        return average(self.score_total, self.answers)


@dataclass
class Satisfaction:
    by_neighbourhood: list  # SatisfactionTally per wijk
    overall: SatisfactionTally


@dataclass
class DepartmentInvolvement:
    """In how many cases a department was involved as a blocker and as a helper (the stakeholders)."""

    key: int  # the department's id
    label: str
    blocker: int = 0
    helper: int = 0


@dataclass
class OrganisationTally:
    """In how many cases an outside organisation is a stakeholder."""

    label: str
    cases: int


@dataclass
class KindTally:
    """In how many cases an outside stakeholder of a kind of organisation is involved."""

    key: str | None  # the kind (`OrganisationKind`), None: not given
    label: str
    cases: int


@dataclass
class StakeholderFigures:
    by_department: list  # DepartmentInvolvement, most involved first
    organisations: list  # OrganisationTally, most cases first
    by_kind: list = field(default_factory=list)  # KindTally, in the kinds' order, "not given" last
    #: The cases with any stakeholder outside the municipality (an organisation or a resident).
    outside_cases: int = 0


@dataclass
class Dashboard:
    today: date
    by_category: list
    by_department: list
    by_neighbourhood: list
    by_stage: list
    trend: Trend
    time_to_resolve: list
    open_by_age: OpenByAge
    help_effectiveness: list
    refusals: list
    matrix: Matrix
    satisfaction: Satisfaction
    stakeholders: StakeholderFigures
    challenges: "ChallengeFigures"
    #: The map's figures per buurt or wijk (map_figures.AreaMap).
    area_map: object = None

    @property
    def barrier_total(self):
        return sum(tally.total for tally in self.by_category)

    @property
    def open_total(self):
        return sum(tally.open for tally in self.by_category)


def percentile(histogram, fraction):
    """The `fraction` percentile of the values counted in `histogram`, (value, count) pairs.

    Interpolates linearly between the two nearest values, as PostgreSQL's percentile_cont does:
    the median of 10 and 20 days is 15. Returns None for an empty histogram.
    """
    ordered = sorted((value, count) for value, count in histogram if count)
    total = sum(count for _value, count in ordered)
    if not total:
        return None
    position = fraction * (total - 1)
    lower = _value_at(ordered, math.floor(position))
    upper = _value_at(ordered, math.ceil(position))
    return lower + (upper - lower) * (position - math.floor(position))


def _value_at(ordered, index):
    """The value at `index` (from 0) of the sorted values a histogram stands for."""
    seen = 0
    for value, count in ordered:
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


@dataclass
class DecisionTally:
    """How many challenges the college decided one way (`challenges.kinds.Decision`)."""

    key: str
    label: str
    count: int = 0


@dataclass
class ChallengeTaskTally:
    """How many challenges were on one task: of the admin's list (its id as text), written in
    (`other`: free text may hold names, so never shown) or not recorded yet (`none`)."""

    key: str
    label: str
    count: int = 0
    retired: bool = False


@dataclass
class ChallengeFigures:
    """The challenges (right to challenge) received in the period: how many were decided, within
    the term or not, how, on which tasks, and the days from receipt to decision."""

    received: int = 0
    decided: int = 0
    within_term: int = 0
    by_decision: list = field(default_factory=list)  # DecisionTally per decision, in their order
    tasks: list = field(default_factory=list)  # ChallengeTaskTally, most first; other and none last
    #: (days from receipt to decision, challenges) of the decided ones
    days: list = field(default_factory=list)

    @property
    def share_within_term(self):
        """The share of the decided challenges decided within the term; None without decisions."""
        return self.within_term / self.decided if self.decided else None

    @property
    def median_days(self):
        return percentile(self.days, 0.5)

    @property
    def lower_quartile_days(self):
        return percentile(self.days, 0.25)

    @property
    def upper_quartile_days(self):
        return percentile(self.days, 0.75)

    @property
    def shortest_days(self):
        return min((days for days, count in self.days if count), default=None)

    @property
    def longest_days(self):
        return max((days for days, count in self.days if count), default=None)
