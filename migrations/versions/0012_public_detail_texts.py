"""exports: the public copies of the timeline's, barriers' and helps' texts

A case's public copy (migration 0011) now also covers the texts of its stage changes, activities,
barriers and helps: `public_detail_texts` holds those whose anonymised form differs from the text
as written, and goes with the case's copy (the foreign key cascades). The triggers delete the
case's copy whenever one of those texts is added, changed or deleted, through the app or not.
The copies made before lack these texts, so they are marked here as made under no rules (0):
exports anonymise those cases themselves until `flask exports prepare` (or a change to the case)
makes them again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

#: table -> its texts that the public copy holds.
TEXTS = {
    "stage_changes": "reason",
    "activities": "note",
    "barriers": "description",
    "helps": "description, decided_by",
}


def _sqlite_triggers(table, columns):
    stale = "BEGIN DELETE FROM public_case_texts WHERE initiative_id"
    return (
        f"""CREATE TRIGGER public_case_texts_stale_new_{table} AFTER INSERT ON {table}
        {stale} = NEW.initiative_id; END""",
        f"""CREATE TRIGGER public_case_texts_stale_{table} AFTER UPDATE OF {columns}, initiative_id ON {table}
        {stale} IN (OLD.initiative_id, NEW.initiative_id); END""",
        f"""CREATE TRIGGER public_case_texts_stale_gone_{table} AFTER DELETE ON {table}
        {stale} = OLD.initiative_id; END""",
    )


POSTGRESQL_FUNCTION = """CREATE FUNCTION public_case_texts_stale_detail() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM public_case_texts WHERE initiative_id = OLD.initiative_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            DELETE FROM public_case_texts WHERE initiative_id = NEW.initiative_id;
        END IF;
        RETURN NULL;
    END;
    $$"""


def _postgresql_trigger(table, columns):
    return (
        f"""CREATE TRIGGER public_case_texts_stale_{table}
        AFTER INSERT OR UPDATE OF {columns}, initiative_id OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION public_case_texts_stale_detail()"""
    )


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.create_table(
        "public_detail_texts",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["public_case_texts.initiative_id"],
            name=op.f("fk_public_detail_texts_initiative_id_public_case_texts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "source", "row_id", name=op.f("pk_public_detail_texts")),
    )
    op.execute("UPDATE public_case_texts SET rules = 0")
    if _is_postgresql():
        op.execute(POSTGRESQL_FUNCTION)
        for table, columns in TEXTS.items():
            op.execute(_postgresql_trigger(table, columns))
    else:
        for table, columns in TEXTS.items():
            for statement in _sqlite_triggers(table, columns):
                op.execute(statement)


def downgrade():
    for table in TEXTS:
        if _is_postgresql():
            op.execute(f"DROP TRIGGER IF EXISTS public_case_texts_stale_{table} ON {table}")
        else:
            for name in (f"new_{table}", table, f"gone_{table}"):
                op.execute(f"DROP TRIGGER IF EXISTS public_case_texts_stale_{name}")
    if _is_postgresql():
        op.execute("DROP FUNCTION IF EXISTS public_case_texts_stale_detail()")
    op.drop_table("public_detail_texts")
