"""What an export reads of a batch of cases; `batches` reads them a batch at a time.

The case list's filters choose the cases (`CaseFilters` and `filtered_cases`). Everything is
read with SQLAlchemy Core as plain row tuples, never as ORM objects: an export reads millions of
values, and making objects of them (or enum members of the stored strings: see `raw`) would cost
more than all the rest. What a batch needs besides (initiators, the timeline, barriers and helps)
comes in one query per table for the whole batch, its rows ordered by case.
"""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.auth.models import User
from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory, HelpEffect
from initiatives.cases.models import (
    Activity,
    Initiative,
    Initiator,
    StageChange,
    activity_skills,
    initiative_themes,
)
from initiatives.cases.queries import filtered_cases
from initiatives.challenges.deadlines import decision_term_weeks
from initiatives.challenges.models import Challenge, ChallengeTask
from initiatives.core.anonymise import RULES_VERSION
from initiatives.core.dates import local_time_zone
from initiatives.exports.models import PublicCaseTexts, PublicDetailText
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.vocabularies.models import Skill, Theme

#: Cases per batch: with their details some 30,000 rows, a few MB; fewer would cost more queries and
#: more steps per batch (measured: 1,000 a twentieth slower, 5,000 no faster).
BATCH_SIZE = 2000
#: Joins the values that an aggregate gathers in one string: the unit separator, which no id or
#: code holds.
AGGREGATE_SEPARATOR = "\x1f"


def raw(column):
    """An enum column as the string it stores, left unconverted (`table_rows` looks up its title)."""
    return sa.type_coerce(column, sa.String())


def _count(model, *conditions):
    """The number of `model` rows of the case, as a column of the case query."""
    return (
        sa.select(sa.func.count())
        .select_from(model)
        .where(model.initiative_id == Initiative.id, *conditions)
        .correlate(Initiative)
        .scalar_subquery()
    )


def _gathered(value, *conditions, outer):
    """`value` of the rows matching `conditions` joined in one string, as a column of `outer`."""
    return (
        sa.select(sa.func.aggregate_strings(value, AGGREGATE_SEPARATOR))
        .where(*conditions)
        .correlate(outer)
        .scalar_subquery()
    )


def _public(text):
    """A case's text as its current public copy has it (`public_texts`), where it has one; as
    written otherwise (the rules of the copy tell which: `COPY_RULES_AT`)."""
    copied = getattr(PublicCaseTexts, text.key)
    return sa.case((PublicCaseTexts.rules == RULES_VERSION, copied), else_=text)


#: A challenge's free texts, in the order of its columns in the case table (`tables.CHALLENGE_COLUMNS`).
CHALLENGE_TEXTS = (
    Challenge.task_text,
    Challenge.better_because,
    Challenge.involvement,
    Challenge.support_evidence,
    Challenge.requested_support,
    Challenge.quality_guarantee,
    Challenge.decision_grounds,
    Challenge.takes_over,
    Challenge.agreed_result,
    Challenge.evaluation,
)
#: What a case row holds of its challenge (all NULL for a case without one; `batches` joins it).
CHALLENGE_COLUMNS = (
    raw(Initiative.kind),
    Challenge.id,
    Challenge.task_id,
    *CHALLENGE_TEXTS,
    Challenge.cost_estimate,
    Challenge.budget,
    Challenge.term_weeks,
    Challenge.due_on_changed_to,
    raw(Challenge.decision),
    Challenge.decided_on,
    Challenge.agreement_ends_on,
)


