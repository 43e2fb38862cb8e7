"""Business rules for a case's life: opening, editing, moving through the stages, withdrawing and
taking back; and what the other operations on a case share (its errors, the version check, the
reason asked for undoing a mistake). The timeline is in `activities`, the contact persons in
`contacts`, the team and hand-overs in `team`. Every change is audited and keeps the search index in
sync. Operations flush; the request (or command) commits.
"""

from dataclasses import dataclass

from flask_babel import gettext as _

from initiatives.audit.operations import changes, record, redact
from initiatives.cases import search
from initiatives.cases.location import Location, location_problem, rounded
from initiatives.cases.models import (
    Activity,
    ActivityKind,
    CaseKind,
    Channel,
    Initiative,
    Initiator,
    StageChange,
    Withdrawal,
    WithdrawalAction,
)
from initiatives.cases.signals import neighbourhood_changed, stage_changed
from initiatives.cases.stages import MoveNotAllowed, Result, Stage, check_move
from initiatives.core.dates import local_today, work_date_problem
from initiatives.core.db import utcnow
from initiatives.core.rules import RuleConflict, RuleError, RuleForbidden, flush_as_loaded, require_version
from initiatives.extensions import db

#: The activity kind that records a first contact through each channel.
FIRST_CONTACT_KIND = {
    Channel.PHONE: ActivityKind.CALL,
    Channel.EMAIL: ActivityKind.EMAIL,
    Channel.WALK_IN: ActivityKind.MEETING,
    Channel.MEETING: ActivityKind.MEETING,
}

#: Case fields a user edits in the case form, in the order the conflict view shows them.
EDITABLE_FIELDS = (
    "kind",
    "title",
    "description",
    "neighbourhood",
    "address",
    "channel",
    "received_on",
    "themes",
    "support_requested",
    "next_step",
    "follow_up_on",
    "in_council_report",
    "location",
)

#: The longest reason for withdrawing, taking back, voiding, correcting or removing.
REASON_LENGTH = 5000


class CaseError(RuleError):
    """A change to a case that the rules refuse."""


class OutsideOwnNeighbourhoods(CaseError, RuleForbidden):
    """A manager opens cases only in their own wijken."""


class StateConflict(CaseError, RuleConflict):
    """A change the record's state does not allow now, such as withdrawing a withdrawn case."""


@dataclass
class InitiatorDetails:
    name: str
    email: str = ""
    phone: str = ""
    organisation: str = ""
    #: Home address: street, house number, postcode and place.
    address: str = ""
    #: Whether they agree to get the case's status mails; None leaves it as it is.
    status_mail_consent: bool | None = None

    def is_empty(self):
        return not (self.name or self.email or self.phone or self.organisation or self.address)


def snapshot(initiative):
    """The editable fields of a case as plain values, for the audit log and the conflict view."""
    return {
        "kind": str(initiative.kind) if initiative.kind else str(CaseKind.INITIATIVE),
        "title": initiative.title,
        "description": initiative.description,
        "neighbourhood": initiative.neighbourhood.code if initiative.neighbourhood else None,
        "address": initiative.address,
        "channel": str(initiative.channel) if initiative.channel else None,
        "received_on": initiative.received_on.isoformat() if initiative.received_on else None,
        "themes": [theme.code for theme in initiative.themes],
        "support_requested": initiative.support_requested,
        "next_step": initiative.next_step,
        "follow_up_on": initiative.follow_up_on.isoformat() if initiative.follow_up_on else None,
        "in_council_report": initiative.in_council_report,
        "location": initiative.location.as_dict() if initiative.location else None,
    }


def logged(data):
    """A snapshot or its changes as the audit log keeps them: the case's kind as `case_kind` (its
    `kind` is a timeline entry's)."""
    return redact({("case_kind" if key == "kind" else key): value for key, value in data.items()})


def check_work_date(day, field):
    """Refuse a date outside the years of a case's work (a mistyped year), as the forms do."""
    problem = work_date_problem(day) if day is not None else None
    if problem is not None:
        raise CaseError(problem, field=field)


def _check_dates(received_on, follow_up_on, initiative=None):
    check_work_date(received_on, "received_on")
    check_work_date(follow_up_on, "follow_up_on")
    if received_on and received_on > local_today():
        raise CaseError(_("The date of first contact cannot be in the future."), field="received_on")
    if follow_up_on and received_on and follow_up_on < received_on:
        raise CaseError(_("The follow-up date cannot be before the first contact."), field="follow_up_on")
    if follow_up_on and initiative is not None and not initiative.awaits_work:
        raise CaseError(_("A closed or withdrawn case has no follow-up date."), field="follow_up_on")


