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
