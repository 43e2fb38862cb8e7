"""The dashboard's filters as they live in the URL, and the part of the municipality a user sees.

A value that cannot be used (not a date, an unknown code, a wijk that is not the user's) is
ignored and explained in `notes`, so a shared or mistyped link still shows a dashboard.
"""

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from initiatives.cases.stages import Stage
from initiatives.core.dates import FIRST_YEAR, LAST_YEAR, in_supported_years
from initiatives.core.parsing import whole_number
from initiatives.core.roles import Role
from initiatives.dashboard.map_figures import MapLevel, MapMeasure
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.vocabularies.models import Theme

#: How much of a rejected value a note repeats.
NOTE_VALUE_LENGTH = 40


@dataclass(frozen=True)
class Scope:
    """The neighbourhoods a user's dashboard covers: everything, or a manager's own wijken."""

    #: The user's wijken; None for the whole municipality.
    wijken: tuple | None = None

    @classmethod
    def for_user(cls, user):
        if user.role == Role.NEIGHBOURHOOD_MANAGER:
            return cls(wijken=tuple(user.neighbourhoods))
        return cls()

    @property
    def is_limited(self):
        return self.wijken is not None

    @property
    def wijk_codes(self):
        return [wijk.code for wijk in self.wijken or ()]

    def neighbourhood_ids(self):
        """The ids of the user's wijken and their buurten; None when the scope is everything."""
        if self.wijken is None:
            return None
        return Neighbourhood.ids_within(self.wijken)

    def covers(self, neighbourhood):
        return self.wijken is None or any(wijk.id == neighbourhood.wijk.id for wijk in self.wijken)


@dataclass
class DashboardFilters:
    """Period, neighbourhood, department, stage and theme; the period is inclusive at both ends."""

    start: date | None = None  # `from` in the URL
    end: date | None = None  # `to` in the URL
    neighbourhood: Neighbourhood | None = None  # a wijk includes its buurten
    department: Department | None = None
    stage: Stage | None = None  # the stage the case was in when the barrier was hit
    theme: Theme | None = None
    notes: list = field(default_factory=list)
    #: Only the cases in the council report (`Initiative.in_council_report`): for the report, not a
    #: filter in the URL.
    council_report: bool = False
    #: What the map shows, and per buurt or wijk: a view of the figures, not a filter of them.
    map_measure: MapMeasure = MapMeasure.INITIATIVES
    map_level: MapLevel = MapLevel.BUURT

    @classmethod
    def from_args(cls, args, session, scope):
        """Read the filters from `args`, ignoring (with a note) what cannot be used."""
        filters = cls()
        filters.start = filters._date(args.get("from", ""), "from")
        filters.end = filters._date(args.get("to", ""), "to")
        if filters.start and filters.end and filters.start > filters.end:
            filters.notes.append(
                _l(
                    "The period starts (%(start)s) after it ends (%(end)s), so it is ignored.",
                    start=filters.start.isoformat(),
                    end=filters.end.isoformat(),
                )
            )
            filters.start = filters.end = None
        filters.neighbourhood = filters._neighbourhood(args.get("neighbourhood", ""), session, scope)
        filters.department = filters._department(args.get("department", ""), session)
        filters.stage = filters._stage(args.get("stage", ""))
        filters.theme = filters._theme(args.get("theme", ""), session)
        filters.map_measure = filters._choice(args.get("map_measure", ""), MapMeasure, MapMeasure.INITIATIVES)
        filters.map_level = filters._choice(args.get("map_level", ""), MapLevel, MapLevel.BUURT)
        return filters

    def to_args(self):
        """The filters as URL arguments, for links and the API."""
        args = {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "neighbourhood": self.neighbourhood.code if self.neighbourhood else None,
            "department": self.department.id if self.department else None,
            "stage": self.stage.value if self.stage else None,
            "theme": self.theme.code if self.theme else None,
        }
        return {name: value for name, value in args.items() if value is not None}

    def active(self):
        return bool(self.to_args())

    def map_args(self):
        """The map's choices as URL arguments, for links that keep them (the defaults left out)."""
        args = {}
        if self.map_measure is not MapMeasure.INITIATIVES:
            args["map_measure"] = self.map_measure.value
        if self.map_level is not MapLevel.BUURT:
            args["map_level"] = self.map_level.value
        return args

    # -- reading one value --------------------------------------------------------------------

    def _date(self, value, name):
        if not value.strip():
            return None
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            if name == "from":
                self.notes.append(
                    _l(
                        "The start date “%(value)s” is not a date (YYYY-MM-DD), so it is ignored.",
                        value=_shown(value),
                    )
                )
            else:
                self.notes.append(
                    _l(
                        "The end date “%(value)s” is not a date (YYYY-MM-DD), so it is ignored.",
                        value=_shown(value),
                    )
                )
            return None
        if in_supported_years(day):
            return day
        self.notes.append(
            _l(
                "The date “%(value)s” is not between %(first)s and %(last)s, so it is ignored.",
                value=_shown(value),
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )
        return None

    def _neighbourhood(self, value, session, scope):
        code = value.strip().upper()
        if not code:
            return None
        neighbourhood = session.scalar(sa.select(Neighbourhood).where(Neighbourhood.code == code))
        if neighbourhood is None:
            self.notes.append(
                _l("The neighbourhood “%(value)s” does not exist, so it is ignored.", value=_shown(value))
            )
            return None
        if not scope.covers(neighbourhood):
            self.notes.append(
                _l(
                    "The neighbourhood “%(value)s” is not one of your wijken, so it is ignored.",
                    value=_shown(value),
                )
            )
            return None
        return neighbourhood

    def _department(self, value, session):
        if not value.strip():
            return None
        number = whole_number(value)
        department = session.get(Department, number) if number is not None else None
        if department is None:
            self.notes.append(
                _l("The department “%(value)s” does not exist, so it is ignored.", value=_shown(value))
            )
        return department

    def _stage(self, value):
        if not value.strip():
            return None
        if value.strip() not in {stage.value for stage in Stage}:
            self.notes.append(
                _l("The stage “%(value)s” does not exist, so it is ignored.", value=_shown(value))
            )
            return None
        return Stage(value.strip())

    def _theme(self, value, session):
        if not value.strip():
            return None
        theme = session.scalar(sa.select(Theme).where(Theme.code == value.strip()))
        if theme is None:
            self.notes.append(
                _l("The theme “%(value)s” does not exist, so it is ignored.", value=_shown(value))
            )
        return theme

    def _choice(self, value, enum_class, default):
        if not value.strip():
            return default
        try:
            return enum_class(value.strip())
        except ValueError:
            self.notes.append(
                _l("The map choice “%(value)s” does not exist, so it is ignored.", value=_shown(value))
            )
            return default


def _shown(value):
    """The part of a rejected value a note repeats."""
    return value.strip()[:NOTE_VALUE_LENGTH]
