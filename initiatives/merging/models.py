"""Merges: case A (`from_case`) merged into case B (`into_case`), as a request that the owner of
B confirms when someone else owns A, the merge itself, and its undoing.

Each merge is a row (history is data, not a log line) that keeps what moved where (`moved`), so
that undoing it puts everything back; `Initiative.merged_into_id` says whether a case is merged
now, for the lists and figures that leave it out.
"""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.cases.models import Initiative
from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db


class MergeState(StrEnum):
    PENDING = "pending"
    DECLINED = "declined"
    MERGED = "merged"
    UNDONE = "undone"

    @property
    def title(self):
        return MERGE_STATE_TITLES[self]


MERGE_STATE_TITLES = {
    MergeState.PENDING: _l("Waiting for confirmation"),
    MergeState.DECLINED: _l("Declined"),
    MergeState.MERGED: _l("Merged"),
    MergeState.UNDONE: _l("Undone"),
}


class Merge(db.Model):
    """A request to merge one case into another, and what became of it."""

    __tablename__ = "merges"
    __table_args__ = (
        sa.CheckConstraint("from_id <> into_id", name="two_cases"),
        sa.CheckConstraint("confirmed_at IS NULL OR declined_at IS NULL", name="confirmed_or_declined"),
        sa.CheckConstraint("undone_at IS NULL OR confirmed_at IS NOT NULL", name="undoes_a_merge"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Case A: the duplicate, which stays readable as "merged with B".
    from_id: Mapped[int] = mapped_column(sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    #: Case B: the case that gets what A had.
    into_id: Mapped[int] = mapped_column(sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    #: Why: free text, which may name a resident.
    reason: Mapped[str] = mapped_column(sa.Text)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Who merged: the requester when they own both cases, else the other owner who confirmed.
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str] = mapped_column(sa.Text, default="")
    undone_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undo_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: What moved, by kind of record: their ids, and the versions both cases and each moved
    #: record had right after the merge, which undoing checks (`operations.MOVED_KINDS`).
    moved: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    from_case: Mapped[Initiative] = relationship(foreign_keys=[from_id])
    into_case: Mapped[Initiative] = relationship(foreign_keys=[into_id])
    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    declined_by: Mapped[User | None] = relationship(foreign_keys=[declined_by_id])
    undone_by: Mapped[User | None] = relationship(foreign_keys=[undone_by_id])

    @property
    def state(self):
        if self.declined_at is not None:
            return MergeState.DECLINED
        if self.confirmed_at is None:
            return MergeState.PENDING
        if self.undone_at is not None:
            return MergeState.UNDONE
        return MergeState.MERGED

    def other_case(self, initiative):
        return self.into_case if initiative.id == self.from_id else self.from_case

    def __repr__(self):
        return f"<Merge {self.id} {self.from_id}->{self.into_id} {self.state}>"
