"""The public copy of a case's texts: anonymised once when they change, not at every export."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from initiatives.extensions import db


class PublicCaseTexts(db.Model):
    """A case's title, description, support asked for and lessons with its personal data redacted.

    A copy for speed only (`initiatives.exports.public_texts`): an export takes it where it
    exists and was made under the current rules, and anonymises the texts itself otherwise. So
    that a copy can never be out of date, the database deletes it whenever the case's texts or
    address or its contact persons change (triggers of migration 0011); the app makes it again
    when it commits that change.
    """

    __tablename__ = "public_case_texts"

    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    #: `anonymise.RULES_VERSION` when the copy was made.
    rules: Mapped[int]
    title: Mapped[str] = mapped_column(sa.Text)
    description: Mapped[str] = mapped_column(sa.Text)
    support_requested: Mapped[str] = mapped_column(sa.Text)
    lessons: Mapped[str] = mapped_column(sa.Text)


class PublicDetailText(db.Model):
    """A text of a case's timeline, barriers or helps as its public copy has it, where that differs
    from the text as written (personal data redacted); where no row is here, the text as written
    is its public copy.

    Part of the case's public copy, and gone with it (the foreign key cascades): the database
    deletes the copy whenever one of these texts is added, changed or deleted (triggers of
    migration 0012), and the app makes it again, with these rows, when it commits that change.
    """

    __tablename__ = "public_detail_texts"

    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("public_case_texts.initiative_id", ondelete="CASCADE"), primary_key=True
    )
    #: The table and column of the text, as `public_texts.DETAIL_TEXTS` names them ("activities.note").
    source: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    #: The id of the text's row in that table.
    row_id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(sa.Text)
