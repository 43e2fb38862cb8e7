"""Full-text search over titles, descriptions, timeline notes and lessons.

SQLite uses an FTS5 table (accents ignored); PostgreSQL a tsvector with `bricoleur_dutch`, the
Dutch configuration (stemming, stop words) plus unaccent. Both keep one document per case, rebuilt by `reindex` on every change of its texts,
and both rank: title counts most, then description and lessons, then timeline notes.
The tables are created by the migrations (they are not ORM models).
"""

import re

import sqlalchemy as sa

from initiatives.extensions import db

#: Words in a query: letters and digits of any script; everything else (FTS syntax) is dropped.
WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_WORDS = 12


def _dialect():
    return db.session.get_bind().dialect.name


def document_for(initiative):
    """Return the searchable texts of a case."""
    return {
        "title": initiative.title or "",
        "description": initiative.description or "",
        "notes": "\n".join(activity.note for activity in initiative.activities if activity.note),
        "lessons": initiative.lessons or "",
    }


SQLITE_UPSERT = sa.text(
    "INSERT INTO initiative_search (rowid, title, description, notes, lessons) "
    "VALUES (:id, :title, :description, :notes, :lessons)"
)
SQLITE_DELETE = sa.text("DELETE FROM initiative_search WHERE rowid = :id")
POSTGRES_UPSERT = sa.text(
    "INSERT INTO initiative_search (initiative_id, document) VALUES (:id, "
    "setweight(to_tsvector('bricoleur_dutch', :title), 'A') || setweight(to_tsvector('bricoleur_dutch', :description), 'B') "
    "|| setweight(to_tsvector('bricoleur_dutch', :lessons), 'B') || setweight(to_tsvector('bricoleur_dutch', :notes), 'C')) "
    "ON CONFLICT (initiative_id) DO UPDATE SET document = excluded.document"
)


def reindex(initiative):
    """Bring the search document of `initiative` up to date (call after every change of its texts)."""
    db.session.flush()
    index_documents([{"id": initiative.id, **document_for(initiative)}])


def index_documents(documents):
    """Write many search documents at once: dicts with id, title, description, notes, lessons."""
    if not documents:
        return
    if _dialect() == "postgresql":
        db.session.execute(POSTGRES_UPSERT, documents)
    else:
        db.session.execute(SQLITE_DELETE, [{"id": document["id"]} for document in documents])
        db.session.execute(SQLITE_UPSERT, documents)


def words_of(query_text):
    return WORD.findall(query_text or "")[:MAX_QUERY_WORDS]


def ranked_matches(query_text):
    """Return a selectable of (initiative_id, rank) for the cases matching every word, or None.

    A higher rank is a better match. Each word also matches as a prefix ("moes" finds "moestuin").
    """
    words = words_of(query_text)
    if not words:
        return None
    if _dialect() == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        return (
            sa.select(
                sa.column("initiative_id", sa.Integer),
                sa.literal_column("ts_rank_cd(document, query)", sa.Float).label("rank"),
            )
            .select_from(sa.text("initiative_search, to_tsquery('bricoleur_dutch', :search_query) AS query"))
            .where(sa.text("document @@ query"))
            .params(search_query=query)
            .subquery("search_matches")
        )
    query = " ".join('"' + word.replace('"', "") + '"*' for word in words)
    return (
        sa.select(
            sa.literal_column("rowid", sa.Integer).label("initiative_id"),
            sa.literal_column("-bm25(initiative_search, 10.0, 4.0, 1.0, 4.0)", sa.Float).label("rank"),
        )
        .select_from(sa.text("initiative_search"))
        .where(sa.text("initiative_search MATCH :search_query"))
        .params(search_query=query)
        .subquery("search_matches")
    )
