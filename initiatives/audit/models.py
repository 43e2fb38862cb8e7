"""Audit log entries. Rows are only ever added, never changed or removed.

Each entry is sealed with `entry_hash`, a SHA-256 over its fields and its predecessor's hash
(`previous_hash`), so a changed or removed entry breaks the chain (`flask audit verify`). It is
written unsealed and sealed right after by the sealer (`chain`), which gives it its place in the
chain (`chain_position`). The database refuses UPDATE and DELETE on sealed entries (triggers,
migration 0007).
"""

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
    # Every filter of the audit page ends in `id`, so "newest first" reads one index backwards.
    __table_args__ = (
        sa.Index("ix_audit_entries_object", "object_type", "object_id", "id"),
        sa.Index("ix_audit_entries_actor", "actor_id", "id"),
        sa.Index("ix_audit_entries_action", "action", "id"),
        sa.Index("ix_audit_entries_outcome", "outcome", "id"),
        sa.Index("ix_audit_entries_initiative", "initiative_id", "id"),
        # The sealer's and /healthz's "unsealed" (IS NULL) and "last sealed" read this index.
        sa.Index("ix_audit_entries_chain_position", "chain_position", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Who acted; empty for anonymous requests and for the system itself.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: What happened, as a stable untranslated code such as `user.created`.
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str] = mapped_column(sa.String(40), default="")
    object_id: Mapped[int | None]
    #: The case the change belongs to, for the case's history tab (no foreign key: the log outlives all).
    initiative_id: Mapped[int | None]
    outcome: Mapped[Outcome] = mapped_column(enum_column_type(Outcome, "outcome"))
    #: Client address, or `cli` for the command line.
    origin: Mapped[str] = mapped_column(sa.String(64), default="")
    #: Untranslated one-line summary for people reading the log; never residents' personal data.
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    #: Old and new values, or other details; never passwords, tokens or residents' personal data.
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: The `entry_hash` of the entry before this one in the chain; 64 zeros for the first.
    previous_hash: Mapped[str | None] = mapped_column(sa.String(64))
    #: SHA-256 (hex) over this entry's fields and `previous_hash`; empty until it is sealed.
    entry_hash: Mapped[str | None] = mapped_column(sa.String(64))
    #: Its place in the chain (1, 2, 3, ... in order of sealing); empty until it is sealed.
    chain_position: Mapped[int | None]

    actor = relationship("User")
