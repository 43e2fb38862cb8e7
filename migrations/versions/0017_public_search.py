"""search: a public search document per case, its texts with residents' personal data redacted

Those who may not see a case's contact details search these documents only, so that they cannot
find a case by a resident's name, e-mail address, phone number or address
(`initiatives.cases.search`). The app makes a case's document with the public copy of its texts
(`initiatives.exports.public_texts`), and it goes with that copy: on PostgreSQL through its
foreign key, on SQLite (FTS5 has none) through a trigger. So any change that makes the copy stale
(the triggers of migrations 0011 and 0012) removes the document too.

The documents of the copies made under the current rules (2) are filled in here from those
copies; the other cases get theirs from `flask exports prepare`, as they get their copies.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

#: `initiatives.core.anonymise.RULES_VERSION` when this migration was written.
RULES_VERSION = 2

SQLITE_TABLE = (
    "CREATE VIRTUAL TABLE initiative_search_public USING fts5("
    "title, description, notes, lessons, tokenize = 'unicode61 remove_diacritics 2')"
)
SQLITE_TRIGGER = """CREATE TRIGGER initiative_search_public_gone AFTER DELETE ON public_case_texts
    BEGIN DELETE FROM initiative_search_public WHERE rowid = OLD.initiative_id; END"""
POSTGRESQL_TABLE = (
    "CREATE TABLE initiative_search_public ("
    "initiative_id INTEGER PRIMARY KEY REFERENCES public_case_texts (initiative_id) ON DELETE CASCADE, "
    "document TSVECTOR NOT NULL)"
)
POSTGRESQL_INDEX = (
    "CREATE INDEX ix_initiative_search_public_document ON initiative_search_public USING GIN (document)"
)


def _notes(aggregate):
    """The public texts of a copy's timeline notes as one text (`aggregate` joins them by newlines)."""
    return (
        f"coalesce((SELECT {aggregate} FROM activities AS a "
        "LEFT JOIN public_detail_texts AS d ON d.initiative_id = a.initiative_id "
        "AND d.source = 'activities.note' AND d.row_id = a.id "
        "WHERE a.initiative_id = p.initiative_id AND coalesce(a.note, '') <> ''), '')"
    )


def _fill_sqlite():
    notes = _notes("group_concat(coalesce(d.text, a.note), char(10))")
    op.execute(
        "INSERT INTO initiative_search_public (rowid, title, description, notes, lessons) "
        f"SELECT p.initiative_id, p.title, p.description, {notes}, p.lessons "
        f"FROM public_case_texts AS p WHERE p.rules = {RULES_VERSION}"
    )


def _fill_postgresql():
    notes = _notes("string_agg(coalesce(d.text, a.note), chr(10))")
    op.execute(
        "INSERT INTO initiative_search_public (initiative_id, document) "
        "SELECT p.initiative_id, "
        "setweight(to_tsvector('bricoleur_dutch', p.title), 'A') "
        "|| setweight(to_tsvector('bricoleur_dutch', p.description), 'B') "
        "|| setweight(to_tsvector('bricoleur_dutch', p.lessons), 'B') "
        f"|| setweight(to_tsvector('bricoleur_dutch', {notes}), 'C') "
        f"FROM public_case_texts AS p WHERE p.rules = {RULES_VERSION}"
    )


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _is_postgresql():
        op.execute(POSTGRESQL_TABLE)
        op.execute(POSTGRESQL_INDEX)
        _fill_postgresql()
    else:
        op.execute(SQLITE_TABLE)
        op.execute(SQLITE_TRIGGER)
        _fill_sqlite()


def downgrade():
    if not _is_postgresql():
        op.execute("DROP TRIGGER IF EXISTS initiative_search_public_gone")
    op.execute("DROP TABLE initiative_search_public")
