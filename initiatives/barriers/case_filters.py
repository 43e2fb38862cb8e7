"""The case list's filters on barriers and helps, which make the dashboard's numbers clickable;
the case list applies them as extra filters (`cases.queries.register_extra_filters`).

A case matches when it has one barrier matching all barrier filters together. With help filters
it also needs one help matching all help filters together; when barrier filters are given too,
that help must have addressed such a barrier (`resolved_by_help`: resolved it).
"""

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from initiatives.barriers.lifecycle import BarrierStatus, Effect, HelpStatus, Provider
from initiatives.barriers.models import Barrier, BarrierCategory, Help, HelpCategory, HelpEffect
from initiatives.cases.queries import ExtraFilters
from initiatives.cases.stages import Stage
from initiatives.core.dates import iso_day
from initiatives.core.parsing import whole_number
from initiatives.organisation.models import Department

BARRIER_FILTERS = (
    "barrier_category",
    "barrier_status",
    "department",
    "barrier_stage",
    "raised_from",
    "raised_to",
)
HELP_FILTERS = (
    "help_category",
    "help_status",
    "resolved_by_help",
    "help_provider",
    "requested_from",
    "requested_to",
)
#: `department` value for barriers that arose outside any department.
NO_DEPARTMENT = "none"
CODE_LENGTH = 40


def parse(args):
    """Read the barrier and help filters from `args`; unusable values are left out."""
    return {
        "barrier_category": args.get("barrier_category", "").strip()[:CODE_LENGTH],
        "barrier_status": _one_of(args.get("barrier_status", ""), BarrierStatus),
        "department": _department(args.get("department", "")),
        "barrier_stage": _one_of(args.get("barrier_stage", ""), Stage),
        "raised_from": _date(args.get("raised_from", "")),
        "raised_to": _date(args.get("raised_to", "")),
        "help_category": args.get("help_category", "").strip()[:CODE_LENGTH],
        "help_status": _statuses(args.get("help_status", "")),
        "resolved_by_help": args.get("resolved_by_help", "").strip()[:CODE_LENGTH],
        "help_provider": _provider(args.get("help_provider", "")),
        "requested_from": _date(args.get("requested_from", "")),
        "requested_to": _date(args.get("requested_to", "")),
    }


def _one_of(value, enum_class):
    value = value.strip()
    return value if value in {member.value for member in enum_class} else ""


def _department(value):
    value = value.strip().lower()
    return value if value == NO_DEPARTMENT or whole_number(value) is not None else ""


def _date(value):
    return iso_day(value)


def _statuses(value):
    """A comma-separated list of help statuses, e.g. "granted,applied"."""
    known = [status.value for status in HelpStatus]
    chosen = {part.strip() for part in value.split(",")}
    return ",".join(status for status in known if status in chosen)


def _provider(value):
    """A provider (alderman, management, department, other) or "department:<id>"."""
    provider, _separator, department = value.strip().partition(":")
    if provider not in {member.value for member in Provider}:
        return ""
    if department:
        return (
            f"{provider}:{department}"
            if provider == Provider.DEPARTMENT and whole_number(department) is not None
            else ""
        )
    return provider


# -- the conditions -----------------------------------------------------------------------------


def _category_id(model, code):
    return sa.select(model.id).where(model.code == code).scalar_subquery()


def barrier_conditions(filters):
    """Conditions on one barrier matching all barrier filters."""
    conditions = []
    if filters.barrier_category:
        conditions.append(Barrier.category_id == _category_id(BarrierCategory, filters.barrier_category))
    if filters.barrier_status:
        conditions.append(Barrier.status == filters.barrier_status)
    if filters.department == NO_DEPARTMENT:
        conditions.append(Barrier.department_id.is_(None))
    elif filters.department:
        conditions.append(Barrier.department_id == int(filters.department))
    if filters.barrier_stage:
        conditions.append(Barrier.stage == filters.barrier_stage)
    if filters.raised_from:
        conditions.append(Barrier.raised_on >= filters.raised_from)
    if filters.raised_to:
        conditions.append(Barrier.raised_on <= filters.raised_to)
    return conditions


