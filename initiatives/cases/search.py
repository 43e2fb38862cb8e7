"""Full-text search over titles, descriptions, timeline notes and lessons.

SQLite uses FTS5 tables (accents ignored); PostgreSQL tsvectors with `bricoleur_dutch`, the
Dutch configuration (stemming, stop words) plus unaccent. Both rank: title counts most, then
description and lessons, then timeline notes. The tables are created by the migrations (they are
not ORM models).

Each case has two documents. `initiative_search` holds its texts as written, rebuilt by `reindex`
on every change of its texts. `initiative_search_public` holds them with residents' personal data
redacted: made with the public copy of the case's texts (`exports.public_texts.make_current`),
whenever a change of its texts or its contact persons is committed, and gone with that copy. A
reader finds the cases whose contact details they may see by their texts as written, and every
other case by its public document only (`ranked_matches`): no one finds a case by a resident's
name, e-mail address, phone number or address who may not see them.
"""

import re

import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.core.anonymise.words import fold
from initiatives.extensions import db

#: Words in a query: letters and digits of any script, and e-mail addresses whole (PostgreSQL
#: keeps them as one word); everything else (FTS syntax) is dropped. An address starts only where
#: no part of one stands before it, and nothing is tried twice: linear in any text.
WORD = re.compile(r"(?<![\w.+-])[\w.+-]++@\w[\w-]*+(?:\.[\w-]++)+|\w+", re.UNICODE)
MAX_QUERY_WORDS = 12
#: The documents of the texts as written, and of their public copy.
PRIVATE_INDEX = "initiative_search"
PUBLIC_INDEX = "initiative_search_public"
INDEXES = (PRIVATE_INDEX, PUBLIC_INDEX)


def _dialect():
    return db.session.get_bind().dialect.name


def document(title, description, notes, lessons):
    """Return a search document: a case's texts, the notes of its timeline (`notes`) as one."""
    return {
        "title": title or "",
        "description": description or "",
        "notes": "\n".join(note for note in notes if note),
        "lessons": lessons or "",
    }


def document_for(initiative):
    """Return the searchable texts of a case, as written."""
    return document(
        initiative.title,
        initiative.description,
        (activity.note for activity in initiative.activities),
        initiative.lessons,
    )


def _sqlite_writes(table):
    """(delete, insert) of a case's document: FTS5 has no upsert."""
    return (
        sa.text(f"DELETE FROM {table} WHERE rowid = :id"),  # noqa: S608 - a table of INDEXES, no input
        sa.text(
            f"INSERT INTO {table} (rowid, title, description, notes, lessons) "  # noqa: S608 - as above
            "VALUES (:id, :title, :description, :notes, :lessons)"
        ),
    )


def _postgres_upsert(table):
    return sa.text(
        f"INSERT INTO {table} (initiative_id, document) VALUES (:id, "  # noqa: S608 - a table of INDEXES
        "setweight(to_tsvector('bricoleur_dutch', :title), 'A') "
        "|| setweight(to_tsvector('bricoleur_dutch', :description), 'B') "
        "|| setweight(to_tsvector('bricoleur_dutch', :lessons), 'B') "
        "|| setweight(to_tsvector('bricoleur_dutch', :notes), 'C')) "
        "ON CONFLICT (initiative_id) DO UPDATE SET document = excluded.document"
    )


SQLITE_WRITES = {table: _sqlite_writes(table) for table in INDEXES}
POSTGRES_UPSERTS = {table: _postgres_upsert(table) for table in INDEXES}


def reindex(initiative):
    """Bring the search document of `initiative` up to date (call after every change of its texts)."""
    db.session.flush()
    index_documents([{"id": initiative.id, **document_for(initiative)}])


def index_documents(documents):
    """Write many search documents of texts as written at once: dicts with id, title,
    description, notes, lessons."""
    _write(db.session.connection(), PRIVATE_INDEX, documents)


def index_public_documents(connection, documents):
    """Write the public search documents of cases (their texts with residents' personal data
    redacted), as `index_documents`; for `exports.public_texts` only, which makes them."""
    _write(connection, PUBLIC_INDEX, documents)


