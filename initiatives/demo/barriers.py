"""Barriers and helps for the demo cases, made in bulk together with the cases' other rows.

A case hits a few barriers inside the town hall while it is worked, each in the stage the case was
in that day; some barriers get a help asked for, which is decided on and perhaps applied, with an
effect per barrier it addressed. The rows follow initiatives.barriers.help_operations: a help is decided
after it was requested and applied after it was granted; an applied help with effect `resolved`
resolves the barrier on the day it was applied; a barrier is resolved or accepted after it was
raised. Barriers resolve on their own as time goes by (older ones more often); a closed case
accepts most of what is still open on the day it closes.

Days are counted from the day the case came in, so dates are `received + timedelta(days=day)`.
"""

import math
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import accumulate

import sqlalchemy as sa

from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases.stages import OPEN_STAGES
from initiatives.demo import texts
from initiatives.extensions import db
from initiatives.organisation.models import Department

#: Barriers per case on average (a case that got further and ran longer hits more).
BARRIERS_PER_CASE = 3.0
#: The mean of `CaseFrame.weight` over demo cases, measured: barriers per case = rate * weight.
MEAN_CASE_WEIGHT = 3.48
#: How often barriers of each category are hit (seed codes; the research ranks colleagues first).
BARRIER_WEIGHTS = {
    "colleagues": 30,
    "silos": 22,
    "rigid_rules": 18,
    "lack_of_time": 14,
    "traditional_steering": 8,
    "performance_management": 5,
    "risk_aversion": 3,
}
#: How barrier-prone a day in each stage is: the inside is met when connecting to it.
STAGE_WEIGHTS = {
    "intake": 0.2,
    "mapping": 1.0,
    "relations": 0.7,
    "support": 1.0,
    "embedding": 2.5,
    "practical_support": 2.0,
}
#: Share of a category's barriers that arose in a department (the others: management, workload).
IN_DEPARTMENT = {
    "colleagues": 0.9,
    "silos": 0.95,
    "rigid_rules": 0.9,
    "lack_of_time": 0.6,
    "traditional_steering": 0.55,
    "performance_management": 0.5,
    "risk_aversion": 0.8,
}
#: Share of department barriers that arose in the department the case deals with most.
CASE_DEPARTMENT_SHARE = 0.5
#: Median days until a barrier is resolved or accepted without help, per category.
MEDIAN_DAYS = {
    "colleagues": 30,
    "silos": 45,
    "rigid_rules": 60,
    "lack_of_time": 25,
    "traditional_steering": 50,
    "performance_management": 75,
    "risk_aversion": 55,
}
#: Spread of those days (sigma of the log-normal).
DAYS_SIGMA = 0.9
#: Share of barriers that do not go away by themselves.
STUCK_SHARE = 0.2
#: Share of the barriers ending without help that are accepted (lived with) rather than resolved.
ACCEPTED_SHARE = {"rigid_rules": 0.35, "performance_management": 0.35, "traditional_steering": 0.3}
DEFAULT_ACCEPTED_SHARE = 0.2
#: What happens to a barrier still open when its case closes: accepted, resolved, left open.
AT_CLOSING = {"accepted": 65, "resolved": 27, "open": 8}

#: Chance that a barrier gets a help asked for; and a further one after a refusal or no result.
HELP_SHARE = 0.7
FOLLOW_UP_SHARE = 0.4
MAX_HELPS_PER_BARRIER = 3
#: Chance that a help also addresses a second barrier of the case that is open at the time.
SECOND_BARRIER_SHARE = 0.3
#: How often helps of each category are asked for (backing and budget the most).
HELP_WEIGHTS = {
    "backing": 28,
    "budget": 24,
    "room": 14,
    "colleague_takes_along": 12,
    "shared_vision": 8,
    "clear_structure": 8,
    "reflection": 6,
}
#: The helps that fit a barrier: asked for FIT_FACTOR times as often, and resolving it more often.
FITTING_HELPS = {
    "colleagues": {"colleague_takes_along", "backing"},
    "silos": {"clear_structure", "colleague_takes_along"},
    "rigid_rules": {"backing", "room"},
    "lack_of_time": {"room", "budget"},
    "traditional_steering": {"backing", "shared_vision"},
    "performance_management": {"room", "budget", "shared_vision"},
    "risk_aversion": {"backing", "reflection"},
}
FIT_FACTOR = 3
#: Who provides or decides, per help category.
PROVIDER_WEIGHTS = {
    "backing": {"alderman": 5, "management": 5, "department": 1},
    "budget": {"department": 4, "management": 3, "alderman": 2, "other": 2},
    "room": {"management": 6, "department": 4},
    "shared_vision": {"management": 6, "alderman": 3, "department": 1},
    "clear_structure": {"management": 6, "department": 4},
    "colleague_takes_along": {"department": 8, "other": 2},
    "reflection": {"management": 5, "department": 3, "other": 2},
}
DEFAULT_PROVIDER_WEIGHTS = {"department": 4, "management": 3, "alderman": 2, "other": 1}
#: Share of decided helps that are granted, per provider.
GRANTED_SHARE = {"alderman": 0.8, "management": 0.68, "department": 0.75, "other": 0.7}
#: (fewest, most) days until a decision, per provider; and from granting to applying.
DECISION_DAYS = {"alderman": (7, 60), "management": (3, 45), "department": (1, 30), "other": (3, 40)}
APPLY_DAYS = (0, 40)
#: Share of granted helps on a closed case applied before it closed when time ran out.
APPLIED_BEFORE_CLOSING = 0.7
#: Effects of an applied help on a barrier it addressed: resolved, partly, none.
EFFECTS = ("resolved", "partly", "none")
EFFECT_WEIGHTS_FITTING = (60, 28, 12)
EFFECT_WEIGHTS_OTHER = (40, 32, 28)
#: Effect on a barrier that was already resolved or accepted when the help was applied.
EFFECT_WEIGHTS_LATE = (0, 40, 60)


