"""A help asked for or given to resolve barriers, and its effect on each barrier it addressed."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.barriers.lifecycle import Effect, HelpStatus, Provider
from initiatives.barriers.models.categories import HelpCategory
from initiatives.core.db import UTCDateTime, Versioned, enum_column_type, utcnow
from initiatives.extensions import db
from initiatives.organisation.models import Department


class Help(Versioned, db.Model):
    __tablename__ = "helps"
    __table_args__ = (
        sa.CheckConstraint("(status = 'requested') = (decided_on IS NULL)", name="decided_unless_requested"),
        sa.CheckConstraint("(status = 'applied') = (applied_on IS NOT NULL)", name="applied_on_when_applied"),
        sa.Index("ix_helps_category_id_status", "category_id", "status"),
        # Covering index for the dashboard's help figures, in the order of their grouping (0005).
        sa.Index(
            "ix_helps_dashboard_category",
            "category_id",
            "status",
            "provider",
            "department_id",
            "requested_on",
            "initiative_id",
        ),
        # The helps of a case; and of the cases of a theme, covering what the dashboard counts (0010).
        sa.Index(
            "ix_helps_dashboard_case",
            "initiative_id",
            "status",
            "category_id",
            "provider",
            "department_id",
            "requested_on",
        ),
        # The period filter: requested_on first, covering what the dashboard counts (migration 0005).
        sa.Index(
            "ix_helps_dashboard_requested_on",
            "requested_on",
            "status",
            "category_id",
            "provider",
            "department_id",
            "initiative_id",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(  # indexed by ix_helps_dashboard_case
        sa.ForeignKey("initiatives.id", ondelete="CASCADE")
    )
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("help_categories.id"))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: Who provides or decides: a department, the alderman, management, or someone else.
    provider: Mapped[Provider] = mapped_column(enum_column_type(Provider, "provider"))
    #: The department, when the provider is one.
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    status: Mapped[HelpStatus] = mapped_column(
        enum_column_type(HelpStatus, "help_status"), default=HelpStatus.REQUESTED
    )
    requested_on: Mapped[date]  # indexed by ix_helps_dashboard_requested_on
    requested_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    #: When and by whom it was granted or refused (a name or function, e.g. "wethouder De Boer").
    decided_on: Mapped[date | None]
    decided_by: Mapped[str] = mapped_column(sa.String(120), default="")
    applied_on: Mapped[date | None]
    #: The day an answer is due, when the requester agreed one (optional): in their calendar feed.
    answer_due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative", back_populates="helps")
    category: Mapped[HelpCategory] = relationship()
    department: Mapped[Department | None] = relationship()
    requested_by: Mapped[User] = relationship()
    effects = relationship(
        "HelpEffect", back_populates="help", cascade="all, delete-orphan", order_by="HelpEffect.barrier_id"
    )

    @property
    def barriers(self):
        return [effect.barrier for effect in self.effects]


class HelpEffect(db.Model):
    """A barrier a help addressed, and what the help did to it."""

    __tablename__ = "help_effects"
    __table_args__ = (
        # "Did this help resolve anything?" and the dashboard's barrier x help matrix.
        sa.Index("ix_help_effects_effect_help_id", "effect", "help_id", "barrier_id"),
        # From a barrier to the helps that addressed it, with their effect (migration 0005).
        sa.Index("ix_help_effects_barrier_id_effect", "barrier_id", "effect", "help_id"),
        # The barrier x help matrix, and the helps that resolved a barrier per category, each in
        # the order of its grouping (0010).
        sa.Index(
            "ix_help_effects_dashboard",
            "effect",
            "barrier_category_id",
            "help_category_id",
            "barrier_id",
            "help_id",
            "initiative_id",  # for the theme filter (0013)
        ),
        sa.Index(
            "ix_help_effects_dashboard_help",
            "effect",
            "help_category_id",
            "help_id",
            "barrier_id",
            "initiative_id",
        ),
    )

    help_id: Mapped[int] = mapped_column(sa.ForeignKey("helps.id", ondelete="CASCADE"), primary_key=True)
    barrier_id: Mapped[int] = mapped_column(
        sa.ForeignKey("barriers.id", ondelete="CASCADE"), primary_key=True
    )  # indexed by ix_help_effects_barrier_id_effect
    #: Empty until the help has been applied.
    effect: Mapped[Effect | None] = mapped_column(enum_column_type(Effect, "effect"))
    #: The categories of the barrier and of the help, kept here too (`help_operations._effects_on`
    #: and `operations.categorise_effects`) so that the dashboard counts which help resolved which
    #: barrier without reading either.
    barrier_category_id: Mapped[int] = mapped_column(sa.ForeignKey("barrier_categories.id"))
    help_category_id: Mapped[int] = mapped_column(sa.ForeignKey("help_categories.id"))
    #: The case of the help and of the barrier, kept here too (`_of_the_barriers_case`) so that the
    #: dashboard filters the effects by the case's theme without reading either.
    initiative_id: Mapped[int] = mapped_column(sa.ForeignKey("initiatives.id", ondelete="CASCADE"))

    help = relationship("Help", back_populates="effects")
    barrier = relationship("Barrier", back_populates="effects")


@event.listens_for(HelpEffect, "before_insert")
def _of_the_barriers_case(_mapper, _connection, effect):
    """An effect is of its barrier's case (which is its help's: `operations` checks that)."""
    if effect.initiative_id is None:
        effect.initiative_id = effect.barrier.initiative_id
