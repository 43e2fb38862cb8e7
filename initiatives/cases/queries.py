"""Finding cases: the filtered, sorted case list and the manager's "Mijn werk"."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from initiatives.auth.models import User
from initiatives.cases import search
from initiatives.cases.models import (
    CaseKind,
    Channel,
    Initiative,
    PossibleDuplicate,
    initiative_team,
    initiative_themes,
)
from initiatives.cases.models.initiative import QUIET_DAYS
from initiatives.cases.stages import Stage
from initiatives.core.dates import local_today
from initiatives.core.db import utcnow
from initiatives.core.paging import paginate
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme

#: The sort orders offered in the list: name -> (label key, order clauses).
SORTS = {
    "received": (Initiative.received_on.desc(), Initiative.id.desc()),
    "received_asc": (Initiative.received_on.asc(), Initiative.id.asc()),
    "follow_up": (Initiative.follow_up_on.is_(None), Initiative.follow_up_on.asc(), Initiative.id.desc()),
    "activity": (Initiative.last_activity_at.desc(), Initiative.id.desc()),
    "title": (Initiative.title.asc(), Initiative.id.asc()),
}


class WithdrawnCases(StrEnum):
    """Whether a list shows withdrawn cases: by default it does not."""

    HIDE = "hide"
    INCLUDE = "include"
    ONLY = "only"

    @property
    def title(self):
        return WITHDRAWN_CASES_TITLES[self]

    def condition(self):
        """The SQL conditions on `Initiative` for this choice."""
        if self is WithdrawnCases.INCLUDE:
            return []
        if self is WithdrawnCases.ONLY:
            return [Initiative.withdrawn_at.is_not(None)]
        return [Initiative.not_withdrawn()]

    @classmethod
    def from_arg(cls, value):
        """The choice a URL argument names; an unknown value hides them, as no value does."""
        try:
            return cls((value or "").strip().lower() or cls.HIDE)
        except ValueError:
            return cls.HIDE


WITHDRAWN_CASES_TITLES = {
    WithdrawnCases.HIDE: _l("Without withdrawn cases"),
    WithdrawnCases.INCLUDE: _l("With withdrawn cases"),
    WithdrawnCases.ONLY: _l("Only withdrawn cases"),
}


@dataclass(frozen=True)
class ExtraFilters:
    """Filters another domain adds to the case list (barriers: the dashboard's links), on fields of
    `CaseFilters` it names."""

    #: The `CaseFilters` fields (and URL arguments) it reads, in the order links write them.
    names: tuple
    #: parse(args) -> {name: value}: the values in the URL's `args`, "" or None when unusable.
    parse: Callable
    #: conditions(filters, initiative_id) -> [SQL condition on the case `initiative_id`].
    conditions: Callable
    #: describe(session, filters) -> the active filters as a sentence above the list ("" if none).
    describe: Callable


_extra_filters = {}


def register_extra_filters(name, extra):
    """Add `extra` to the case list's filters; registering `name` again replaces it."""
    _extra_filters[name] = extra


def describe_extra_filters(session, filters):
    """The active extra filters as readable sentences, for above the case list."""
    return " ".join(filter(None, (extra.describe(session, filters) for extra in _extra_filters.values())))


def _yes_or_no(text):
    """A yes/no filter from the URL: True, False, or None (no filter) when it says neither; an
    unticked box sends nothing, so on the page it is no filter."""
    text = text.strip().lower()
    if text in {"1", "true", "on", "yes"}:
        return True
    if text in {"0", "false", "off", "no"}:
        return False
    return None


@dataclass
class CaseFilters:
    """The list's filters, as they live in the URL."""

    q: str = ""
    stage: str = ""
    neighbourhood: str = ""  # CBS codes, comma-separated: a wijk includes its buurten
    owner: str = ""  # a username
    theme: str = ""  # a theme code
    channel: str = ""
    kind: str = ""  # initiative or right_to_challenge (`CaseKind`)
    overdue: bool | None = None  # True: only overdue cases; False: only the others; None: all
    #: True: only the cases marked "mogelijk dubbel" (`PossibleDuplicate`); False: the others.
    possible_duplicate: bool | None = None
    withdrawn: WithdrawnCases = WithdrawnCases.HIDE
    sort: str = ""
    errors: list = field(default_factory=list)
    # Barrier and help filters (their meaning in initiatives/barriers/case_filters.py, registered as
    # extra filters): the dashboard's links.
    barrier_category: str = ""  # a barrier category code
    barrier_status: str = ""  # open, resolved or accepted
    department: str = ""  # the id of the department where the barrier arose, or "none"
    barrier_stage: str = ""
    raised_from: date | None = None
    raised_to: date | None = None
    help_category: str = ""  # a help category code
    help_status: str = ""  # help statuses, comma-separated: "granted,applied"
    resolved_by_help: str = ""  # a help category code: a help of it resolved the barrier
    help_provider: str = ""  # alderman, management, other, department or "department:<id>"
    requested_from: date | None = None
    requested_to: date | None = None
    # Stakeholder filters (their meaning in initiatives/stakeholders/case_filters.py, registered as
    # extra filters): the dashboard's links from its departments and partners involved.
    stakeholder_department: str = ""  # the id of an inside stakeholder's department
    stakeholder_as: str = ""  # blocker or helper (empty: either)
    stakeholder_organisation: str = ""  # an outside stakeholder's organisation
    stakeholder_stage: str = ""  # the stage of a barrier naming the department's stakeholder
    involved_from: date | None = None  # a stance recorded (or a barrier raised) in the period
    involved_to: date | None = None
    # Challenge filters (their meaning in initiatives/challenges/case_filters.py, registered as extra
    # filters): the dashboard's links from its challenges.
    challenge_decision: str = ""  # a decision, or "decided" for any
    challenge_task: str = ""  # a challenge task's id, "other" (written in) or "none"
    challenge_within_term: str = ""  # yes or no: decided within the term
    # The date of first contact (initiatives/dashboard/case_filters.py): the dashboard's links from
    # its map and its challenges.
    received_from: date | None = None
    received_to: date | None = None

    @classmethod
    def from_args(cls, args):
        filters = cls(
            q=args.get("q", "").strip()[:200],
            stage=args.get("stage", ""),
            neighbourhood=args.get("neighbourhood", "").strip().upper(),
            owner=args.get("owner", "").strip().lower(),
            theme=args.get("theme", ""),
            channel=args.get("channel", ""),
            kind=args.get("kind", "").strip(),
            overdue=_yes_or_no(args.get("overdue", "")),
            possible_duplicate=_yes_or_no(args.get("possible_duplicate", "")),
            withdrawn=WithdrawnCases.from_arg(args.get("withdrawn")),
            sort=args.get("sort", ""),
            **{name: value for extra in _extra_filters.values() for name, value in extra.parse(args).items()},
        )
        # Unknown values are ignored rather than failing: a shared link keeps working.
        if filters.stage not in {stage.value for stage in Stage}:
            filters.stage = ""
        if filters.channel not in {channel.value for channel in Channel}:
            filters.channel = ""
        if filters.kind not in {kind.value for kind in CaseKind}:
            filters.kind = ""
        if filters.sort not in SORTS:
            filters.sort = ""
        return filters

    def active(self):
        return bool(self.form_filters_set() or self.extra_args())

    def form_filters_set(self):
        """How many of the filters of the list's own form are set (the sort order is no filter)."""
        form_filters = (
            self.q,
            self.stage,
            self.neighbourhood,
            self.owner,
            self.theme,
            self.channel,
            self.kind,
            self.overdue is not None,
            self.possible_duplicate is not None,
            self.withdrawn is not WithdrawnCases.HIDE,
        )
        return sum(1 for value in form_filters if value)

    def extra_args(self):
        """The active extra filters (`register_extra_filters`) as URL arguments (text)."""
        args = {}
        for name in (name for extra in _extra_filters.values() for name in extra.names):
            value = getattr(self, name)
            if value:
                args[name] = value.isoformat() if isinstance(value, date) else value
        return args


def _neighbourhood_ids(session, codes):
    """Return the ids of the neighbourhoods with `codes` (comma-separated) and their buurten."""
    codes = [code.strip() for code in codes.split(",")]
    return Neighbourhood.ids_within(
        session.scalars(sa.select(Neighbourhood).where(Neighbourhood.code.in_(codes)))
    )


def _conditions(session, filters, today):
    """The SQL conditions on `Initiative` of the filters other than the search."""
    conditions = []
    if filters.stage:
        conditions.append(Initiative.stage == filters.stage)
    if filters.neighbourhood:
        conditions.append(Initiative.neighbourhood_id.in_(_neighbourhood_ids(session, filters.neighbourhood)))
    if filters.owner:
        conditions.append(
            Initiative.owner_id == sa.select(User.id).where(User.username == filters.owner).scalar_subquery()
        )
    if filters.theme:
        conditions.append(
            Initiative.id.in_(
                sa.select(initiative_themes.c.initiative_id)
                .join(Theme, Theme.id == initiative_themes.c.theme_id)
                .where(Theme.code == filters.theme)
            )
        )
    if filters.channel:
        conditions.append(Initiative.channel == filters.channel)
    if filters.kind:
        conditions.append(Initiative.kind == filters.kind)
    if filters.overdue is not None:
        overdue = Initiative.is_overdue(today)
        conditions.append(overdue if filters.overdue else sa.not_(overdue))
    if filters.possible_duplicate is not None:
        marked = sa.exists().where(PossibleDuplicate.initiative_id == Initiative.id)
        conditions.append(marked if filters.possible_duplicate else sa.not_(marked))
    conditions += filters.withdrawn.condition()
    for extra in _extra_filters.values():
        conditions += extra.conditions(filters, Initiative.id)
    return conditions


def filtered_cases(session, filters, today=None, *, reader, window=None, shortlist=None):
    """Return a select of cases matching `filters`, in the requested order (by rank when searching).

    `reader` searches (`search.ranked_matches`): the cases whose contact details they may not see
    are found by their public search document only. `window` (limit, offset) selects one page; of
    a search by rank, the matches are ranked and cut to the page before their rows are read, and
    with `shortlist` found among that many best entries only (`search.best_matches`)."""
    conditions = _conditions(session, filters, today or local_today())
    query = sa.select(Initiative)
    ranked_page = None
    if not filters.q:
        query = query.where(*conditions).order_by(*SORTS[filters.sort or "received"])
    else:
        # The filters are checked inside the search, with the look-up of each match's case that
        # sees whether the reader may find it by its texts as written: one look-up per match.
        condition = sa.and_(*conditions) if conditions else None
        if window is not None and shortlist is not None and not filters.sort:
            matches = search.best_matches(filters.q, reader, condition, shortlist)
        else:
            matches = search.ranked_matches(filters.q, reader, condition)
        if matches is None:
            query = query.where(sa.false())  # nothing searchable in the query text
        elif filters.sort:
            query = query.join(matches, matches.c.initiative_id == Initiative.id).order_by(
                *SORTS[filters.sort]
            )
        else:
            if window is not None:
                matches = ranked_page = (
                    sa.select(matches.c.initiative_id, matches.c.rank)
                    .order_by(matches.c.rank.desc(), matches.c.initiative_id.desc())
                    .limit(window[0])
                    .offset(window[1])
                    .subquery("ranked_page")
                )
            query = query.join(matches, matches.c.initiative_id == Initiative.id).order_by(
                matches.c.rank.desc(), Initiative.id.desc()
            )
    if window is not None and ranked_page is None:
        query = query.limit(window[0]).offset(window[1])
    return query.options(
        selectinload(Initiative.neighbourhood),
        selectinload(Initiative.owner),
        selectinload(Initiative.themes),
        *SCREENING,
    )


#: A search's page is first looked for among its best entries: twice as many as the page reaches
#: (a reader who sees some cases' contact details has two entries a case, one of which counts),
#: and some more for cases the filters leave out (withdrawn ones).
SHORTLIST_PER_ROW = 2
SHORTLIST_EXTRA = 50


def _search_page(session, filters, reader, limit, offset):
    """The cases of one page of a search, best match first.

    Without other filters than the search, the page is first looked for among the best entries
    (`search.best_matches`): ranking every match is quick, looking up each match's case to check
    it is what takes long at a million cases. When that finds fewer than a full page (the last
    page, or many of the best left out), all matches are checked (`search.ranked_matches`).
    """

    def rows(shortlist=None):
        query = filtered_cases(session, filters, reader=reader, window=(limit, offset), shortlist=shortlist)
        return list(session.execute(query).unique().scalars())

    only_the_search = filters.form_filters_set() == 1 and not filters.extra_args()
    if only_the_search and not filters.sort:
        found = rows(shortlist=SHORTLIST_PER_ROW * (offset + limit) + SHORTLIST_EXTRA)
        if len(found) == limit:
            return found
    return rows()


def case_page(session, filters, *, reader, page, per_page, max_per_page=None):
    """Return a page (`paging.CappedPagination`) of the cases `filtered_cases` finds.

    A search counts its matches up to the app's SEARCH_COUNT_CAP, a list without one its cases up
    to LIST_COUNT_CAP (`capped` says whether there are more). A search's page ranks the matches
    and reads the rows of the page's only (`_search_page`)."""
    cap = current_app.config["SEARCH_COUNT_CAP" if filters.q else "LIST_COUNT_CAP"]
    return paginate(
        session,
        filtered_cases(session, filters, reader=reader),
        page=page,
        per_page=per_page,
        max_per_page=max_per_page,
        cap=cap,
        window_items=lambda limit, offset: _search_page(session, filters, reader, limit, offset),
    )


#: What a list of cases loads for `personal_data.case_texts`: who works on each case (the team), and
#: whose data its texts are screened for (the initiators); two queries for the page, not two per row.
SCREENING = (selectinload(Initiative.team), selectinload(Initiative.initiators))


#: How many open cases "Mijn werk" counts at most: a manager with a hundred thousand of them (a
#: demo account at a million cases) is told "more than", and the count stays a short read.
OPEN_COUNT_CAP = 1000


@dataclass
class MyWork:
    overdue: list
    quiet: list
    upcoming: list
    open_count: int
    #: Whether there are more open cases than `open_count` (OPEN_COUNT_CAP) says.
    open_count_capped: bool = False


def _owned_and_team_queries(user):
    """The user's open cases (not withdrawn) as two selects, owned and on the team, each able to
    use an index.

    One query with "owner OR team member" could use no index at all; two can.
    """
    team_ids = sa.select(initiative_team.c.initiative_id).where(initiative_team.c.user_id == user.id)
    open_case = sa.and_(Initiative.stage != Stage.CLOSED, Initiative.not_withdrawn())
    return (
        sa.select(Initiative).where(Initiative.owner_id == user.id, open_case),
        sa.select(Initiative).where(Initiative.id.in_(team_ids), open_case),
    )


def _first(session, queries, condition, order, key, limit):
    """Run `queries` with `condition` and `order`, merge the results by `key`, keep `limit`."""
    options = (selectinload(Initiative.neighbourhood), selectinload(Initiative.themes), *SCREENING)
    found = {}
    for query in queries:
        for initiative in session.scalars(
            query.where(condition).order_by(*order).options(*options).limit(limit)
        ):
            found[initiative.id] = initiative
    return sorted(found.values(), key=key)[:limit]


def my_work(session, user, *, today=None, limit=50):
    """The manager's open cases: overdue follow-ups first, then quiet cases, then the rest.
    Withdrawn cases are no work."""
    today = today or local_today()
    quiet_since = utcnow() - timedelta(days=QUIET_DAYS)
    queries = _owned_and_team_queries(user)
    overdue = _first(
        session,
        queries,
        Initiative.is_overdue(today),
        (Initiative.follow_up_on, Initiative.id),
        lambda case: (case.follow_up_on, case.id),
        limit,
    )
    not_overdue = sa.not_(Initiative.is_overdue(today))
    quiet = _first(
        session,
        queries,
        sa.and_(Initiative.last_activity_at < quiet_since, not_overdue),
        (Initiative.last_activity_at, Initiative.id),
        lambda case: (case.last_activity_at, case.id),
        limit,
    )
    recent = Initiative.last_activity_at >= quiet_since
    upcoming = _first(
        session,
        queries,
        sa.and_(recent, Initiative.follow_up_on >= today),
        (Initiative.follow_up_on, Initiative.id),
        lambda case: (case.follow_up_on, case.id),
        limit,
    )
    if len(upcoming) < limit:  # then the ones without a follow-up date, latest activity first
        upcoming += _first(
            session,
            queries,
            sa.and_(recent, Initiative.follow_up_on.is_(None)),
            (Initiative.last_activity_at.desc(), Initiative.id.desc()),
            lambda case: (-case.last_activity_at.timestamp(), -case.id),
            limit - len(upcoming),
        )
    open_count = sum(_count_up_to(session, query, OPEN_COUNT_CAP + 1) for query in queries)
    return MyWork(
        overdue=overdue,
        quiet=quiet,
        upcoming=upcoming,
        open_count=min(open_count, OPEN_COUNT_CAP),
        open_count_capped=open_count > OPEN_COUNT_CAP,
    )


def _count_up_to(session, query, limit):
    """The rows of `query`, counted up to `limit` (the scan ends there)."""
    ids = query.with_only_columns(Initiative.id).order_by(None).limit(limit).subquery()
    return session.scalar(sa.select(sa.func.count()).select_from(ids))