@dataclass
class CaseFrame:
    """What the barriers of one case hang on: its dates (in days from `received`) and stages."""

    case_id: int
    neighbourhood_id: int
    received: object  # date
    #: The last day barriers are raised: the last day the case was worked.
    last_worked: int
    #: The last day anything can happen: the closing day, or today for an open case.
    horizon: int
    closed: bool
    #: The days the case moved and the stage (index into OPEN_STAGES) it moved to, from day 0.
    stage_days: list
    stage_at: list
    authors: list
    fields: dict
    #: How barrier-prone the case is: higher when it got further and ran longer.
    weight: float


@dataclass
class _Barrier:
    id: int
    code: str
    raised: int
    department: str | None
    #: The day it ends without help (None: it does not) and how: resolved or accepted.
    ends: int | None
    ends_as: str
    row: dict
    #: The day a help resolved it.
    resolved_by_help: int | None = None
    #: The day a new help can be asked for (None: one is pending until the horizon).
    free_from: int | None = 0
    helps: int = 0

    def is_done(self, day):
        """Whether the barrier was resolved or accepted on or before `day`."""
        return (self.resolved_by_help is not None and self.resolved_by_help <= day) or (
            self.ends is not None and self.ends <= day
        )


@dataclass
class Counts:
    barriers: int = 0
    helps: int = 0
    effects: int = 0
    statuses: dict = field(default_factory=dict)


