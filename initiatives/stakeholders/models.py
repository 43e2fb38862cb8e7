"""A stakeholder of a case, the history of its stance, and the timeline entries it was part of."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, Versioned, enum_column_type, utcnow
from initiatives.extensions import db
from initiatives.organisation.models import Department
from initiatives.stakeholders.kinds import OrganisationKind, Side, StakeholderRole, Stance

#: The timeline entries (activities) a stakeholder took part in: the last one is its last contact.
stakeholder_activities = sa.Table(
    "stakeholder_activities",
    db.metadata,
    sa.Column("stakeholder_id", sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Stakeholder(Versioned, db.Model):
    """Someone involved in a case: a department (or a colleague in it) inside the municipality,
    or an organisation (or a person) outside it. A named person is personal data: shown only to
    those who may see the case's contact details (`privacy.stakeholder_label`)."""

    __tablename__ = "stakeholders"
    __table_args__ = (
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name="influence_1_to_5"),
        sa.CheckConstraint("interest BETWEEN 1 AND 5", name="interest_1_to_5"),
        sa.CheckConstraint("side = 'outside' OR department_id IS NOT NULL", name="inside_has_department"),
        sa.CheckConstraint("side = 'outside' OR initiator_id IS NULL", name="contact_person_is_outside"),
    )

    #: Every edit is deliberate (`operations.update_stakeholder` raises it).
    automatic_versioning = False

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    side: Mapped[Side] = mapped_column(enum_column_type(Side, "stakeholder_side"))
    role: Mapped[StakeholderRole] = mapped_column(enum_column_type(StakeholderRole, "stakeholder_role"))
    #: The current stance; its history is `stances`.
    stance: Mapped[Stance] = mapped_column(
        enum_column_type(Stance, "stakeholder_stance"), default=Stance.UNKNOWN
    )
    #: 1 (little) to 5 (much): on the map, 5 lies closest to the initiative.
    influence: Mapped[int]
    interest: Mapped[int]
    #: Inside: the department (required); outside: none.
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"), index=True)
    #: Outside: the organisation (a residents' group, the housing corporation, a school...).
    organisation: Mapped[str] = mapped_column(sa.String(120), default="")
    #: Outside: what kind of organisation (None inside, or not given); counted in the council report.
    organisation_kind: Mapped[OrganisationKind | None] = mapped_column(
        enum_column_type(OrganisationKind, "organisation_kind")
    )
    #: A colleague's name (inside) or a contact person's (outside): personal data.
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    #: A resident who is already a contact person of the case: linked, not copied.
    initiator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("initiators.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative")
    department: Mapped[Department | None] = relationship()
    initiator = relationship("Initiator")
    created_by: Mapped[User] = relationship()
    stances = relationship(
        "StakeholderStance",
        back_populates="stakeholder",
        order_by="StakeholderStance.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    activities = relationship("Activity", secondary=stakeholder_activities, order_by="Activity.happened_on")

    @property
    def last_contact_on(self):
        """The date of the latest timeline entry (not voided) it took part in, or None."""
        days = [activity.happened_on for activity in self.activities if not activity.is_voided]
        return max(days) if days else None

    @property
    def is_named(self):
        """Whether it names a person (a colleague, a contact person, a linked initiator)."""
        return bool(self.name) or self.initiator_id is not None


class StakeholderStance(db.Model):
    """A stance as recorded: the first when the stakeholder was added, then each change (history is
    data). Its note is free text of the case, anonymised with it."""

    __tablename__ = "stakeholder_stances"

    id: Mapped[int] = mapped_column(primary_key=True)
    stakeholder_id: Mapped[int] = mapped_column(
        sa.ForeignKey("stakeholders.id", ondelete="CASCADE"), index=True
    )
    stance: Mapped[Stance] = mapped_column(enum_column_type(Stance, "stakeholder_stance_recorded"))
    recorded_on: Mapped[date]
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stakeholder = relationship("Stakeholder", back_populates="stances")
    actor: Mapped[User] = relationship()

    @property
    def initiative(self):
        return self.stakeholder.initiative