def case_columns(public_copies, counts=True):
    """What a batch reads per case: its id, its address (for the anonymiser), the columns of the
    case table (`tables.CASES`), then the rules of its public copy. The texts are the public copy's
    where `public_copies` asks for them and the case has a current one. Theme ids and counts come
    along as subqueries, answered from the indexes as fast as in queries of their own, without
    round trips; without `counts`, the counts are NULL (to be counted from the rows of the details,
    where those are read anyway: `table_rows.Rows.detail_counts`)."""
    texts = (Initiative.title, Initiative.description, Initiative.support_requested, Initiative.lessons)
    title, description, support_requested, lessons = map(_public, texts) if public_copies else texts
    return (
        Initiative.id,
        Initiative.address,
        title,
        Initiative.neighbourhood_id,
        raw(Initiative.channel),
        Initiative.received_on,
        raw(Initiative.stage),
        Initiative.owner_id,
        _gathered(
            sa.cast(initiative_themes.c.theme_id, sa.String),
            initiative_themes.c.initiative_id == Initiative.id,
            outer=Initiative,
        ),
        Initiative.follow_up_on,
        raw(Initiative.result),
        Initiative.closed_on,
        sa.type_coerce(Initiative.withdrawn_at, sa.DateTime()),  # UTC, without the time zone
        *(
            (
                _count(Activity, Activity.voided_at.is_(None)),
                _count(Barrier, Barrier.status == BarrierStatus.OPEN),
                _count(Barrier),
                _count(Help),
            )
            if counts
            else (sa.null(),) * 4
        ),
        description,
        support_requested,
        lessons,
        *CHALLENGE_COLUMNS,
        PublicCaseTexts.rules,
    )


#: Where in a case row the rules of its public copy are (None: the case has no copy).
COPY_RULES_AT = len(case_columns(public_copies=False)) - 1


class BatchQuery:
    """A query of the rows of a batch's cases, with the case id first: by a range of ids or by
    the ids themselves (`Batch.read`). Made once, with bound parameters, so that SQLAlchemy
    finds both compiled in its cache at once."""

    def __init__(self, query, column):
        self.by_range = query.where(column.between(sa.bindparam("batch_first"), sa.bindparam("batch_last")))
        self.by_ids = query.where(column.in_(sa.bindparam("batch_ids", expanding=True)))


#: The detail tables' rows, each with the case id first (and the row's id next) and ordered by case.
INITIATORS = BatchQuery(
    sa.select(
        Initiator.initiative_id,
        Initiator.name,
        Initiator.email,
        Initiator.phone,
        Initiator.organisation,
        Initiator.address,
    ).order_by(Initiator.initiative_id, Initiator.id),
    Initiator.initiative_id,
)
STAGE_CHANGES = BatchQuery(
    sa.select(
        StageChange.initiative_id,
        StageChange.id,
        raw(StageChange.from_stage),
        raw(StageChange.to_stage),
        StageChange.reason,
        raw(StageChange.result),
        sa.type_coerce(StageChange.happened_at, sa.DateTime()),  # UTC, without the time zone
    ).order_by(StageChange.initiative_id, StageChange.id),
    StageChange.initiative_id,
)
ACTIVITIES = BatchQuery(
    sa.select(
        Activity.initiative_id,
        Activity.id,
        Activity.happened_on,
        raw(Activity.kind),
        raw(Activity.practice),
        _gathered(
            sa.cast(activity_skills.c.skill_id, sa.String),
            activity_skills.c.activity_id == Activity.id,
            outer=Activity,
        ),
        Activity.note,
    )
    .where(Activity.voided_at.is_(None))  # a voided entry was a mistake
    .order_by(Activity.initiative_id, Activity.happened_on, Activity.id),
    Activity.initiative_id,
)
BARRIERS = BatchQuery(
    sa.select(
        Barrier.initiative_id,
        Barrier.id,
        Barrier.category_id,
        Barrier.department_id,
        raw(Barrier.stage),
        Barrier.raised_on,
        raw(Barrier.status),
        Barrier.resolved_on,
        Barrier.description,
    ).order_by(Barrier.initiative_id, Barrier.raised_on, Barrier.id),
    Barrier.initiative_id,
)
HELPS = BatchQuery(
    sa.select(
        Help.initiative_id,
        Help.id,
        Help.category_id,
        raw(Help.provider),
        Help.department_id,
        raw(Help.status),
        Help.requested_on,
        Help.decided_on,
        Help.decided_by,
        Help.applied_on,
        # "barrier id:effect" per barrier the help was for, the effect empty while unknown
        _gathered(
            sa.cast(HelpEffect.barrier_id, sa.String) + ":" + sa.func.coalesce(raw(HelpEffect.effect), ""),
            HelpEffect.help_id == Help.id,
            outer=Help,
        ),
        Help.description,
    ).order_by(Help.initiative_id, Help.requested_on, Help.id),
    Help.initiative_id,
)


def text_source(column):
    """The name of a text column as `PublicDetailText.source` has it: "activities.note"."""
    return f"{column.class_.__tablename__}.{column.key}"


