"""The case list's filter on the date of first contact, which the dashboard's map links with: the
initiatives it counts per wijk or buurt came in during the period."""

from flask_babel import format_date
from flask_babel import gettext as _

from initiatives.cases.models import Initiative
from initiatives.cases.queries import ExtraFilters, register_extra_filters
from initiatives.core.dates import iso_day

RECEIVED_FILTERS = ("received_from", "received_to")


def parse(args):
    return {name: iso_day(args.get(name, "")) for name in RECEIVED_FILTERS}


def conditions(filters, _initiative_id):
    found = []
    if filters.received_from:
        found.append(Initiative.received_on >= filters.received_from)
    if filters.received_to:
        found.append(Initiative.received_on <= filters.received_to)
    return found


def describe(_session, filters):
    start, end = filters.received_from, filters.received_to
    if start and end:
        return _("First contact from %(start)s to %(end)s.", start=format_date(start), end=format_date(end))
    if start:
        return _("First contact on or after %(start)s.", start=format_date(start))
    if end:
        return _("First contact on or before %(end)s.", end=format_date(end))
    return ""


def connect_to_cases():
    register_extra_filters(
        "received",
        ExtraFilters(names=RECEIVED_FILTERS, parse=parse, conditions=conditions, describe=describe),
    )
