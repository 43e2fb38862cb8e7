"""The timeline: calls, e-mails, meetings and visits, each serving one of the practices."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.cases.stages import Stage
from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db
from initiatives.vocabularies.models import Skill


class ActivityKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    MEETING = "meeting"
    SITE_VISIT = "site_visit"
    INTERNAL = "internal_consultation"
    OTHER = "other"
    #: A message the initiators sent through their status page (`status_page`), not made by the
    #: team: its author is the team member who made the link (the column is required).
    INITIATOR_MESSAGE = "initiator_message"

    @property
    def title(self):
        return ACTIVITY_KIND_TITLES[self]


ACTIVITY_KIND_TITLES = {
    ActivityKind.CALL: _l("Phone call"),
    ActivityKind.EMAIL: _l("E-mail"),
    ActivityKind.MEETING: _l("Meeting"),
    ActivityKind.SITE_VISIT: _l("Site visit"),
    ActivityKind.INTERNAL: _l("Internal consultation"),
    ActivityKind.OTHER: _l("Other"),
    ActivityKind.INITIATOR_MESSAGE: _l("Message from the initiators"),
}

#: The kinds the team records itself; messages from the initiators come only through their page.
RECORDED_KINDS = [kind for kind in ActivityKind if kind is not ActivityKind.INITIATOR_MESSAGE]

activity_skills = sa.Table(
    "activity_skills",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("skill_id", sa.ForeignKey("skills.id"), primary_key=True, index=True),
)


class Activity(db.Model):
    __tablename__ = "activities"
    __table_args__ = (
        sa.Index("ix_activities_initiative_id_happened_on", "initiative_id", "happened_on"),
        # PostgreSQL only in the migrations (0018): on SQLite adding it would copy the table and
        # lose its triggers, so there `activities.void_activity` is the check.
        sa.CheckConstraint("(voided_at IS NULL) = (voided_by_id IS NULL)", name="voided_by_someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(sa.ForeignKey("initiatives.id", ondelete="CASCADE"))
    kind: Mapped[ActivityKind] = mapped_column(enum_column_type(ActivityKind, "activity_kind"))
    happened_on: Mapped[date]
    #: The practice (stage) this activity serves; intake for the first contact.
    practice: Mapped[Stage] = mapped_column(enum_column_type(Stage, "practice"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When the entry was voided as a mistake: it stays, struck through for the case's team, and
    #: counts nowhere (practice profile, exports).
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: Why it was voided: free text, as the note.
    void_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Shown on the initiators' status page (`status_page`); the team decides, entry by entry.
    visible_to_initiators: Mapped[bool] = mapped_column(default=False)
    #: The case this entry came from when that case was merged into this one ("uit zaak #12");
    #: None for the case's own entries.
    merged_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("initiatives.id"))
    #: The e-mail this entry came from, when the mailbox import added it to an existing case: so
    #: that importing the mailbox again never adds it twice.
    source_message_id: Mapped[str | None] = mapped_column(sa.String(300), index=True, unique=True)

    initiative = relationship("Initiative", back_populates="activities", foreign_keys=[initiative_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])
    skills: Mapped[list[Skill]] = relationship(secondary=activity_skills, order_by=Skill.position)
    #: The note as it was before each correction, oldest first.
    corrections = relationship(
        "ActivityCorrection",
        back_populates="activity",
        order_by="ActivityCorrection.id",
        passive_deletes=True,
    )

    @property
    def is_voided(self):
        return self.voided_at is not None

    def can_amend(self, user):
        """Its author and the case's owner correct or void it, while they may change the case."""
        initiative = self.initiative
        return initiative.can_edit(user) and user.id in {self.author_id, initiative.owner_id}

    @property
    def is_correctable(self):
        """A message from the initiators keeps their words: it can be voided, never corrected."""
        return not self.is_voided and self.kind is not ActivityKind.INITIATOR_MESSAGE


class ActivityCorrection(db.Model):
    """A correction of a timeline note: the text as it was, why and by whom (history is data).

    The audit log records only that the note changed (it holds no free text); the earlier text is
    kept here, with the case, and anonymised with it by the privacy purge.
    """

    __tablename__ = "activity_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(sa.ForeignKey("activities.id", ondelete="CASCADE"), index=True)
    #: The note before this correction.
    previous_note: Mapped[str] = mapped_column(sa.Text, default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    corrected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    activity = relationship("Activity", back_populates="corrections")
    actor: Mapped[User] = relationship()

    @property
    def initiative(self):
        return self.activity.initiative