#: The texts of the detail tables that a case's public copy holds (`public_texts`), per table:
#: their sources (as `PublicDetailText.source` names them) and a query of (case id, row id, texts).
DETAIL_TEXTS = tuple(
    (
        tuple(map(text_source, texts)),
        BatchQuery(
            sa.select(model.initiative_id, model.id, *texts).order_by(model.initiative_id, model.id),
            model.initiative_id,
        ),
    )
    for model, texts in (
        (StageChange, (StageChange.reason,)),
        (Activity, (Activity.note,)),
        (Barrier, (Barrier.description,)),
        (Help, (Help.description, Help.decided_by)),
        (Challenge, CHALLENGE_TEXTS),
    )
)
#: The detail texts whose public copy differs from the text as written.
PUBLIC_DETAIL_TEXTS = BatchQuery(
    sa.select(
        PublicDetailText.initiative_id,
        PublicDetailText.source,
        PublicDetailText.row_id,
        PublicDetailText.text,
    ).order_by(PublicDetailText.source),  # `batch_texts.BatchTexts.differences` takes them a source at a time
    PublicDetailText.initiative_id,
)


class ReferenceData:
    """The small tables an export looks names up in, read once per export."""

    def __init__(self, session):
        areas = session.scalars(sa.select(Neighbourhood).options(selectinload(Neighbourhood.parent))).all()
        #: id -> (code, name, wijk name)
        self.neighbourhoods = {area.id: (area.code, area.name, area.wijk.name) for area in areas}
        #: user id -> username
        self.usernames = dict(session.execute(sa.select(User.id, User.username)).all())
        #: id -> (code, label)
        self.barrier_categories = _terms(session, BarrierCategory)
        self.help_categories = _terms(session, HelpCategory)
        #: id -> name
        self.departments = dict(session.execute(sa.select(Department.id, Department.name)).all())
        #: id (as the aggregates give it, a string) -> (code, label in the reader's language)
        self.themes = {str(theme_id): term for theme_id, term in _terms(session, Theme).items()}
        #: id (as the aggregates give it, a string) -> (position, id, code, label): skills sort by position
        self.skills = {
            str(skill.id): (skill.position, skill.id, skill.code, skill.label)
            for skill in session.scalars(sa.select(Skill))
        }
        #: id -> name of the tasks of the admin's list
        self.challenge_tasks = dict(session.execute(sa.select(ChallengeTask.id, ChallengeTask.name)).all())
        #: The municipality's decision term, for a challenge case with nothing recorded yet.
        self.decision_term_weeks = decision_term_weeks()
        #: The municipality's time zone, for the dates of timestamps.
        self.time_zone = local_time_zone()


def _terms(session, model):
    return {term.id: (term.code, term.label) for term in session.scalars(sa.select(model))}


def count_cases(session, filters, *, reader):
    """Return how many cases `filters` choose for `reader` (who searches: `filtered_cases`)."""
    query = filtered_cases(session, filters, reader=reader).with_only_columns(Initiative.id).order_by(None)
    return session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def fetch(connection, query, parameters):
    """The rows of `query` as the database driver gives them, as plain tuples.

    SQLAlchemy compiles and runs the query, but its result rows are left out: making them took
    longer than the database took to read them. The values are then the driver's: dates as ISO
    text on SQLite ("2025-01-31") and as `datetime.date` on PostgreSQL, timestamps as text or
    naive `datetime` (in UTC); `table_rows` takes either.
    """
    result = connection.execute(query, parameters)
    try:
        return result.cursor.fetchall() if result.cursor is not None else []
    finally:
        result.close()


def by_case(rows):
    """Case id -> its rows, from rows with the case id first."""
    grouped = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return grouped


def contacts_visible_to(session, user, case_ids):
    """Return the ids among `case_ids` whose contact details `user` may see (the model decides)."""
    initiatives = session.scalars(
        sa.select(Initiative)
        .where(Initiative.id.in_(case_ids))
        .options(
            selectinload(Initiative.team),
            selectinload(Initiative.neighbourhood).selectinload(Neighbourhood.parent),
        )
    ).all()
    visible = {initiative.id for initiative in initiatives if initiative.can_view_contacts(user)}
    for initiative in initiatives:
        session.expunge(initiative)
    return visible
