"""challenge figures: a challenge's free texts in the case's public copy, and the challenge cases
by receipt

The public copy of a case's texts (migrations 0011, 0012) now also covers its challenge's free
texts (the task written in, the proposal, the grounds of the decision, the agreement and the
evaluation), which the exports show: the triggers delete the case's copy whenever one of them is
added, changed or deleted, through the app or not (PostgreSQL reuses 0012's function). The copies
of the cases with a challenge, made before, lack those texts: they are marked as made under no
rules (0), so that exports anonymise those cases themselves until `flask exports prepare` (or a
change to the case) makes them again.

The dashboard and the council report count the challenge cases received in a period: an index on
the case's kind and date of receipt finds them without reading every case. Creating an index
copies no table, so the triggers on initiatives stay.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None

TABLE = "challenges"
COLUMNS = (
    "task_text, better_because, involvement, support_evidence, requested_support, quality_guarantee, "
    "decision_grounds, takes_over, agreed_result, evaluation"
)
INDEX = "ix_initiatives_kind_received_on"


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def _sqlite_triggers():
    stale = "BEGIN DELETE FROM public_case_texts WHERE initiative_id"
    return (
        f"""CREATE TRIGGER public_case_texts_stale_new_{TABLE} AFTER INSERT ON {TABLE}
        {stale} = NEW.initiative_id; END""",
        f"""CREATE TRIGGER public_case_texts_stale_{TABLE} AFTER UPDATE OF {COLUMNS}, initiative_id ON {TABLE}
        {stale} IN (OLD.initiative_id, NEW.initiative_id); END""",
        f"""CREATE TRIGGER public_case_texts_stale_gone_{TABLE} AFTER DELETE ON {TABLE}
        {stale} = OLD.initiative_id; END""",
    )


def upgrade():
    if _is_postgresql():
        op.execute(
            f"""CREATE TRIGGER public_case_texts_stale_{TABLE}
            AFTER INSERT OR UPDATE OF {COLUMNS}, initiative_id OR DELETE ON {TABLE}
            FOR EACH ROW EXECUTE FUNCTION public_case_texts_stale_detail()"""
        )
    else:
        for statement in _sqlite_triggers():
            op.execute(statement)
    op.execute(f"UPDATE public_case_texts SET rules = 0 WHERE initiative_id IN (SELECT initiative_id FROM {TABLE})")
    op.create_index(INDEX, "initiatives", ["kind", "received_on"])


def downgrade():
    op.drop_index(INDEX, table_name="initiatives")
    if _is_postgresql():
        op.execute(f"DROP TRIGGER IF EXISTS public_case_texts_stale_{TABLE} ON {TABLE}")
    else:
        for name in (f"new_{TABLE}", TABLE, f"gone_{TABLE}"):
            op.execute(f"DROP TRIGGER IF EXISTS public_case_texts_stale_{name}")
