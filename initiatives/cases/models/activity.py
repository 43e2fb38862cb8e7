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
}

activity_skills = sa.Table(
    "activity_skills",
    db.metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("skill_id", sa.ForeignKey("skills.id"), primary_key=True, index=True),
)


class Activity(db.Model):
    __tablename__ = "activities"
    __table_args__ = (sa.Index("ix_activities_initiative_id_happened_on", "initiative_id", "happened_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(sa.ForeignKey("initiatives.id", ondelete="CASCADE"))
    kind: Mapped[ActivityKind] = mapped_column(enum_column_type(ActivityKind, "activity_kind"))
    happened_on: Mapped[date]
    #: The practice (stage) this activity serves; intake for the first contact.
    practice: Mapped[Stage] = mapped_column(enum_column_type(Stage, "practice"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative", back_populates="activities")
    author: Mapped[User] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary=activity_skills, order_by=Skill.position)
