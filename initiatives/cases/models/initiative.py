"""The initiative: one case, followed from first contact to a closed result."""

from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User, user_neighbourhoods
from initiatives.cases.location import Location
from initiatives.cases.stages import Result, Stage
from initiatives.core.dates import local_today
from initiatives.core.db import UTCDateTime, Versioned, enum_column_type, utcnow
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood
from initiatives.vocabularies.models import Theme


class Channel(StrEnum):
    """How the initiative reached the municipality (the intake channel)."""

    PHONE = "phone"
    EMAIL = "email"
    WALK_IN = "walk_in"
    MEETING = "meeting"
    SOCIAL_MEDIA = "social_media"
    COUNCIL = "council"
    COLLEAGUE = "colleague"
    OTHER = "other"

    @property
    def title(self):
        return CHANNEL_TITLES[self]


CHANNEL_TITLES = {
    Channel.PHONE: _l("Phone"),
    Channel.EMAIL: _l("E-mail"),
    Channel.WALK_IN: _l("Walk-in"),
    Channel.MEETING: _l("Meeting in the neighbourhood"),
    Channel.SOCIAL_MEDIA: _l("Social media"),
    Channel.COUNCIL: _l("Via a council member"),
    Channel.COLLEAGUE: _l("Via a colleague"),
    Channel.OTHER: _l("Other"),
}


class CaseKind(StrEnum):
    """What kind of case: a citizen initiative, or a challenge under the uitdaagrecht (the right
    to challenge the municipality to let residents carry out one of its tasks)."""

    INITIATIVE = "initiative"
    RIGHT_TO_CHALLENGE = "right_to_challenge"

    @property
    def title(self):
        return CASE_KIND_TITLES[self]


CASE_KIND_TITLES = {
    CaseKind.INITIATIVE: _l("Citizen initiative"),
    CaseKind.RIGHT_TO_CHALLENGE: _l("Right to challenge"),
}

#: Days without activity after which an open case asks for attention.
QUIET_DAYS = 30

