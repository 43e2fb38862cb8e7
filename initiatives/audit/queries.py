"""Searching the audit log: filters from the URL, newest first, by keyset pages.

Keyset paging (`before` = the oldest id shown) costs the same on page 1 and page 10,000, and no
count of a million rows is made. Every equality filter has an index ending in `id` (see the
model), so a page reads one index backwards; the period filters on `created_at` and `id` both.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from initiatives.audit import vocabulary
from initiatives.audit.models import AuditEntry
from initiatives.core.dates import local_time_zone
from initiatives.core.db import contains_pattern

#: Entries per page.
PAGE_SIZE = 50


@dataclass
class AuditFilters:
    actor: str = ""  # a username
    action: str = ""  # `export.cases` exactly, or `export` for every export.* action
    object_type: str = ""
    object_id: int | None = None
    initiative: int | None = None  # a case: its own entries and those about its records
    outcome: str = ""
    start: object = None  # first local day
    end: object = None  # last local day
    q: str = ""  # words in the summary
    before: int | None = None  # keyset: show entries older than this id


def _local_midnight_utc(day):
    return datetime.combine(day, time.min, tzinfo=local_time_zone())


def filtered(filters):
    """The conditions of `filters`, as a list for `where`."""
    conditions = []
    if filters.actor:
        actor_id = vocabulary.user_id_for_username(filters.actor.strip().lower())
        conditions.append(AuditEntry.actor_id == actor_id)
    if filters.action and "." in filters.action:
        conditions.append(AuditEntry.action == filters.action.strip())
    if filters.object_type:
        conditions.append(AuditEntry.object_type == filters.object_type)
    if filters.object_id is not None:
        conditions.append(AuditEntry.object_id == filters.object_id)
    if filters.initiative is not None:
        conditions.append(
            sa.or_(
                AuditEntry.initiative_id == filters.initiative,
                sa.and_(AuditEntry.object_type == "initiatives", AuditEntry.object_id == filters.initiative),
            )
        )
    if filters.outcome:
        conditions.append(AuditEntry.outcome == filters.outcome)
    if filters.start:
        conditions.append(AuditEntry.created_at >= _local_midnight_utc(filters.start))
    if filters.end:
        conditions.append(AuditEntry.created_at < _local_midnight_utc(filters.end + timedelta(days=1)))
    if filters.q:
        pattern = contains_pattern(filters.q.strip().lower())
        conditions.append(sa.func.lower(AuditEntry.summary).like(pattern, escape="\\"))
    if filters.before is not None:
        conditions.append(AuditEntry.id < filters.before)
    return conditions


@dataclass
class AuditPage:
    entries: list
    #: The `before` of the next (older) page, or None on the last page.
    older_than: int | None


def actions_of_family(session, family):
    """The actions `family.*` in use, found by a few index seeks (a skip scan), not by a scan."""
    found, current, upper = [], family + ".", family + ".\uffff"
    while True:
        current = session.scalar(
            sa.select(sa.func.min(AuditEntry.action)).where(
                AuditEntry.action > current, AuditEntry.action < upper
            )
        )
        if current is None:
            return found
        found.append(current)


def _newest_ids(conditions, limit):
    return sa.select(AuditEntry.id).where(*conditions).order_by(AuditEntry.id.desc()).limit(limit)


def search(session, filters, page_size=PAGE_SIZE):
    """One page of entries matching `filters`, newest first."""
    conditions = filtered(filters)
    if filters.action and "." not in filters.action:
        # A family (`export`): the newest ids of each of its actions from its own index range,
        # merged. One range over all of them would sort every entry of the family first.
        family = actions_of_family(session, filters.action.strip())
        ids = sa.union_all(
            *(
                sa.select(sa.literal_column("id")).select_from(
                    _newest_ids([*conditions, AuditEntry.action == action], page_size + 1).subquery()
                )
                for action in family
            ),
            sa.select(sa.literal(0)).where(sa.false()),  # a union needs one part; an empty family has none
        ).subquery()
        conditions = [AuditEntry.id.in_(sa.select(ids.c[0]))]
    rows = session.scalars(
        sa.select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.id.desc())
        .limit(page_size + 1)
        .options(selectinload(AuditEntry.actor))
    ).all()
    more = len(rows) > page_size
    entries = rows[:page_size]
    return AuditPage(entries, entries[-1].id if more else None)
