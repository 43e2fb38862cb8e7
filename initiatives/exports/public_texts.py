"""The public copies of case texts (`PublicCaseTexts`): made when a case's texts change, so that
an export of 100,000 cases reads them instead of anonymising every text again.

Made in one place: when a session commits, for every case whose texts, address or contact
persons it changed (`_note_changes`, `_make_changed_current`). The database deletes a copy on
any such change, also one made without the ORM (triggers of migration 0011), and an export
anonymises a case without a current copy itself (`tables.BatchTexts.case_texts`): a copy that is
missing or made under older rules costs time, never privacy. `flask exports prepare` makes the
missing ones, after an upgrade or a change of the rules; `flask demo-data` does so for its cases.
"""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from initiatives.cases.models import Initiative, Initiator
from initiatives.exports import queries
from initiatives.exports.anonymise import RULES_VERSION
from initiatives.exports.models import PublicCaseTexts

#: The texts copied, in the order of the copy's columns.
COPIED = ("title", "description", "support_requested", "lessons")
#: What the copy depends on besides its case's contact persons.
_DEPENDS_ON = (*COPIED, "address")
#: session.info key: the cases (ids, or Initiatives not flushed yet) whose copies must be made.
_CHANGED = "public_case_texts_changed"

_CASE_TEXTS = queries.BatchQuery(
    sa.select(Initiative.id, Initiative.address, *(getattr(Initiative, name) for name in COPIED)),
    Initiative.id,
)


def make_current(connection, case_ids):
    """Make the public copies of the texts of `case_ids` (ids of existing cases, a batch at most)."""
    if not case_ids:
        return
    from initiatives.exports.tables import BatchTexts  # tables reads the copies: imported late

    rows = queries.fetch(connection, _CASE_TEXTS.by_ids, {"batch_ids": list(case_ids)})
    if not rows:
        return
    people = queries.by_case(
        queries.fetch(connection, queries.INITIATORS.by_ids, {"batch_ids": list(case_ids)})
    )
    ids, addresses, *texts = zip(*rows, strict=True)
    redacted = BatchTexts(lambda: people, dict(zip(ids, addresses, strict=True))).redacted(ids, *texts)
    copies = [
        {"initiative_id": case_id, "rules": RULES_VERSION, **dict(zip(COPIED, values, strict=True))}
        for case_id, *values in zip(ids, *redacted, strict=True)
    ]
    table = PublicCaseTexts.__table__
    connection.execute(table.delete().where(table.c.initiative_id.in_(ids)))
    connection.execute(table.insert(), copies)


def cases_without_current_copy():
    """A query of the ids of the cases whose public copy is missing or made under older rules."""
    copy = PublicCaseTexts
    return (
        sa.select(Initiative.id)
        .outerjoin(copy, copy.initiative_id == Initiative.id)
        .where(sa.or_(copy.initiative_id.is_(None), copy.rules != RULES_VERSION))
    )


def prepare(session, progress=None, batch_size=queries.BATCH_SIZE):
    """Make every missing or outdated public copy, a batch of cases per transaction; return how many.

    `progress(count)` is told of each batch done."""
    made = 0
    last_id = 0
    while True:
        ids = session.scalars(
            cases_without_current_copy()
            .where(Initiative.id > last_id)
            .order_by(Initiative.id)
            .limit(batch_size)
        ).all()
        if not ids:
            return made
        make_current(session.connection(), ids)
        session.commit()
        made += len(ids)
        last_id = ids[-1]
        if progress is not None:
            progress(len(ids))


# -- kept in step by the session --------------------------------------------------------------


@event.listens_for(Session, "before_flush")
def _note_changes(session, _flush_context, _instances):
    """Note the cases whose texts, address or contact persons this flush changes."""
    changed = None
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, Initiator):
            case = instance.initiative_id or instance.initiative
        elif isinstance(instance, Initiative) and instance not in session.deleted:
            state = sa.inspect(instance)
            if not state.pending and not any(state.attrs[name].history.has_changes() for name in _DEPENDS_ON):
                continue
            case = instance
        else:
            continue
        if case is not None:
            if changed is None:
                changed = session.info.setdefault(_CHANGED, set())
            changed.add(case)


@event.listens_for(Session, "before_commit")
def _make_changed_current(session):
    """Make the public copies of the cases changed in this transaction, inside it."""
    if not session.info.get(_CHANGED):
        return
    session.flush()  # the last changes, and their notes, before the copies are made
    changed = session.info.pop(_CHANGED, set())
    ids = set()
    for case in changed:
        if isinstance(case, Initiative):
            state = sa.inspect(case)
            if state.deleted or state.was_deleted or state.identity is None:
                continue
            case = state.identity[0]
        ids.add(case)
    ids = sorted(ids)
    for start in range(0, len(ids), queries.BATCH_SIZE):
        make_current(session.connection(), ids[start : start + queries.BATCH_SIZE])


@event.listens_for(Session, "after_rollback")
def _forget_changes(session):
    session.info.pop(_CHANGED, None)
