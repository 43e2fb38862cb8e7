"""Dates as the municipality lives them: "today" is today in its own time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

DEFAULT_TIMEZONE = "Europe/Amsterdam"
#: The years a date typed or sent may fall in: far-off years are typing errors, and a day more
#: or a time zone away (or a quarter further, on the dashboard) they overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999
#: The dates of a case's work (first contact, follow-up, activities, barriers, helps) lie from
#: this day up to WORK_YEARS_AHEAD years after today: outside that, a year was mistyped (1926
#: or 2062 for 2026). Pages, the API and the operations give the same answer: `work_date_problem`.
EARLIEST_WORK_DAY = date(1990, 1, 1)
WORK_YEARS_AHEAD = 2  # the messages say "two years"


def in_supported_years(day):
    """Whether `day` falls in the years FIRST_YEAR to LAST_YEAR."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def latest_work_day(today=None):
    """The last day a date of a case's work may fall on: WORK_YEARS_AHEAD years after today."""
    today = today or local_today()
    year = today.year + WORK_YEARS_AHEAD
    try:
        return today.replace(year=year)
    except ValueError:  # 29 February, in a year without one
        return today.replace(year=year, day=28)


def work_date_problem(day):
    """Why `day` cannot be a date of a case's work, as a message for people; None when it can."""
    if day < EARLIEST_WORK_DAY:
        return _l("A date before 1990 is not possible here: check the year.")
    if day > latest_work_day():
        return _l("A date more than two years ahead is not possible here: check the year.")
    return None


def iso_day(text):
    """`text` as a date in ISO form (2026-11-23) in the years FIRST_YEAR to LAST_YEAR; else None."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if in_supported_years(day) else None


def local_time_zone():
    """The municipality's time zone (BRICOLEUR_TIMEZONE)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_TIMEZONE)


def local_today():
    """Return today's date in the municipality's time zone."""
    return datetime.now(local_time_zone()).date()


def local_date(moment):
    """The date of a timestamp (with its time zone) in the municipality's time zone."""
    return moment.astimezone(local_time_zone()).date()
