"""Possible duplicates: a case opened by the mailbox import that looks like open cases, but not
certainly the same ("mogelijk dubbel"). The case page shows them until the team clears the mark."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db


class PossibleDuplicate(db.Model):
    """Case `initiative` may be a duplicate of case `candidate`."""

    __tablename__ = "possible_duplicates"

    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: How alike the two looked when marked, 0 to 1.
    score: Mapped[float] = mapped_column(sa.Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship(
        "Initiative", foreign_keys=[initiative_id], back_populates="possible_duplicates"
    )
    candidate = relationship("Initiative", foreign_keys=[candidate_id])