def _write(connection, table, documents):
    if not documents:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(POSTGRES_UPSERTS[table], documents)
        return
    delete, insert = SQLITE_WRITES[table]
    connection.execute(delete, [{"id": document["id"]} for document in documents])
    # FTS5 folds accents, not letters without a base letter (a dotless i): those are folded here
    # (and queries look for both forms: `_sqlite_query`); PostgreSQL's unaccent folds them all.
    connection.execute(insert, [{key: _folded(value) for key, value in row.items()} for row in documents])


def _folded(value):
    return fold(value) if isinstance(value, str) and not value.isascii() else value


def has_public_document(case_id):
    """The condition "the case `case_id` (a column) has a public search document"."""
    key = "initiative_id" if _dialect() == "postgresql" else "rowid"
    document_id = sa.literal_column(f"{PUBLIC_INDEX}.{key}", sa.Integer)
    return sa.exists().select_from(sa.table(PUBLIC_INDEX)).where(document_id == case_id)


def words_of(query_text):
    return WORD.findall(query_text or "")[:MAX_QUERY_WORDS]


def ranked_matches(query_text, reader, case_condition=None):
    """Return a selectable of (initiative_id, rank) for the cases matching every word, or None.

    The cases whose contact details `reader` may see match on their texts as written, all others
    on their public document only (with `reader` None, every case). A higher rank is a better
    match. Each word also matches as a prefix ("moes" finds "moestuin"). `case_condition` (on
    `Initiative`) narrows them inside, checked with each match's case.
    """
    words = words_of(query_text)
    if not words:
        return None
    return _ranked(words, reader, " & ", " AND ", case_condition)


def any_word_matches(words, reader, case_condition=None):
    """Return a selectable of (initiative_id, rank) for the cases matching any of `words` (plain
    words: letters and digits), as `ranked_matches` does for all of them: the cases like a new one.
    `case_condition` (on `Initiative`) narrows them inside, checked with each match's case."""
    words = [word for word in words if re.fullmatch(r"\w+", word)][:MAX_QUERY_WORDS]
    return _ranked(words, reader, " | ", " OR ", case_condition) if words else None


def best_matches(query_text, reader, case_condition, shortlist):
    """Return a selectable of (initiative_id, rank) as `ranked_matches`, found among the
    `shortlist` best entries of the two indexes together only, or None when nothing is searchable.

    The entries are ranked without a look-up of their cases; only the shortlist's are looked up
    and checked: an entry of the texts as written counts for a case whose contact details
    `reader` may see, an entry of the public document for every other case, and the case must
    meet `case_condition`. Ranking a search's matches costs little next to checking each one,
    and a page needs only the best: `shortlist` as many entries as it shows (twice as many for a
    reader with two entries a case) finds the page unless many of them fail `case_condition`.
    The rows found are the best of all matches; when fewer than wanted, the caller searches all
    (`ranked_matches`).
    """
    words = words_of(query_text)
    if not words:
        return None
    search_query, matches = _search_query(words, " & ", " AND ")

    def entries(table, private):  # (initiative_id, rank, private), without their cases
        return matches(table, search_query).add_columns(sa.literal(private).label("private"))

    contacts_visible = Initiative.contacts_visible_to(reader) if reader is not None else None
    if contacts_visible is None:
        candidates = entries(PUBLIC_INDEX, False).subquery("all_entries")
    else:
        candidates = sa.union_all(entries(PRIVATE_INDEX, True), entries(PUBLIC_INDEX, False)).subquery(
            "all_entries"
        )
    best = (
        sa.select(candidates)
        .order_by(candidates.c.rank.desc(), candidates.c.initiative_id.desc())
        .limit(shortlist)
        .subquery("best_entries")
    )
    counts = sa.true()
    if contacts_visible is not None:
        counts = sa.or_(
            sa.and_(best.c.private, contacts_visible),
            sa.and_(sa.not_(best.c.private), sa.not_(contacts_visible)),
        )
    if case_condition is not None:
        counts = sa.and_(case_condition, counts)
    checked = sa.select(counts).where(Initiative.id == best.c.initiative_id).correlate(best).scalar_subquery()
    return sa.select(best.c.initiative_id, best.c.rank).where(checked).subquery("search_matches")