initiative_themes = sa.Table(
    "initiative_themes",
    db.metadata,
    sa.Column("initiative_id", sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("theme_id", sa.ForeignKey("themes.id"), primary_key=True),
    # The cases of a theme, read from the index alone (the dashboard's theme filter; 0010).
    sa.Index("ix_initiative_themes_theme_id_initiative_id", "theme_id", "initiative_id"),
)

initiative_team = sa.Table(
    "initiative_team",
    db.metadata,
    sa.Column("initiative_id", sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True, index=True),
)


class Initiative(Versioned, db.Model):
    """A citizen initiative (bewonersinitiatief), the case Bricoleur follows."""

    __tablename__ = "initiatives"
    __table_args__ = (
        sa.CheckConstraint(
            "(stage = 'closed') = (result IS NOT NULL AND closed_on IS NOT NULL)",
            name="closed_has_result",
        ),
        # A closed or withdrawn case waits for nothing. PostgreSQL only in the migrations (0018):
        # on SQLite adding it would copy the table and lose its triggers; the operations check.
        sa.CheckConstraint(
            "follow_up_on IS NULL OR (stage <> 'closed' AND withdrawn_at IS NULL)",
            name="no_follow_up_when_done",
        ),
        # A location is a whole point or none. PostgreSQL only in the migrations (0030), as above.
        sa.CheckConstraint("(latitude IS NULL) = (longitude IS NULL)", name="location_is_a_point"),
        sa.Index("ix_initiatives_stage_follow_up_on", "stage", "follow_up_on"),
        sa.Index("ix_initiatives_neighbourhood_id_stage", "neighbourhood_id", "stage"),
        # "Mijn werk": a manager's cases by follow-up date and by last activity. Stage and the
        # other date ride along so the filters are answered from the index alone.
        sa.Index("ix_initiatives_owner_follow_up", "owner_id", "follow_up_on", "stage", "last_activity_at"),
        sa.Index("ix_initiatives_owner_activity", "owner_id", "last_activity_at", "stage", "follow_up_on"),
        # The open right-to-challenge cases (Mijn werk's deadlines, the notices of a nearing one).
        sa.Index("ix_initiatives_kind_stage", "kind", "stage"),
        # The challenge cases received in a period (the dashboard and the council report; 0034).
        sa.Index("ix_initiatives_kind_received_on", "kind", "received_on"),
        # The dashboard's map: the cases of a period per neighbourhood, from the index alone
        # (100,000 cases, one year: 400 -> 25 ms on SQLite).
        sa.Index("ix_initiatives_received_on_neighbourhood_id", "received_on", "neighbourhood_id"),
        # The cases near a point (the similarity's same location at intake; 0036).
        sa.Index("ix_initiatives_latitude_longitude", "latitude", "longitude"),
        # The cases that count (not withdrawn, not merged) per stage, from the index alone: the
        # secretary's open cases (a million cases: 440 -> 50 ms on SQLite; 0041).
        sa.Index(
            "ix_initiatives_counting_stage",
            "stage",
            sqlite_where=sa.text("withdrawn_at IS NULL AND merged_into_id IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL AND merged_into_id IS NULL"),
        ),
    )

    #: Adding an activity is not an edit of the case: only edits and moves raise the version.
    automatic_versioning = False

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    #: An initiative, or a right-to-challenge case (whose proposal and decision another domain keeps).
    kind: Mapped[CaseKind] = mapped_column(
        enum_column_type(CaseKind, "case_kind"), default=CaseKind.INITIATIVE, server_default="initiative"
    )
    description: Mapped[str] = mapped_column(sa.Text, default="")
    #: The wijk or buurt the initiative is in.
    neighbourhood_id: Mapped[int] = mapped_column(sa.ForeignKey("neighbourhoods.id"))
    #: A street address or place, when the idea is tied to one (may be a resident's: personal data).
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "channel"))
    received_on: Mapped[date] = mapped_column(index=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "stage"), default=Stage.INTAKE, index=True)
    #: What the initiators ask of the municipality.
    support_requested: Mapped[str] = mapped_column(sa.Text, default="")
    next_step: Mapped[str] = mapped_column(sa.String(300), default="")
    follow_up_on: Mapped[date | None] = mapped_column(index=True)
    result: Mapped[Result | None] = mapped_column(enum_column_type(Result, "result"))
    lessons: Mapped[str] = mapped_column(sa.Text, default="")
    closed_on: Mapped[date | None]
    #: When the case last had an activity or change; drives "no activity for 30 days".
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: The e-mail this case was opened from, so a mailbox import never makes it twice.
    source_message_id: Mapped[str | None] = mapped_column(sa.String(300), unique=True)
    #: When the case was withdrawn (registered by mistake or twice); None while it counts. A
    #: withdrawn case stays readable, and leaves Mijn werk, the lists, the dashboard, the lessons,
    #: the exports and the council report. Its history: `withdrawals`.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: False leaves the case out of the council report (a confidential or test case).
    in_council_report: Mapped[bool] = mapped_column(default=True)
    #: The case this one was merged into (a duplicate: its contacts, timeline, barriers, helps,
    #: files, team and themes moved there); None while it counts. It stays readable, and leaves
    #: every list and figure as a withdrawn case does. Its history: the merging domain's `Merge`.
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("initiatives.id"), index=True)
    #: Where the idea takes place, as a WGS84 point within the Netherlands (`cases.location`): the
    #: square, park or street of the initiative, never a resident's home address. Both or neither.
    latitude: Mapped[float | None] = mapped_column(sa.Float)
    longitude: Mapped[float | None] = mapped_column(sa.Float)

    neighbourhood: Mapped[Neighbourhood] = relationship()
    merged_into: Mapped["Initiative | None"] = relationship(remote_side=[id])
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    themes: Mapped[list[Theme]] = relationship(secondary=initiative_themes, order_by=Theme.position)
    team: Mapped[list[User]] = relationship(secondary=initiative_team, order_by=User.full_name)
    initiators = relationship("Initiator", back_populates="initiative", order_by="Initiator.id")
    activities = relationship(
        "Activity",
        back_populates="initiative",
        foreign_keys="Activity.initiative_id",
        order_by="(Activity.happened_on.desc(), Activity.id.desc())",
    )
    stage_changes = relationship("StageChange", back_populates="initiative", order_by="StageChange.id")
    attachments = relationship("Attachment", back_populates="initiative", order_by="Attachment.id")
    barriers = relationship(
        "Barrier", back_populates="initiative", order_by="Barrier.raised_on.desc(), Barrier.id.desc()"
    )
    helps = relationship(
        "Help", back_populates="initiative", order_by="Help.requested_on.desc(), Help.id.desc()"
    )
    withdrawals = relationship("Withdrawal", back_populates="initiative", order_by="Withdrawal.id")
    #: The open cases this one may duplicate ("mogelijk dubbel"), until the team clears the mark.
    possible_duplicates = relationship(
        "PossibleDuplicate",
        back_populates="initiative",
        foreign_keys="PossibleDuplicate.initiative_id",
        order_by="PossibleDuplicate.candidate_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    # -- access rules -------------------------------------------------------------------------

    def can_view(self, user):
        """Neighbourhood managers and secretaries read every case (colleagues learn from each other)."""
        return user.is_authenticated and user.role in {Role.NEIGHBOURHOOD_MANAGER, Role.SECRETARY}

    def can_edit(self, user):
        """The managers of the case's wijk, its owner and its team edit it."""
        if not user.is_authenticated or user.role != Role.NEIGHBOURHOOD_MANAGER:
            return False
        return self.owner_id == user.id or self.is_on_team(user) or user.works_in(self.neighbourhood)

    def can_view_contacts(self, user):
        """Residents' contact details are for those who work on the case only."""
        return self.can_edit(user)

    @classmethod
    def contacts_visible_to(cls, user):
        """Return the SQL condition "`user` may see the case's contact details" on this table
        (`can_view_contacts`, for queries over many cases), or None where that is no case at all.

        The case's owner, its team and the managers of its wijk (the case may lie in a buurt of
        it). The wijken's areas and the user's cases on a team are read once per query.
        """
        if not user.is_authenticated or user.role != Role.NEIGHBOURHOOD_MANAGER:
            return None
        wijken = sa.select(user_neighbourhoods.c.neighbourhood_id).where(
            user_neighbourhoods.c.user_id == user.id
        )
        areas = sa.select(Neighbourhood.id).where(
            sa.func.coalesce(Neighbourhood.parent_id, Neighbourhood.id).in_(wijken)  # its wijk
        )
        on_team = sa.select(initiative_team.c.initiative_id).where(initiative_team.c.user_id == user.id)
        return sa.or_(cls.owner_id == user.id, cls.neighbourhood_id.in_(areas), cls.id.in_(on_team))

    def is_on_team(self, user):
        return any(member.id == user.id for member in self.team)

    # -- state --------------------------------------------------------------------------------

    @property
    def is_closed(self):
        return self.stage == Stage.CLOSED

    @property
    def is_challenge(self):
        return self.kind == CaseKind.RIGHT_TO_CHALLENGE

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_merged(self):
        return self.merged_into_id is not None

    @property
    def counts(self):
        """Neither withdrawn nor merged into another case: it counts in lists and figures."""
        return not self.is_withdrawn and not self.is_merged

    @classmethod
    def not_withdrawn(cls):
        """The SQL condition "the case counts in lists and figures": not withdrawn, and not merged
        into another case (whose figures hold what it had)."""
        return sa.and_(cls.withdrawn_at.is_(None), cls.merged_into_id.is_(None))

    @property
    def withdrawal(self):
        """The row that withdrew the case, while it is withdrawn; else None."""
        if not self.is_withdrawn or not self.withdrawals:
            return None
        return self.withdrawals[-1]

    @property
    def withdrawn_reason(self):
        return self.withdrawal.reason if self.withdrawal else None

    @hybrid_property
    def awaits_work(self):
        """Open, not withdrawn and not merged into another case: a follow-up date means something."""
        return not self.is_closed and self.counts

    @awaits_work.inplace.expression
    @classmethod
    def _awaits_work_condition(cls):
        return sa.and_(cls.stage != Stage.CLOSED, cls.not_withdrawn())

    @hybrid_method
    def is_overdue(self, today=None):
        """Its follow-up date has passed; a closed or withdrawn case is never overdue. In SQL
        never NULL, so that its negation holds the cases that are not."""
        today = today or local_today()
        return self.awaits_work and self.follow_up_on is not None and self.follow_up_on < today

    @is_overdue.inplace.expression
    @classmethod
    def _is_overdue_condition(cls, today=None):
        today = today or local_today()
        return sa.and_(cls.awaits_work, cls.follow_up_on.is_not(None), cls.follow_up_on < today)

    def is_quiet(self, now=None):
        now = now or utcnow()
        return self.awaits_work and self.last_activity_at < now - timedelta(days=QUIET_DAYS)

    @property
    def location(self):
        """The case's point (`cases.location.Location`), or None."""
        if self.latitude is None or self.longitude is None:
            return None
        return Location(self.latitude, self.longitude)

    @hybrid_property
    def has_location(self):
        return self.latitude is not None

    def __repr__(self):
        return f"<Initiative {self.id} {self.stage}>"
