"""Dates as the municipality lives them: "today" is today in its own time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/Amsterdam"


def local_today():
    """Return today's date in the municipality's time zone (BRICOLEUR_TIMEZONE)."""
    timezone = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_TIMEZONE
    return datetime.now(ZoneInfo(timezone)).date()
