"""Dates as the municipality lives them: "today" is today in its own time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/Amsterdam"


def local_time_zone():
    """The municipality's time zone (BRICOLEUR_TIMEZONE)."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_TIMEZONE)


def local_today():
    """Return today's date in the municipality's time zone."""
    return datetime.now(local_time_zone()).date()


def local_date(moment):
    """The date of a timestamp (with its time zone) in the municipality's time zone."""
    return moment.astimezone(local_time_zone()).date()
