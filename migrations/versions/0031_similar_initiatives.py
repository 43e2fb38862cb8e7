"""similar initiatives: a contact person's e-mail address and phone number as keys
(initiators.email_key, initiators.phone_key: one spelling for every notation, indexed, filled for
the contact persons there are), the e-mail a timeline entry came from when the mailbox import
added it to an existing case (activities.source_message_id, unique), and the cases an import
marked as possibly duplicating open ones (possible_duplicates).

Columns added as they are, indexes beside them: no table copy (SQLite would lose the triggers).

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07

"""

from contextlib import contextmanager

import phonenumbers
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None


def _email_key(email):
    key = (email or "").strip().lower()
    return key or None


def _phone_key(phone):
    """As `initiatives.cases.contact_keys.phone_key` at this revision."""
    text = (phone or "").strip()
    if not text:
        return None
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


#: The trigger (0011) that forgets a case's public copy when a contact person changes.
STALE_CONTACT_TRIGGER = "public_case_texts_stale_contact"
SQLITE_STALE_CONTACT = """CREATE TRIGGER public_case_texts_stale_contact AFTER UPDATE ON initiators
    BEGIN DELETE FROM public_case_texts WHERE initiative_id IN (OLD.initiative_id, NEW.initiative_id); END"""


@contextmanager
def _public_copies_kept(connection):
    """Filling in the keys changes no text: the cases' public copies (and their public search
    documents) stay, so the trigger that forgets them is off meanwhile."""
    if connection.dialect.name == "postgresql":
        op.execute(f"ALTER TABLE initiators DISABLE TRIGGER {STALE_CONTACT_TRIGGER}")
        yield
        op.execute(f"ALTER TABLE initiators ENABLE TRIGGER {STALE_CONTACT_TRIGGER}")
        return
    op.execute(f"DROP TRIGGER IF EXISTS {STALE_CONTACT_TRIGGER}")
    yield
    op.execute(SQLITE_STALE_CONTACT)


def upgrade():
    op.add_column("initiators", sa.Column("email_key", sa.String(254), nullable=True))
    op.add_column("initiators", sa.Column("phone_key", sa.String(20), nullable=True))
    initiators = sa.table(
        "initiators",
        sa.column("id"),
        sa.column("email"),
        sa.column("phone"),
        sa.column("email_key"),
        sa.column("phone_key"),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(initiators.c.id, initiators.c.email, initiators.c.phone)
        .where(sa.or_(initiators.c.email != "", initiators.c.phone != ""))
        .order_by(initiators.c.id)
    ).all()
    keys = [
        {"key_id": row.id, "email_key": _email_key(row.email), "phone_key": _phone_key(row.phone)}
        for row in rows
    ]
    if keys:
        with _public_copies_kept(connection):
            connection.execute(
                initiators.update()
                .where(initiators.c.id == sa.bindparam("key_id"))
                .values(email_key=sa.bindparam("email_key"), phone_key=sa.bindparam("phone_key")),
                keys,
            )
    op.create_index("ix_initiators_email_key", "initiators", ["email_key"])
    op.create_index("ix_initiators_phone_key", "initiators", ["phone_key"])

    op.add_column("activities", sa.Column("source_message_id", sa.String(300), nullable=True))
    op.create_index("ix_activities_source_message_id", "activities", ["source_message_id"], unique=True)

    op.create_table(
        "possible_duplicates",
        sa.Column("initiative_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiatives.id"],
            name=op.f("fk_possible_duplicates_initiative_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["initiatives.id"],
            name=op.f("fk_possible_duplicates_candidate_id_initiatives"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("initiative_id", "candidate_id", name=op.f("pk_possible_duplicates")),
    )
    op.create_index("ix_possible_duplicates_candidate_id", "possible_duplicates", ["candidate_id"])


def downgrade():
    op.drop_index("ix_possible_duplicates_candidate_id", table_name="possible_duplicates")
    op.drop_table("possible_duplicates")
    op.drop_index("ix_activities_source_message_id", table_name="activities")
    op.drop_column("activities", "source_message_id")
    op.drop_index("ix_initiators_phone_key", table_name="initiators")
    op.drop_index("ix_initiators_email_key", table_name="initiators")
    op.drop_column("initiators", "phone_key")
    op.drop_column("initiators", "email_key")
