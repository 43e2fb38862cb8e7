"""exports: the public (anonymised) copies of case texts, deleted by the database when they go stale

The copies are made by the app (`initiatives.exports.public_texts`; existing cases get theirs from
`flask exports prepare`, and exports anonymise a case without one themselves). The triggers
delete a case's copy whenever its texts, its address or its contact persons change, through the
app or not, so that no export reads an outdated one.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

#: What the copy is made from, on the case itself.
CASE_COLUMNS = "title, description, support_requested, lessons, address"

SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER public_case_texts_stale_case AFTER UPDATE OF {CASE_COLUMNS} ON initiatives
    BEGIN DELETE FROM public_case_texts WHERE initiative_id = NEW.id; END""",
    """CREATE TRIGGER public_case_texts_stale_new_contact AFTER INSERT ON initiators
    BEGIN DELETE FROM public_case_texts WHERE initiative_id = NEW.initiative_id; END""",
    """CREATE TRIGGER public_case_texts_stale_contact AFTER UPDATE ON initiators
    BEGIN DELETE FROM public_case_texts WHERE initiative_id IN (OLD.initiative_id, NEW.initiative_id); END""",
    """CREATE TRIGGER public_case_texts_stale_gone_contact AFTER DELETE ON initiators
    BEGIN DELETE FROM public_case_texts WHERE initiative_id = OLD.initiative_id; END""",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS public_case_texts_stale_case",
    "DROP TRIGGER IF EXISTS public_case_texts_stale_new_contact",
    "DROP TRIGGER IF EXISTS public_case_texts_stale_contact",
    "DROP TRIGGER IF EXISTS public_case_texts_stale_gone_contact",
)
POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION public_case_texts_stale_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM public_case_texts WHERE initiative_id = NEW.id;
        RETURN NULL;
    END;
    $$""",
    """CREATE FUNCTION public_case_texts_stale_contact() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM public_case_texts WHERE initiative_id = OLD.initiative_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            DELETE FROM public_case_texts WHERE initiative_id = NEW.initiative_id;
        END IF;
        RETURN NULL;
    END;
    $$""",
    f"""CREATE TRIGGER public_case_texts_stale_case AFTER UPDATE OF {CASE_COLUMNS} ON initiatives
    FOR EACH ROW EXECUTE FUNCTION public_case_texts_stale_case()""",
    """CREATE TRIGGER public_case_texts_stale_contact AFTER INSERT OR UPDATE OR DELETE ON initiators
    FOR EACH ROW EXECUTE FUNCTION public_case_texts_stale_contact()""",
)
POSTGRESQL_DROP = (
    "DROP TRIGGER IF EXISTS public_case_texts_stale_case ON initiatives",
    "DROP TRIGGER IF EXISTS public_case_texts_stale_contact ON initiators",
    "DROP FUNCTION IF EXISTS public_case_texts_stale_case()",
    "DROP FUNCTION IF EXISTS public_case_texts_stale_contact()",
)


def _is_postgresql():
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    op.create_table(
        "public_case_texts",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("rules", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("support_requested", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_public_case_texts_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", name=op.f("pk_public_case_texts")),
    )
    for statement in POSTGRESQL_TRIGGERS if _is_postgresql() else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    for statement in POSTGRESQL_DROP if _is_postgresql() else SQLITE_DROP:
        op.execute(statement)
    op.drop_table("public_case_texts")
