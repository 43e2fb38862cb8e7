"""Audit log entries. Rows are only ever added, never changed or removed."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"

    @property
    def title(self):
        return OUTCOME_TITLES[self]


OUTCOME_TITLES = {
    Outcome.SUCCESS: _l("success"),
    Outcome.FAILURE: _l("failed"),
    Outcome.DENIED: _l("denied"),
}


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_object", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Who acted; empty for anonymous requests and for the system itself.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: What happened, as a stable untranslated code such as `user.created`.
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[int | None]
    #: The case the change belongs to, for the case's history tab (no foreign key: the log outlives all).
    initiative_id: Mapped[int | None] = mapped_column(index=True)
    outcome: Mapped[Outcome] = mapped_column(enum_column_type(Outcome, "outcome"))
    #: Client address, or `cli` for the command line.
    origin: Mapped[str] = mapped_column(sa.String(64), default="")
    #: Untranslated one-line summary for people reading the log.
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: Old and new values, or other details; never passwords or tokens.
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor = relationship("User")
