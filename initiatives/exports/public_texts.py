"""The public copies of case texts (`PublicCaseTexts`, `PublicDetailText`): made when a case's
texts change, so that an export of 100,000 cases reads them instead of anonymising every text
again. A case's copy holds its own texts and those of its stage changes, activities, barriers,
helps and challenge (where anonymising changes them).

Made in one place: when a session commits, for every case whose texts, address, contact persons
or details' texts it changed (`_note_changes`, `_make_changed_current`). The database deletes a
copy on any such change, also one made without the ORM (triggers of migrations 0011, 0012, 0034),
and an export anonymises a case without a current copy itself (`batch_texts.BatchTexts`): a copy that is
missing or made under older rules costs time, never privacy. `flask exports prepare` makes the
missing ones, after an upgrade or a change of the rules; `flask demo-data` does so for its cases.

The case's public search document (`cases.search`, its title, description, timeline notes and
lessons as the copy has them) is made with the copy, and goes with it (migration 0017). Those who
may not see a case's contact details search those documents only: a case without one (no copy,
not yet prepared) is not found by them.
"""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from initiatives.barriers.models import Barrier, Help
from initiatives.cases import search
from initiatives.cases.models import Activity, Initiative, Initiator, StageChange
from initiatives.challenges.models import Challenge
from initiatives.core.anonymise import RULES_VERSION
from initiatives.core.db import insert_many
from initiatives.exports import queries
from initiatives.exports.batch_texts import BatchTexts
from initiatives.exports.models import PublicCaseTexts, PublicDetailText

#: The texts copied, in the order of the copy's columns.
COPIED = ("title", "description", "support_requested", "lessons")
#: What the copy depends on besides its case's contact persons.
_DEPENDS_ON = (*COPIED, "address")
#: What the copy depends on in the case's details: model -> its texts, and which case it is of.
_DETAILS_DEPEND_ON = {
    StageChange: ("reason", "initiative_id"),
    Activity: ("note", "initiative_id"),
    Barrier: ("description", "initiative_id"),
    Help: ("description", "decided_by", "initiative_id"),
    Challenge: (*(column.key for column in queries.CHALLENGE_TEXTS), "initiative_id"),
}
#: The source of the timeline's notes, which the public search document holds.
_NOTES = queries.text_source(Activity.note)
#: session.info key: the cases (ids, or Initiatives not flushed yet) whose copies must be made.
_CHANGED = "public_case_texts_changed"

_CASE_TEXTS = queries.BatchQuery(
    sa.select(Initiative.id, Initiative.address, *(getattr(Initiative, name) for name in COPIED)),
    Initiative.id,
)


def make_current(connection, case_ids):
    """Make the public copies of the texts of `case_ids` (ids of existing cases, a batch at most):
    the case's own texts, and those of its details that differ when anonymised; and the cases'
    public search documents."""
    if not case_ids:
        return
    parameters = {"batch_ids": list(case_ids)}
    rows = queries.fetch(connection, _CASE_TEXTS.by_ids, parameters)
    if not rows:
        return
    people = queries.by_case(queries.fetch(connection, queries.INITIATORS.by_ids, parameters))
    ids, addresses, *texts = zip(*rows, strict=True)
    batch_texts = BatchTexts(lambda: people, dict(zip(ids, addresses, strict=True)))
    copies = [
        {"initiative_id": case_id, "rules": RULES_VERSION, **dict(zip(COPIED, values, strict=True))}
        for case_id, *values in zip(ids, *batch_texts.redacted(ids, *texts), strict=True)
    ]
    differences = []
    notes = {}  # case id -> the public texts of its timeline's notes
    for sources, query in queries.DETAIL_TEXTS:
        details = queries.fetch(connection, query.by_ids, parameters)
        if details:
            case_of_row, row_ids, *written = zip(*details, strict=True)
            anonymised = batch_texts.redacted(case_of_row, *written)
            for source, as_written, public in zip(sources, written, anonymised, strict=True):
                if source == _NOTES:
                    for case_id, text in zip(case_of_row, public, strict=True):
                        notes.setdefault(case_id, []).append(text)
                differences += [
                    {"initiative_id": case_id, "source": source, "row_id": row_id, "text": text}
                    for case_id, row_id, original, text in zip(
                        case_of_row, row_ids, as_written, public, strict=True
                    )
                    if text != (original or "")
                ]
    detail_table, table = PublicDetailText.__table__, PublicCaseTexts.__table__
    # the foreign key would cascade, but a connection may have foreign keys off (SQLite's default)
    connection.execute(detail_table.delete().where(detail_table.c.initiative_id.in_(ids)))
    connection.execute(table.delete().where(table.c.initiative_id.in_(ids)))
    insert_many(connection, table, copies)
    insert_many(connection, detail_table, differences)
    search.index_public_documents(
        connection,
        [
            {
                "id": copy["initiative_id"],
                **search.document(
                    copy["title"], copy["description"], notes.get(copy["initiative_id"], ()), copy["lessons"]
                ),
            }
            for copy in copies
        ],
    )


def cases_without_current_copy():
    """A query of the ids of the cases whose public copy is missing or made under older rules, or
    that have no public search document."""
    copy = PublicCaseTexts
    return (
        sa.select(Initiative.id)
        .outerjoin(copy, copy.initiative_id == Initiative.id)
        .where(
            sa.or_(
                copy.initiative_id.is_(None),
                copy.rules != RULES_VERSION,
                ~search.has_public_document(Initiative.id),
            )
        )
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
        depends_on = _DETAILS_DEPEND_ON.get(type(instance))
        if isinstance(instance, Initiator):
            case = instance.initiative_id or instance.initiative
        elif depends_on is not None:
            if instance in session.dirty and not _changed(instance, depends_on):
                continue
            case = instance.initiative_id or instance.initiative
        elif isinstance(instance, Initiative) and instance not in session.deleted:
            if not sa.inspect(instance).pending and not _changed(instance, _DEPENDS_ON):
                continue
            case = instance
        else:
            continue
        if case is not None:
            if changed is None:
                changed = session.info.setdefault(_CHANGED, set())
            changed.add(case)


def _changed(instance, names):
    state = sa.inspect(instance)
    return any(state.attrs[name].history.has_changes() for name in names)


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
