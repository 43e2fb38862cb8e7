"""Neighbourhoods and departments: reference data managed by the admin."""

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.core.db import UTCDateTime, Versioned, utcnow
from initiatives.extensions import db

#: CBS codes: a wijk is WK + municipality (4) + wijk (2) digits; a buurt adds two more digits.
DISTRICT_CODE = re.compile(r"^WK\d{6}$")
BUURT_CODE = re.compile(r"^BU\d{8}$")


class Neighbourhood(Versioned, db.Model):
    """A wijk (district) or, when it has a parent, a buurt inside that wijk."""

    __tablename__ = "neighbourhoods"
    __table_args__ = (
        sa.CheckConstraint(
            "(parent_id IS NULL AND code LIKE 'WK%') OR (parent_id IS NOT NULL AND code LIKE 'BU%')",
            name="wijk_or_buurt",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The CBS code, e.g. WK036301 for a wijk or BU03630102 for a buurt.
    code: Mapped[str] = mapped_column(sa.String(10), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    #: The wijk a buurt belongs to; empty for a wijk.
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("neighbourhoods.id"), index=True)
    #: Retired neighbourhoods stay for history but are not offered for new cases.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    parent: Mapped["Neighbourhood | None"] = relationship(remote_side=[id], back_populates="buurten")
    buurten: Mapped[list["Neighbourhood"]] = relationship(
        back_populates="parent", order_by="Neighbourhood.code"
    )

    @property
    def is_wijk(self):
        return self.parent_id is None and self.parent is None

    @property
    def wijk(self):
        """Return the wijk this neighbourhood is, or lies in."""
        return self if self.is_wijk else self.parent

    @property
    def label(self):
        return f"{self.name} ({self.code})"

    @property
    def area_ids(self):
        """The ids of what lies in this neighbourhood: itself, and for a wijk its buurten."""
        return [self.id, *(buurt.id for buurt in self.buurten)]

    @staticmethod
    def ids_within(areas):
        """The ids of what lies in the neighbourhoods `areas`: a wijk includes its buurten."""
        return [area_id for area in areas for area_id in area.area_ids]

    def __repr__(self):
        return f"<Neighbourhood {self.code}>"


class Department(Versioned, db.Model):
    """An afdeling of the municipality, where barriers arise and help comes from."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self):
        return f"<Department {self.name}>"
