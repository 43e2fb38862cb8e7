"""A challenge's proposal, decision and agreement (1:1 with its case), its progress reviews, the
admin's list of municipal tasks and the municipality's decision term."""

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.challenges.kinds import Decision
from initiatives.core.db import UTCDateTime, Versioned, enum_column_type, utcnow
from initiatives.extensions import db

#: The term the college decides within unless the admin sets another (weeks from receipt).
DEFAULT_TERM_WEEKS = 8


class ChallengeTask(Versioned, db.Model):
    """A municipal task residents may challenge; the local verordening excludes some (with a
    reason). Versioned: the admin's edit form refuses to save over a colleague's change."""

    __tablename__ = "challenge_tasks"
    __table_args__ = (
        sa.CheckConstraint("NOT excluded OR exclusion_reason <> ''", name="excluded_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    #: Excluded from the right to challenge by the verordening: a challenge on it is inadmissible.
    excluded: Mapped[bool] = mapped_column(default=False)
    exclusion_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Left off the choice for new challenges, kept for the old ones.
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def label(self):
        return self.name


class ChallengeSettings(db.Model):
    """The municipality's settings for challenges: one row (id 1)."""

    __tablename__ = "challenge_settings"
    __table_args__ = (sa.CheckConstraint("decision_term_weeks BETWEEN 1 AND 52", name="term_1_to_52_weeks"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The college decides within this many weeks from receipt.
    decision_term_weeks: Mapped[int] = mapped_column(default=DEFAULT_TERM_WEEKS)


#: The free texts of a challenge (which may name a resident): anonymised with the case's other
#: texts by the privacy purge and erasure, and shown in a subject-access report.
FREE_TEXTS = (
    "task_text",
    "better_because",
    "involvement",
    "support_evidence",
    "requested_support",
    "quality_guarantee",
    "due_change_reason",
    "decision_grounds",
    "takes_over",
    "agreed_result",
    "evaluation",
)


class Challenge(Versioned, db.Model):
    """What a challenge proposes, when and how the college decided, and the agreement when granted."""

    __tablename__ = "challenges"
    __table_args__ = (
        sa.CheckConstraint("(decision IS NULL) = (decided_on IS NULL)", name="decision_has_date"),
        sa.CheckConstraint("cost_estimate IS NULL OR cost_estimate >= 0", name="cost_not_negative"),
        sa.CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
        sa.CheckConstraint(
            "due_on_changed_to IS NULL OR due_change_reason <> ''", name="changed_deadline_has_reason"
        ),
    )

    automatic_versioning = False

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), unique=True
    )
    #: The task challenged: from the admin's list, or in `task_text` when it is not on it.
    task_id: Mapped[int | None] = mapped_column(sa.ForeignKey("challenge_tasks.id"), index=True)
    task_text: Mapped[str] = mapped_column(sa.String(200), default="")
    better_because: Mapped[str] = mapped_column(sa.Text, default="")
    involvement: Mapped[str] = mapped_column(sa.Text, default="")
    support_evidence: Mapped[str] = mapped_column(sa.Text, default="")
    #: Euros.
    cost_estimate: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    requested_support: Mapped[str] = mapped_column(sa.Text, default="")
    quality_guarantee: Mapped[str] = mapped_column(sa.Text, default="")
    #: The municipality's term when the challenge was recorded (weeks from the case's receipt).
    term_weeks: Mapped[int] = mapped_column(default=DEFAULT_TERM_WEEKS)
    #: A deadline set for this case instead of receipt + term, with the reason.
    due_on_changed_to: Mapped[date | None]
    due_change_reason: Mapped[str] = mapped_column(sa.Text, default="")
    decision: Mapped[Decision | None] = mapped_column(enum_column_type(Decision, "challenge_decision"))
    decided_on: Mapped[date | None]
    decision_grounds: Mapped[str] = mapped_column(sa.Text, default="")
    #: The agreement (granted or partly): what the challengers take over, the result, budget, term.
    takes_over: Mapped[str] = mapped_column(sa.Text, default="")
    agreed_result: Mapped[str] = mapped_column(sa.Text, default="")
    budget: Mapped[Decimal | None] = mapped_column(sa.Numeric(12, 2))
    agreement_ends_on: Mapped[date | None]
    #: The evaluation at the end.
    evaluation: Mapped[str] = mapped_column(sa.Text, default="")
    evaluated_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    initiative = relationship("Initiative")
    task: Mapped[ChallengeTask | None] = relationship()
    reviews = relationship(
        "ChallengeReview",
        back_populates="challenge",
        order_by="ChallengeReview.review_on",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def task_name(self):
        return self.task.name if self.task else self.task_text

    @property
    def exclusion(self):
        """The verordening's reason when the task challenged is excluded, else None."""
        return self.task.exclusion_reason if self.task and self.task.excluded else None


class ChallengeReview(db.Model):
    """A progress review agreed with the challengers."""

    __tablename__ = "challenge_reviews"
    __table_args__ = (sa.UniqueConstraint("challenge_id", "review_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    challenge_id: Mapped[int] = mapped_column(sa.ForeignKey("challenges.id", ondelete="CASCADE"), index=True)
    review_on: Mapped[date]

    challenge = relationship("Challenge", back_populates="reviews")
