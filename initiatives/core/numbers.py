"""Numbers for people, in the reader's notation: 1.234 and 79,8 in Dutch, 1,234 and 79.8 in English."""

from flask_babel import format_decimal, format_number

#: What stands in for a figure that cannot be computed (no barrier resolved yet, say).
NONE = "–"


def number(value):
    """A whole number with the locale's grouping: 1.234."""
    return format_number(value)


def days(value):
    """A number of days to one decimal at most (79,8; 80); NONE for None."""
    return NONE if value is None else format_decimal(round(value, 1))


def average(value):
    """An average to one decimal (3,5; 4); NONE for None (nothing to average)."""
    return NONE if value is None else format_decimal(round(value, 1))