def _poisson(rng, mean):
    """A Poisson-distributed count (Knuth's method: fine for small means)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _choices(weights):
    """(items, cumulative weights) of a {item: weight} dict, for rng.choices."""
    return list(weights), list(accumulate(weights.values()))


class BarrierFactory:
    """Makes the barrier, help and help-effect rows of cases, assigning ids from the current maxima."""

    def __init__(self, rng, moment, department_weights, next_barrier, next_help):
        self.rng = rng
        self.moment = moment  # (day, not_before) -> an aware datetime during office hours
        self.counts = Counts()
        barrier_ids = dict(
            db.session.execute(
                sa.select(BarrierCategory.code, BarrierCategory.id).where(BarrierCategory.active)
            ).all()
        )
        help_ids = dict(
            db.session.execute(sa.select(HelpCategory.code, HelpCategory.id).where(HelpCategory.active)).all()
        )
        self.barrier_category_ids = {
            code: barrier_ids[code] for code in BARRIER_WEIGHTS if code in barrier_ids
        }
        self.help_category_ids = {code: help_ids[code] for code in HELP_WEIGHTS if code in help_ids}
        self.barrier_codes, self.barrier_weights = _choices(
            {code: BARRIER_WEIGHTS[code] for code in self.barrier_category_ids}
        )
        # Per barrier category: the help categories, weighted towards the ones that fit.
        self.help_choices = {
            code: _choices(
                {
                    help_code: weight * (FIT_FACTOR if help_code in FITTING_HELPS.get(code, ()) else 1)
                    for help_code, weight in HELP_WEIGHTS.items()
                    if help_code in self.help_category_ids
                }
            )
            for code in BARRIER_WEIGHTS
        }
        self.providers = {
            code: _choices(PROVIDER_WEIGHTS.get(code, DEFAULT_PROVIDER_WEIGHTS)) for code in HELP_WEIGHTS
        }
        self.department_ids = dict(
            db.session.execute(sa.select(Department.name, Department.id).where(Department.active)).all()
        )
        self.departments = [name for name in department_weights if name in self.department_ids]
        self.department_weights = list(accumulate(department_weights[name] for name in self.departments))
        self.at_closing = _choices(AT_CLOSING)
        self.rate = BARRIERS_PER_CASE / MEAN_CASE_WEIGHT
        self.next_barrier = next_barrier
        self.next_help = next_help

    # -- barriers --------------------------------------------------------------------------------

    def _raised_day(self, case):
        """A day the case was worked, more likely in the stages where barriers are met."""
        rng = self.rng
        segments, weights = [], []
        starts = case.stage_days
        for position, start in enumerate(starts):
            if start > case.last_worked:
                break
            end = min(
                starts[position + 1] if position + 1 < len(starts) else case.last_worked, case.last_worked
            )
            stage = OPEN_STAGES[case.stage_at[position]].value
            segments.append((start, end))
            weights.append(max(end - start, 0.5) * STAGE_WEIGHTS.get(stage, 1.0))
        start, end = rng.choices(segments, weights=weights)[0]
        return rng.randint(start, end)

    def _department(self, code, case_department):
        rng = self.rng
        if not self.departments or rng.random() >= IN_DEPARTMENT.get(code, 0.8):
            return None
        if case_department in self.department_ids and rng.random() < CASE_DEPARTMENT_SHARE:
            return case_department
        return rng.choices(self.departments, cum_weights=self.department_weights)[0]

    def _barrier(self, chunk, case, raised):
        rng = self.rng
        code = rng.choices(self.barrier_codes, cum_weights=self.barrier_weights)[0]
        department = self._department(code, case.fields["dept"])
        ends, ends_as = None, "resolved"
        if rng.random() >= STUCK_SHARE:
            days = rng.lognormvariate(math.log(MEDIAN_DAYS.get(code, 45)), DAYS_SIGMA)
            ends = raised + max(1, round(days))
            if rng.random() < ACCEPTED_SHARE.get(code, DEFAULT_ACCEPTED_SHARE):
                ends_as = "accepted"
        if ends is not None and ends > case.horizon:
            ends = None
        notes = texts.BARRIER_NOTES.get(code, {})
        templates = notes.get("department" if department else "plain") or ["{idea}"]
        row = {
            "id": self.next_barrier,
            "initiative_id": case.case_id,
            "neighbourhood_id": case.neighbourhood_id,
            "category_id": self.barrier_category_ids[code],
            "description": rng.choice(templates).format(**{**case.fields, "dept": department or ""}),
            "department_id": self.department_ids[department] if department else None,
            "stage": OPEN_STAGES[case.stage_at[bisect_right(case.stage_days, raised) - 1]].value,
            "raised_on": case.received + timedelta(days=raised),
            "created_by_id": rng.choice(case.authors),
            "created_at": self.moment(case.received + timedelta(days=raised)),
        }
        self.next_barrier += 1
        chunk.barriers.append(row)
        return _Barrier(row["id"], code, raised, department, ends, ends_as, row, free_from=raised)

    def _finish_barrier(self, case, barrier):
        """Set the barrier's status and resolved_on from what happened to it."""
        row = barrier.row
        if barrier.resolved_by_help is not None:
            status, day = "resolved", barrier.resolved_by_help
        elif barrier.ends is not None:
            status, day = barrier.ends_as, barrier.ends
        elif case.closed:
            status = self.rng.choices(self.at_closing[0], cum_weights=self.at_closing[1])[0]
            day = case.horizon if status != "open" else None
        else:
            status, day = "open", None
        row["status"] = status
        row["resolved_on"] = None if day is None else case.received + timedelta(days=day)
        row["version"] = 1 if status == "open" else 2  # recorded, then resolved or accepted
        self.counts.statuses[status] = self.counts.statuses.get(status, 0) + 1

    # -- helps -----------------------------------------------------------------------------------

    def _help(self, chunk, case, addressed, requested):
        """Ask for a help for the `addressed` barriers on day `requested`; return the follow-ups wanted."""
        rng = self.rng
        first = addressed[0]
        items, weights = self.help_choices[first.code]
        code = rng.choices(items, cum_weights=weights)[0]
        providers, provider_weights = self.providers[code]
        provider = rng.choices(providers, cum_weights=provider_weights)[0]
        department = first.department or case.fields["dept"]
        if department not in self.department_ids:
            department = self.departments[0] if self.departments else None
        if provider == "department" and department is None:
            provider = "management"
        fields = {**case.fields, "dept": department or "de afdeling"}
        row = {
            "id": self.next_help,
            "initiative_id": case.case_id,
            "category_id": self.help_category_ids[code],
            "description": rng.choice(texts.HELP_NOTES.get(code, ["{idea}"])).format(**fields),
            "provider": provider,
            "department_id": self.department_ids[department] if provider == "department" else None,
            "status": "requested",
            "requested_on": case.received + timedelta(days=requested),
            "requested_by_id": rng.choice(case.authors),
            "decided_on": None,
            "decided_by": "",
            "applied_on": None,
            "created_at": self.moment(case.received + timedelta(days=requested)),
            "version": 1,
        }
        self.next_help += 1
        chunk.helps.append(row)
        effects = {barrier.id: None for barrier in addressed}
        for barrier in addressed:
            barrier.helps += 1
            barrier.free_from = None  # pending
        follow_ups = []

        fewest, most = DECISION_DAYS[provider]
        decided = requested + rng.randint(fewest, most)
        if decided > case.horizon:
            if not case.closed:
                self._add_effects(chunk, row, effects)  # still waiting for a decision
                return follow_ups
            decided = rng.randint(requested, case.horizon)
        row["decided_on"] = case.received + timedelta(days=decided)
        row["decided_by"] = rng.choice(texts.DECIDERS[provider]).format(dept=department or "")
        row["version"] = 2
        if rng.random() >= GRANTED_SHARE[provider]:
            row["status"] = "refused"
            for barrier in addressed:
                barrier.free_from = decided
            follow_ups = [barrier for barrier in addressed if rng.random() < FOLLOW_UP_SHARE]
            self._add_effects(chunk, row, effects)
            return follow_ups

        row["status"] = "granted"
        applied = decided + rng.randint(*APPLY_DAYS)
        if applied > case.horizon:
            if not case.closed or rng.random() >= APPLIED_BEFORE_CLOSING:
                self._add_effects(chunk, row, effects)  # granted, not (yet) applied
                return follow_ups
            applied = rng.randint(decided, case.horizon)
        row["status"] = "applied"
        row["applied_on"] = case.received + timedelta(days=applied)
        row["version"] = 3
        for barrier in addressed:
            barrier.free_from = applied
            if barrier.is_done(applied):
                weights = EFFECT_WEIGHTS_LATE
            elif code in FITTING_HELPS.get(barrier.code, ()):
                weights = EFFECT_WEIGHTS_FITTING
            else:
                weights = EFFECT_WEIGHTS_OTHER
            effect = rng.choices(EFFECTS, weights=weights)[0]
            effects[barrier.id] = effect
            if effect == "resolved":
                barrier.resolved_by_help = max(applied, barrier.raised)
            elif not barrier.is_done(applied) and rng.random() < FOLLOW_UP_SHARE:
                follow_ups.append(barrier)
        self._add_effects(chunk, row, effects)
        return follow_ups

    def _add_effects(self, chunk, row, effects):
        self.counts.helps += 1
        self.counts.statuses[row["status"]] = self.counts.statuses.get(row["status"], 0) + 1
        for barrier_id, effect in effects.items():
            chunk.help_effects.append(
                {
                    "help_id": row["id"],
                    "barrier_id": barrier_id,
                    "effect": effect,
                    "barrier_category_id": self._barrier_categories[barrier_id],
                    "help_category_id": row["category_id"],
                    "initiative_id": row["initiative_id"],
                }
            )
            self.counts.effects += 1

    def _ask(self, chunk, case, barriers, barrier, earliest):
        """Ask for a help for `barrier` from day `earliest` on, if it still needs one then."""
        rng = self.rng
        if barrier.free_from is None or barrier.helps >= MAX_HELPS_PER_BARRIER:
            return []
        requested = max(earliest, barrier.free_from) + rng.randint(0, 21)
        if requested > case.horizon or barrier.is_done(requested):
            return []
        addressed = [barrier]
        if rng.random() < SECOND_BARRIER_SHARE:
            others = [
                other
                for other in barriers
                if other is not barrier
                and other.raised <= requested
                and other.free_from is not None
                and other.free_from <= requested
                and other.helps < MAX_HELPS_PER_BARRIER
                and not other.is_done(requested)
            ]
            if others:
                addressed.append(rng.choice(others))
        return self._help(chunk, case, addressed, requested)

    # -- one case --------------------------------------------------------------------------------

    def add(self, chunk, case):
        """Append the barriers, helps and effects of one case to `chunk`."""
        rng = self.rng
        if not self.barrier_codes:
            return
        count = _poisson(rng, self.rate * case.weight)
        if not count:
            return
        days = sorted(self._raised_day(case) for _ in range(count))
        barriers = [self._barrier(chunk, case, day) for day in days]
        self._barrier_categories = {barrier.id: barrier.row["category_id"] for barrier in barriers}
        if self.help_category_ids:
            waiting = [barrier for barrier in barriers if rng.random() < HELP_SHARE]
            while waiting:
                barrier = waiting.pop(0)
                earliest = barrier.raised if barrier.helps == 0 else (barrier.free_from or 0) + 1
                waiting.extend(self._ask(chunk, case, barriers, barrier, earliest))
        for barrier in barriers:
            self._finish_barrier(case, barrier)
        self.counts.barriers += count
