"""Whole numbers from what a browser or an API client sent: ids, page numbers, codes.

`str.isdigit` also holds for "²" and "①", which `int` refuses, and a number with more digits
than the database's integers hold fails when it is bound: both were server errors. What is not
a number here is treated as absent, and each caller says so in its own way.
"""

#: The most digits read: every such number fits PostgreSQL's INTEGER (below 2**31).
MAX_DIGITS = 9


def is_digits(text):
    """Whether `text` is made of the ASCII digits 0-9 only (and is not empty)."""
    return text.isascii() and text.isdecimal()


def whole_number(text, max_digits=MAX_DIGITS):
    """`text`, spaces around it ignored, as a whole number of at most `max_digits` ASCII digits
    (no sign); None for anything else."""
    text = (text or "").strip()
    return int(text) if is_digits(text) and len(text) <= max_digits else None


def page_number(args):
    """The `page` argument of a list's URL: a whole number from 1; page 1 for anything else. A
    page past the last one is an empty page."""
    return whole_number(args.get("page")) or 1
