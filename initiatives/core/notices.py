"""Messages for the next page (Flask's flash), shown where the work happened.

A message may name the part of the page it belongs to (its `place`, such as a section of the case
page): that page shows it at the top of that part, where the redirect's fragment opens it, so the
confirmation is in view (and focused, by static/js/forms.js or by the fragment itself). A page that
has no such part shows every message at its top, as base.html does.
"""

from flask import flash, get_flashed_messages

#: The kinds of message, as the alert component styles them.
KINDS = ("success", "info")


def notify(message, kind="success", place=None):
    """Show `message` on the next page; at `place` (an element's id) where that page has it."""
    flash(message, f"{kind}:{place}" if place else kind)


def notices(place=None, shown_elsewhere=()):
    """The flashed messages as (kind, text): those for `place`; or, without a place, all those
    whose place is not in `shown_elsewhere` (the places this page shows on their own)."""
    found = []
    for category, message in get_flashed_messages(with_categories=True):
        kind, _separator, own_place = category.partition(":")
        if place is not None and own_place != place:
            continue
        if place is None and own_place in shown_elsewhere:
            continue
        found.append((kind if kind in KINDS else "info", message))
    return found