def help_conditions(filters, barrier_match):
    """Conditions on one help matching all help filters (and addressing a matching barrier)."""
    conditions = []
    if filters.help_category:
        conditions.append(Help.category_id == _category_id(HelpCategory, filters.help_category))
    if filters.help_status:
        conditions.append(Help.status.in_(filters.help_status.split(",")))
    if filters.help_provider:
        provider, _separator, department = filters.help_provider.partition(":")
        conditions.append(Help.provider == provider)
        if department:
            conditions.append(Help.department_id == int(department))
    if filters.requested_from:
        conditions.append(Help.requested_on >= filters.requested_from)
    if filters.requested_to:
        conditions.append(Help.requested_on <= filters.requested_to)
    addressed = []
    if filters.resolved_by_help:
        conditions.append(Help.category_id == _category_id(HelpCategory, filters.resolved_by_help))
        addressed = [HelpEffect.help_id == Help.id, HelpEffect.effect == Effect.RESOLVED]
    elif conditions and barrier_match:
        addressed = [HelpEffect.help_id == Help.id]
    if addressed and barrier_match:
        addressed += [Barrier.id == HelpEffect.barrier_id, *barrier_match]
    if addressed:
        conditions.append(sa.exists().where(*addressed))
    return conditions


def case_conditions(filters, initiative_id):
    """EXISTS conditions on the case (`initiative_id`) for the barrier and help filters."""
    barrier_match = barrier_conditions(filters)
    conditions = []
    if barrier_match:
        conditions.append(sa.exists().where(Barrier.initiative_id == initiative_id, *barrier_match))
    help_match = help_conditions(filters, barrier_match)
    if help_match:
        conditions.append(sa.exists().where(Help.initiative_id == initiative_id, *help_match))
    return conditions


# -- the readable sentence ----------------------------------------------------------------------


def describe(session, filters):
    """The active barrier and help filters as readable sentences, for above the case list."""
    sentences = []
    barrier_details = _barrier_details(session, filters)
    if barrier_details:
        sentences.append(
            _("Only initiatives with a barrier: %(details)s.", details=", ".join(barrier_details))
        )
    help_details = _help_details(session, filters, for_barrier=bool(barrier_details))
    if help_details and barrier_details:
        sentences.append(_("With a help for such a barrier: %(details)s.", details=", ".join(help_details)))
    elif help_details:
        sentences.append(_("Only initiatives with a help: %(details)s.", details=", ".join(help_details)))
    return " ".join(sentences)


def _label(session, model, code):
    term = session.scalar(sa.select(model).where(model.code == code))
    return term.label if term else code


def _raised(start, end):
    if start and end:
        return _("raised from %(start)s to %(end)s", start=format_date(start), end=format_date(end))
    if start:
        return _("raised on or after %(start)s", start=format_date(start))
    return _("raised on or before %(end)s", end=format_date(end)) if end else None


def _requested(start, end):
    if start and end:
        return _("requested from %(start)s to %(end)s", start=format_date(start), end=format_date(end))
    if start:
        return _("requested on or after %(start)s", start=format_date(start))
    return _("requested on or before %(end)s", end=format_date(end)) if end else None


def _barrier_details(session, filters):
    details = []
    if filters.barrier_category:
        label = _label(session, BarrierCategory, filters.barrier_category)
        details.append(_("category “%(category)s”", category=label))
    if filters.barrier_status:
        status = BarrierStatus(filters.barrier_status)
        details.append(_("still open") if status == BarrierStatus.OPEN else str(status.title))
    if filters.department == NO_DEPARTMENT:
        details.append(_("arisen outside a department"))
    elif filters.department:
        department = session.get(Department, int(filters.department))
        details.append(_("arisen at %(department)s", department=department.name if department else "?"))
    if filters.barrier_stage:
        details.append(_("met in the stage “%(stage)s”", stage=Stage(filters.barrier_stage).title))
    raised = _raised(filters.raised_from, filters.raised_to)
    return [*details, *([raised] if raised else [])]


def _help_details(session, filters, *, for_barrier):
    details = []
    for code in dict.fromkeys(code for code in (filters.help_category, filters.resolved_by_help) if code):
        details.append(_("category “%(category)s”", category=_label(session, HelpCategory, code)))
    if filters.help_status:
        titles = [str(HelpStatus(status).title) for status in filters.help_status.split(",")]
        details.append(f" {_('or')} ".join(titles))
    if filters.help_provider:
        details.append(_("decided by %(decider)s", decider=_decider(session, filters.help_provider)))
    requested = _requested(filters.requested_from, filters.requested_to)
    if requested:
        details.append(requested)
    if filters.resolved_by_help:
        details.append(_("resolved it") if for_barrier else _("resolved a barrier"))
    return details


def _decider(session, value):
    provider, _separator, department_id = value.partition(":")
    if department_id:
        department = session.get(Department, int(department_id))
        if department is not None:
            return department.name
    return str(Provider(provider).title)


CASE_LIST_FILTERS = ExtraFilters(
    names=(*BARRIER_FILTERS, *HELP_FILTERS),
    parse=parse,
    conditions=case_conditions,
    describe=describe,
)
