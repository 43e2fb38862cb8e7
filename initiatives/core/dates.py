"""Dates as the municipality lives them: "today" is today in its own time zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/Amsterdam"
#: The years a date typed or sent may fall in: far-off years are typing errors, and a day more
#: or a time zone away (or a quarter further, on the dashboard) they overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def in_supported_years(day):
    """Whether `day` falls in the years FIRST_YEAR to LAST_YEAR."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


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