def _search_query(words, postgres_operator, sqlite_operator):
    """(the search's bound query text, the function selecting its matches from an index)."""
    if _dialect() == "postgresql":
        search_query = sa.bindparam("search_query", postgres_operator.join(f"{word}:*" for word in words))
        return search_query, _postgres_matches
    return sa.bindparam("search_query", _sqlite_query(words, sqlite_operator)), _sqlite_matches


def _ranked(words, reader, postgres_operator, sqlite_operator, case_condition=None):
    search_query, matches = _search_query(words, postgres_operator, sqlite_operator)
    contacts_visible = Initiative.contacts_visible_to(reader) if reader is not None else None
    if contacts_visible is None:
        return matches(PUBLIC_INDEX, search_query, case_condition).subquery("search_matches")
    # Each match is checked against its case (one look-up by key, `_checked`): cheaper than
    # reading first all the cases the reader may see, which may be half of them.
    private, public = contacts_visible, sa.not_(contacts_visible)
    if case_condition is not None:
        private, public = sa.and_(case_condition, private), sa.and_(case_condition, public)
    return sa.union_all(
        matches(PRIVATE_INDEX, search_query, private),
        matches(PUBLIC_INDEX, search_query, public),
    ).subquery("search_matches")


def _sqlite_query(words, operator=" AND "):
    """Each word as a prefix; a word with letters FTS5 does not fold, also folded (`_write`)."""
    terms = []
    for word in words:
        term = '"' + word.replace('"', "") + '"*'
        folded = fold(word)
        if folded != word.lower():
            term = f'({term} OR "{folded.replace(chr(34), "")}"*)'
        terms.append(term)
    # AND spelled out: FTS5 takes no implicit AND before a parenthesised OR ("moes" (a OR b)).
    return operator.join(terms)


def _postgres_matches(table, search_query, case_condition=None):
    """Select (initiative_id, rank) from `table` for `search_query`, of the cases that meet
    `case_condition` (on `Initiative`) if given."""
    case_id = sa.literal_column(f"{table}.initiative_id", sa.Integer)
    document = sa.literal_column(f"{table}.document")
    # immutable: PostgreSQL turns it into a constant once, when planning
    query = sa.func.to_tsquery(sa.literal_column("'bricoleur_dutch'::regconfig"), search_query)
    matches = sa.select(
        case_id.label("initiative_id"), sa.func.ts_rank_cd(document, query, type_=sa.Float).label("rank")
    ).where(document.op("@@")(query))
    return _of_cases(matches, table, case_id, case_condition)


def _sqlite_matches(table, search_query, case_condition=None):
    """Select (initiative_id, rank) from `table` for `search_query`, of the cases that meet
    `case_condition` (on `Initiative`) if given."""
    case_id = sa.literal_column(f"{table}.rowid", sa.Integer)
    matches = sa.select(
        case_id.label("initiative_id"),
        sa.literal_column(f"-bm25({table}, 10.0, 4.0, 1.0, 4.0)", sa.Float).label("rank"),
    ).where(sa.text(f"{table} MATCH :search_query").bindparams(search_query))
    return _of_cases(matches, table, case_id, case_condition)


def _of_cases(matches, table, case_id, case_condition):
    matches = matches.select_from(sa.table(table))
    if case_condition is None:
        return matches
    return matches.where(_checked(case_condition, case_id))


def _checked(case_condition, case_id):
    """The condition "the case `case_id` meets `case_condition`", looked up once per match: in a
    subquery, not a join, since for a join PostgreSQL reads every case (a hash join) where a
    search needs only its matches' cases."""
    return sa.select(case_condition).where(Initiative.id == case_id).correlate(None).scalar_subquery()
