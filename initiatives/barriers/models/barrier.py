"""A barrier a case hit inside the municipality."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.barriers.lifecycle import BarrierStatus
from initiatives.barriers.models.categories import BarrierCategory
from initiatives.cases.stages import Stage
from initiatives.core.db import UTCDateTime, Versioned, enum_column_type, utcnow
from initiatives.core.sql import days_between
from initiatives.extensions import db
from initiatives.organisation.models import Department, Neighbourhood


class Barrier(Versioned, db.Model):
    __tablename__ = "barriers"
    __table_args__ = (
        sa.CheckConstraint(
            "(status = 'open') = (resolved_on IS NULL)", name="resolved_on_when_no_longer_open"
        ),
        sa.Index("ix_barriers_category_id_raised_on", "category_id", "raised_on"),
        sa.Index("ix_barriers_status_raised_on", "status", "raised_on"),
        # Covering indexes for the dashboard's aggregates, each led by what its query groups by.
        sa.Index(
            "ix_barriers_dashboard_category",
            "category_id",
            "raised_on",
            "status",
            "department_id",
            "stage",
            "initiative_id",
            "resolved_on",
            "neighbourhood_id",  # migration 0010
        ),
        sa.Index(
            "ix_barriers_dashboard_counts",
            "category_id",
            "department_id",
            "stage",
            "status",
            "raised_on",
            "initiative_id",
            "neighbourhood_id",  # migration 0010
        ),
        sa.Index(
            "ix_barriers_dashboard_case",
            "initiative_id",
            "status",
            "raised_on",
            "category_id",
            "department_id",
            "stage",
            "resolved_on",  # migration 0005
            "neighbourhood_id",  # migration 0010
            "days_to_resolve",
        ),
        # Barriers per neighbourhood, and the neighbourhood filter (migration 0010).
        sa.Index(
            "ix_barriers_dashboard_neighbourhood",
            "neighbourhood_id",
            "status",
            "raised_on",
            "category_id",
            "department_id",
            "stage",
            "initiative_id",
        ),
        # The time to resolve: a histogram of days per category, read in index order (0010).
        sa.Index(
            "ix_barriers_dashboard_resolve",
            "status",
            "category_id",
            "days_to_resolve",
            "raised_on",
            "department_id",
            "stage",
            "neighbourhood_id",
            "initiative_id",
        ),
        # The period filter: raised_on first, covering what the dashboard counts (migration 0005).
        sa.Index(
            "ix_barriers_dashboard_raised_on",
            "raised_on",
            "status",
            "category_id",
            "department_id",
            "stage",
            "initiative_id",
            "resolved_on",
            "neighbourhood_id",  # migration 0010
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    category_id: Mapped[int] = mapped_column(sa.ForeignKey("barrier_categories.id"))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: The department where the barrier arose, when it is one.
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    #: The stage the case was in when the barrier was hit.
    stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "barrier_stage"), index=True)
    raised_on: Mapped[date]  # indexed by ix_barriers_dashboard_raised_on
    status: Mapped[BarrierStatus] = mapped_column(
        enum_column_type(BarrierStatus, "barrier_status"), default=BarrierStatus.OPEN
    )
    #: When it was resolved, or accepted as unresolvable.
    resolved_on: Mapped[date | None]
    #: The days from raised to resolved (or accepted), worked out by the database from the two
    #: dates, so that the dashboard's time to resolve reads an index instead of doing date
    #: arithmetic on every resolved barrier. A generated column: a later SQLite batch migration
    #: that rebuilds this table must leave it out of the rows it copies.
    days_to_resolve: Mapped[int | None] = mapped_column(
        sa.Computed(
            days_between(sa.literal_column("raised_on"), sa.literal_column("resolved_on")), persisted=True
        )
    )
    #: The case's neighbourhood, kept here too (`operations.record_barrier`, `cases.operations.
    #: update_case`) so that the dashboard counts barriers per neighbourhood without reading a
    #: case per barrier.
    neighbourhood_id: Mapped[int] = mapped_column(sa.ForeignKey("neighbourhoods.id"))
    #: The inside stakeholder of the case it came from, when one is named (migration 0026). By
    #: table name: the stakeholder map is a domain above barriers, which offers and checks it
    #: (`barriers.stakeholder_source`).
    stakeholder_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative", back_populates="barriers")
    category: Mapped[BarrierCategory] = relationship()
    department: Mapped[Department | None] = relationship()
    neighbourhood: Mapped[Neighbourhood] = relationship()
    created_by: Mapped[User] = relationship()
    effects = relationship("HelpEffect", back_populates="barrier", cascade="all, delete-orphan")

    @property
    def is_open(self):
        return self.status == BarrierStatus.OPEN
