"""The dates of timestamps in an export: the date here, of a moment stored in UTC."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from initiatives.exports.table_rows import Rows


def _rows(zone):
    return Rows(SimpleNamespace(time_zone=ZoneInfo(zone)))


def _moments(start, count, step):
    return [start + step * number for number in range(count)]


@pytest.mark.parametrize("zone", ["Europe/Amsterdam", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham"])
def test_every_moment_gets_the_date_here_as_text_or_as_datetime(zone):
    # a year in steps of 7 minutes 13 seconds: every hour of the day, both changes of summer time
    start = datetime(2025, 1, 1, tzinfo=UTC).replace(tzinfo=None)  # stored in UTC, without the zone
    moments = _moments(start, 73_000, timedelta(minutes=7, seconds=13, microseconds=1))
    expected = [moment.replace(tzinfo=UTC).astimezone(ZoneInfo(zone)).date() for moment in moments]
    rows = _rows(zone)
    as_text = [moment.isoformat(sep=" ", timespec="microseconds") for moment in moments]
    assert rows.local_dates(as_text) == expected  # as SQLite gives them
    assert rows.local_dates(moments) == expected  # as PostgreSQL does


def test_the_hour_before_midnight_here_is_the_next_day_in_amsterdam():
    rows = _rows("Europe/Amsterdam")
    assert rows.local_dates(["2025-06-30 21:59:59.999999", "2025-06-30 22:00:00.000000"]) == [
        date(2025, 6, 30),
        date(2025, 7, 1),
    ]


def test_a_moment_stored_without_its_time_still_gets_its_date():
    # as a database tool may have written it: the date of midnight UTC, here
    assert _rows("Europe/Amsterdam").local_dates(["2025-06-30", "2025-06-30 12:00:00"]) == [
        date(2025, 6, 30),
        date(2025, 6, 30),
    ]