def required_reason(reason, field="reason"):
    """Return `reason` stripped; refuse it when blank (undoing a mistake says why)."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("Give a reason."), field=field)
    if len(reason) > REASON_LENGTH:
        raise CaseError(_("At most %(max)d characters.", max=REASON_LENGTH), field=field)
    return reason


def checked_location(location):
    """The point to store from a `Location`, a {"latitude", "longitude"} mapping or None (no
    location); refuse a point outside the Netherlands or half a point."""
    if location is None:
        return None
    if isinstance(location, Location):
        latitude, longitude = location.latitude, location.longitude
    else:
        latitude, longitude = location.get("latitude"), location.get("longitude")
    problem = location_problem(latitude, longitude)
    if problem is not None:
        raise CaseError(problem, field="location")
    return rounded(latitude, longitude)


def _set_location(initiative, location):
    initiative.latitude = location.latitude if location else None
    initiative.longitude = location.longitude if location else None


def _check_neighbourhood(neighbourhood):
    if neighbourhood is None or not neighbourhood.active:
        raise CaseError(_("Choose a neighbourhood that is in use."), field="neighbourhood")


def _check_own_neighbourhood(actor, neighbourhood):
    """A manager opens cases in their own wijken (or a buurt of one), on every channel."""
    if neighbourhood is not None and not actor.works_in(neighbourhood):
        raise OutsideOwnNeighbourhoods(
            _("You can only open cases in your own neighbourhoods."), field="neighbourhood"
        )


def open_case(
    actor,
    *,
    title,
    description,
    neighbourhood,
    channel,
    received_on,
    kind=CaseKind.INITIATIVE,
    themes=(),
    address="",
    support_requested="",
    next_step="",
    follow_up_on=None,
    location=None,
    initiators=(),
    first_note=None,
    source_message_id=None,
):
    """Open a case in stage intake, owned by `actor`, in one of their own wijken, with its first
    contact on the timeline."""
    _check_own_neighbourhood(actor, neighbourhood)
    _check_neighbourhood(neighbourhood)
    _check_dates(received_on, follow_up_on)
    location = checked_location(location)
    initiative = Initiative(
        kind=CaseKind(kind or CaseKind.INITIATIVE),
        title=title.strip(),
        description=(description or "").strip(),
        neighbourhood=neighbourhood,
        channel=Channel(channel),
        received_on=received_on,
        themes=list(themes),
        address=(address or "").strip(),
        support_requested=(support_requested or "").strip(),
        next_step=(next_step or "").strip(),
        follow_up_on=follow_up_on,
        owner=actor,
        stage=Stage.INTAKE,
        source_message_id=source_message_id,
    )
    _set_location(initiative, location)
    db.session.add(initiative)
    db.session.flush()
    db.session.add(StageChange(initiative=initiative, from_stage=None, to_stage=Stage.INTAKE, actor=actor))
    for details in initiators:
        if not details.is_empty():
            _add_initiator(initiative, details)
    if first_note:
        db.session.add(
            Activity(
                initiative=initiative,
                kind=FIRST_CONTACT_KIND.get(initiative.channel, ActivityKind.OTHER),
                happened_on=received_on,
                practice=Stage.INTAKE,
                note=first_note.strip(),
                author=actor,
            )
        )
    db.session.flush()
    record(
        "initiative.opened",
        initiative,
        actor=actor,
        summary=f"opened case {initiative.id}",
        data=logged(snapshot(initiative)),
        initiative=initiative,
    )
    search.reindex(initiative)
    return initiative


def update_case(initiative, actor, expected_version, **fields):
    """Change the editable fields of a case, refusing to overwrite a newer version."""
    require_version(initiative, expected_version)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "neighbourhood" in fields:
        _check_neighbourhood(fields["neighbourhood"])
    _check_dates(
        fields.get("received_on", initiative.received_on),
        fields.get("follow_up_on", initiative.follow_up_on),
        initiative,
    )
    if "location" in fields:
        fields["location"] = checked_location(fields["location"])
    before = snapshot(initiative)
    for name, value in fields.items():
        if name == "location":
            _set_location(initiative, value)
        elif name == "themes":
            initiative.themes = list(value)
        elif name == "channel":
            initiative.channel = Channel(value)
        elif name == "kind":
            initiative.kind = CaseKind(value)
        elif isinstance(value, str):
            setattr(initiative, name, value.strip())
        else:
            setattr(initiative, name, value)
    changed = changes(before, snapshot(initiative))
    if not changed:
        return initiative
    initiative.version += 1
    initiative.last_activity_at = utcnow()
    flush_as_loaded(initiative)
    if "neighbourhood" in changed:
        neighbourhood_changed.send(initiative)
    record(
        "initiative.updated",
        initiative,
        actor=actor,
        summary=f"updated case {initiative.id}",
        data=logged(changed),
        initiative=initiative,
    )
    if {"title", "description"} & set(changed):
        search.reindex(initiative)
    return initiative


def move_case(initiative, actor, to, *, reason="", result=None, lessons="", expected_version=None):
    """Move a case to another stage as the workflow allows; closing records the result."""
    require_version(initiative, expected_version)
    current = Stage(initiative.stage)
    target = Stage(to)
    result = Result(result) if result else None
    if initiative.is_withdrawn:
        raise MoveNotAllowed(_("A withdrawn case does not move. Take it back first."), field="to")
    check_move(current, target, reason=reason, result=result, lessons=lessons)
    follow_up_on = initiative.follow_up_on
    if target is Stage.CLOSED:
        initiative.result = result
        initiative.lessons = lessons.strip()
        initiative.closed_on = local_today()
        initiative.follow_up_on = None  # a closed case waits for nothing
    elif current is Stage.CLOSED:  # reopening: the result no longer holds, the lessons stay
        initiative.result = None
        initiative.closed_on = None
    initiative.stage = target
    initiative.version += 1
    initiative.last_activity_at = utcnow()
    change = StageChange(
        initiative=initiative,
        from_stage=current,
        to_stage=target,
        reason=(reason or "").strip(),
        result=result,
        actor=actor,
    )
    db.session.add(change)
    flush_as_loaded(initiative)
    record(
        "initiative.moved",
        initiative,
        actor=actor,
        summary=f"moved case {initiative.id} from {current} to {target}",
        data=redact(
            {
                "stage": [str(current), str(target)],
                "reason": change.reason,
                "result": str(result) if result else None,
                **_follow_up_cleared(follow_up_on, initiative),
            }
        ),
        initiative=initiative,
    )
    if target is Stage.CLOSED:
        search.reindex(initiative)  # the lessons are searchable
    stage_changed.send(initiative, actor=actor, from_stage=current, to_stage=target)
    return change


def _follow_up_cleared(before, initiative):
    """{"follow_up_on": [old, None]} for the audit data when a change cleared the date; else {}."""
    if before is None or initiative.follow_up_on is not None:
        return {}
    return {"follow_up_on": [before.isoformat(), None]}


def withdraw_case(initiative, actor, *, reason, expected_version=None):
    """Withdraw a case registered by mistake or twice. Nothing is deleted: the case stays readable
    (with the reason in its history) and leaves the lists and figures (`Initiative.not_withdrawn`)
    until it is taken back. It keeps its stage, and loses its follow-up date."""
    require_version(initiative, expected_version)
    if initiative.is_withdrawn:
        raise StateConflict(_("This case has been withdrawn already."), field="reason")
    if initiative.is_merged:
        raise StateConflict(
            _("This case has been merged into another case: undo the merge instead."), field="reason"
        )
    reason = required_reason(reason)
    follow_up_on = initiative.follow_up_on
    initiative.withdrawn_at = utcnow()
    initiative.follow_up_on = None
    initiative.version += 1
    withdrawal = Withdrawal(
        initiative=initiative, action=WithdrawalAction.WITHDRAWN, reason=reason, actor=actor
    )
    db.session.add(withdrawal)
    flush_as_loaded(initiative)
    record(
        "initiative.withdrawn",
        initiative,
        actor=actor,
        summary=f"withdrew case {initiative.id}",
        data=redact({"reason": reason, **_follow_up_cleared(follow_up_on, initiative)}),
        initiative=initiative,
    )
    return withdrawal


def reinstate_case(initiative, actor, *, reason, expected_version=None):
    """Take a withdrawn case back, in the stage it was in: it counts again everywhere."""
    require_version(initiative, expected_version)
    if not initiative.is_withdrawn:
        raise StateConflict(_("This case is not withdrawn."), field="reason")
    reason = required_reason(reason)
    initiative.withdrawn_at = None
    initiative.version += 1
    initiative.last_activity_at = utcnow()
    withdrawal = Withdrawal(
        initiative=initiative, action=WithdrawalAction.REINSTATED, reason=reason, actor=actor
    )
    db.session.add(withdrawal)
    flush_as_loaded(initiative)
    record(
        "initiative.reinstated",
        initiative,
        actor=actor,
        summary=f"took back case {initiative.id}",
        data=redact({"reason": reason}),
        initiative=initiative,
    )
    return withdrawal


def _add_initiator(initiative, details):
    initiator = Initiator(
        initiative=initiative,
        name=details.name.strip(),
        email=(details.email or "").strip(),
        phone=(details.phone or "").strip(),
        organisation=(details.organisation or "").strip(),
        address=(details.address or "").strip(),
    )
    record_consent(initiator, details.status_mail_consent)
    db.session.add(initiator)
    return initiator


def record_consent(initiator, consent):
    """Keep the day a contact person agreed to the status mails, or forget it when they no longer
    do; None changes nothing. The day stays while the consent does."""
    if consent is None:
        return
    if not consent:
        initiator.status_mail_consent_on = None
    elif initiator.status_mail_consent_on is None:
        initiator.status_mail_consent_on = local_today()
