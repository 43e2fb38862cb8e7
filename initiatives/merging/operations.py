"""Business rules for merging a duplicate case (A) into another (B), and for undoing it.

The owner of both cases merges at once; when the other case has another owner, the merge is a
request that that owner confirms or declines. Merging moves A's timeline (each entry marked as
coming from A), barriers, helps, files and stakeholders to B, copies A's contact persons to B
(one per person: the same e-mail address, phone number, or name and address is one person) and
adds A's team and themes to B's. A keeps its own contact persons, its stage history and its
audit trail, stays readable as "merged with B" and counts nowhere (`Initiative.not_withdrawn`).

The merge keeps what moved where (`Merge.moved`) with the versions of both cases and of every
record it moved, right after the merge: undoing it puts everything back while none of them
changed since. Every step is audited on both cases. Operations flush; the request commits.
"""

import hashlib
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from initiatives.audit.operations import record, redact
from initiatives.barriers.models import Barrier, Help, HelpEffect
from initiatives.cases import search
from initiatives.cases.models import Activity, Attachment, Initiative, Initiator
from initiatives.cases.operations import CaseError, StateConflict, required_reason
from initiatives.core.anonymise.patterns import phone_digits
from initiatives.core.anonymise.words import fold
from initiatives.core.db import utcnow
from initiatives.core.rules import RuleForbidden, flush_as_loaded, require_version
from initiatives.extensions import db
from initiatives.merging.models import Merge
from initiatives.stakeholders.models import Stakeholder

REQUESTED_ACTION = "merge.requested"
CONFIRMED_ACTION = "merge.confirmed"
DECLINED_ACTION = "merge.declined"
DONE_ACTION = "merge.done"
UNDONE_ACTION = "merge.undone"

#: The records that move from A to B by their `initiative_id`, by their key in `Merge.moved`.
MOVED_KINDS = {
    "activities": Activity,
    "attachments": Attachment,
    "barriers": Barrier,
    "helps": Help,
    "stakeholders": Stakeholder,
}
#: The kinds whose rows carry a version that any edit raises.
VERSIONED_KINDS = ("barriers", "helps", "stakeholders")


class MergeForbidden(CaseError, RuleForbidden):
    """Only the owners of the two cases merge them, confirm, decline or undo."""


# -- who --------------------------------------------------------------------------------------


def owns(user, initiative):
    return user.is_authenticated and initiative.owner_id == user.id


def may_request(user, initiative):
    """Whether `user` may ask to merge `initiative` with another case: its owner only (not its
    team, the wijk's other managers or the admin, who manages no cases)."""
    return owns(user, initiative)


def may_answer(user, merge):
    """Whether `user` confirms or declines the pending `merge`: the owner of either case who did
    not ask for it."""
    return merge.requested_by_id != user.id and (owns(user, merge.from_case) or owns(user, merge.into_case))


def may_undo(user, merge):
    """Whether `user` may undo `merge`: the owner of either case."""
    return owns(user, merge.from_case) or owns(user, merge.into_case)


# -- queries ----------------------------------------------------------------------------------


def merges_of(initiative):
    """Every merge that names the case, newest first."""
    return db.session.scalars(
        sa.select(Merge)
        .where(sa.or_(Merge.from_id == initiative.id, Merge.into_id == initiative.id))
        .order_by(Merge.id.desc())
    ).all()


def _pending():
    return sa.and_(Merge.confirmed_at.is_(None), Merge.declined_at.is_(None))


def pending_merge_of(initiative):
    """The request waiting for confirmation that names the case, if any (one at a time)."""
    return db.session.scalar(
        sa.select(Merge)
        .where(_pending(), sa.or_(Merge.from_id == initiative.id, Merge.into_id == initiative.id))
        .order_by(Merge.id)
        .limit(1)
    )


def current_merge_of(initiative):
    """The merge that made the case what it is now (merged into another), if any."""
    if initiative.merged_into_id is None:
        return None
    return db.session.scalar(
        sa.select(Merge)
        .where(
            Merge.from_id == initiative.id,
            Merge.into_id == initiative.merged_into_id,
            Merge.confirmed_at.is_not(None),
            Merge.undone_at.is_(None),
        )
        .order_by(Merge.id.desc())
        .limit(1)
    )


def requests_for(user):
    """The merge requests waiting for `user` to confirm: of cases they own, asked by someone else."""
    from_case = aliased(Initiative)
    into_case = aliased(Initiative)
    return db.session.scalars(
        sa.select(Merge)
        .join(from_case, from_case.id == Merge.from_id)
        .join(into_case, into_case.id == Merge.into_id)
        .where(
            _pending(),
            Merge.requested_by_id != user.id,
            sa.or_(from_case.owner_id == user.id, into_case.owner_id == user.id),
        )
        .order_by(Merge.requested_at, Merge.id)
    ).all()


def what_moves(from_case, into_case):
    """What a merge of `from_case` into `into_case` would move, by kind: counts for the
    confirmation page."""
    counts = {}
    for key, model in MOVED_KINDS.items():
        counts[key] = db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.initiative_id == from_case.id)
        )
    copies, _same = _contact_plan(from_case, into_case)
    counts["contacts"] = len(copies)
    counts["team"] = len(_team_added(from_case, into_case))
    counts["themes"] = len(_themes_added(from_case, into_case))
    return counts


# -- asking, confirming, declining ------------------------------------------------------------


def check_pair(from_case, into_case):
    if into_case is None:
        raise CaseError(_("Choose the case to merge this case into."), field="into")
    if from_case.id == into_case.id:
        raise StateConflict(_("A case cannot be merged with itself."), field="into")
    for case in (from_case, into_case):
        if case.is_merged:
            raise StateConflict(
                _(
                    "Case #%(id)d has been merged into case #%(into)d already.",
                    id=case.id,
                    into=case.merged_into_id,
                ),
                field="into",
            )
        if case.is_withdrawn:
            raise StateConflict(_("Case #%(id)d has been withdrawn.", id=case.id), field="into")
    for case in (from_case, into_case):
        if pending_merge_of(case) is not None:
            raise StateConflict(
                _("Case #%(id)d already waits for the confirmation of a merge.", id=case.id), field="into"
            )


def request_merge(from_case, into_case, actor, *, reason, expected_version=None):
    """Merge `from_case` (A) into `into_case` (B), by the owner of one of them. Done at once when
    `actor` owns both; else a request the other owner confirms. Returns the `Merge`."""
    if not (owns(actor, from_case) or owns(actor, into_case)):
        raise MergeForbidden(_("Only the owner of one of the two cases can merge them."), field="into")
    require_version(from_case, expected_version)
    check_pair(from_case, into_case)
    reason = required_reason(reason)
    merge = Merge(from_case=from_case, into_case=into_case, requested_by=actor, reason=reason, moved={})
    db.session.add(merge)
    db.session.flush()
    _audit(REQUESTED_ACTION, merge, actor, f"asked to merge case {from_case.id} into {into_case.id}", reason)
    if owns(actor, from_case) and owns(actor, into_case):
        _merge(merge, actor)
    return merge


def confirm_merge(merge, actor):
    """The other owner agrees: the merge is done now."""
    _check_pending(merge)
    if not may_answer(actor, merge):
        raise MergeForbidden(_("Only the owner of the other case can confirm this merge."))
    from_case, into_case = merge.from_case, merge.into_case
    for case in (from_case, into_case):
        if case.is_merged or case.is_withdrawn:
            raise StateConflict(_("Case #%(id)d has been merged or withdrawn in the meantime.", id=case.id))
    _audit(CONFIRMED_ACTION, merge, actor, f"confirmed merging case {from_case.id} into {into_case.id}")
    _merge(merge, actor)
    return merge


def decline_merge(merge, actor, *, reason):
    """The other owner does not agree: nothing moves; the request is kept with the reason."""
    _check_pending(merge)
    if not may_answer(actor, merge):
        raise MergeForbidden(_("Only the owner of the other case can decline this merge."))
    reason = required_reason(reason)
    merge.declined_at = utcnow()
    merge.declined_by = actor
    merge.decline_reason = reason
    db.session.flush()
    _audit(
        DECLINED_ACTION, merge, actor, f"declined merging case {merge.from_id} into {merge.into_id}", reason
    )
    return merge


def _check_pending(merge):
    if merge.confirmed_at is not None or merge.declined_at is not None:
        raise StateConflict(_("This merge request has been answered already."))


# -- the merge --------------------------------------------------------------------------------


def _contact_key(initiator):
    """The ways a contact person is the same person as another: e-mail, phone, name and address."""
    keys = set()
    if initiator.email.strip():
        keys.add(("email", initiator.email.strip().casefold()))
    digits = phone_digits(initiator.phone)
    if len(digits) >= 6:
        keys.add(("phone", digits))
    if initiator.name.strip() and initiator.address.strip():
        keys.add(
            (
                "name_address",
                " ".join(fold(initiator.name).split()),
                " ".join(fold(initiator.address).split()),
            )
        )
    return keys


def _contact_plan(from_case, into_case):
    """([A's contact persons to copy], [(A's contact person, B's same person)])."""
    known = {}
    for person in into_case.initiators:
        for key in _contact_key(person):
            known.setdefault(key, person)
    copies, same = [], []
    for person in from_case.initiators:
        match = next((known[key] for key in _contact_key(person) if key in known), None)
        if match is not None:
            same.append((person, match))
            continue
        copies.append(person)
        for key in _contact_key(person):
            known.setdefault(key, person)  # two of A's that are one person are copied once
    return copies, same


def _team_added(from_case, into_case):
    present = {into_case.owner_id, *(member.id for member in into_case.team)}
    people = [from_case.owner, *from_case.team]
    added, seen = [], set()
    for person in people:
        if person.id not in present and person.id not in seen and person.active:
            added.append(person)
            seen.add(person.id)
    return added


def _themes_added(from_case, into_case):
    present = {theme.id for theme in into_case.themes}
    return [theme for theme in from_case.themes if theme.id not in present]


def _fingerprint(activity):
    """What undoing checks of a moved timeline entry, which has no version: its note and whether
    it was voided (a hash: no note in the merge's record)."""
    text = f"{activity.note}\x00{activity.voided_at is not None}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _stamp(initiative):
    return [initiative.version, initiative.updated_at.isoformat() if initiative.updated_at else None]


def _merge(merge, actor):
    """Move A's records to B, copy its contact persons, join teams and themes; A counts nowhere."""
    from_case, into_case = merge.from_case, merge.into_case
    now = utcnow()
    moved = {key: [] for key in MOVED_KINDS}
    for key, model in MOVED_KINDS.items():
        rows = db.session.scalars(
            sa.select(model).where(model.initiative_id == from_case.id).order_by(model.id)
        ).all()
        for row in rows:
            row.initiative_id = into_case.id
            if isinstance(row, Activity):
                row.merged_from_id = from_case.id
            if isinstance(row, Barrier):
                row.neighbourhood_id = into_case.neighbourhood_id
            moved[key].append(row.id)
    _move_effects(moved["helps"], into_case.id)

    copies, same = _contact_plan(from_case, into_case)
    copied = []
    for person in copies:
        copy = Initiator(
            initiative=into_case,
            name=person.name,
            email=person.email,
            phone=person.phone,
            address=person.address,
            organisation=person.organisation,
            status_mail_consent_on=person.status_mail_consent_on,
        )
        db.session.add(copy)
        copied.append((person, copy))
    db.session.flush()
    # A moved stakeholder that names one of A's contact persons names B's copy of them, or B's
    # own record of the same person.
    counterpart = {person.id: copy.id for person, copy in copied}
    counterpart.update({person.id: match.id for person, match in same})
    relinked = _relink_stakeholders(moved["stakeholders"], counterpart)

    team_added = _team_added(from_case, into_case)
    themes_added = _themes_added(from_case, into_case)
    into_case.team = [*into_case.team, *team_added]
    into_case.themes = [*into_case.themes, *themes_added]
    follow_up_on = from_case.follow_up_on
    from_case.merged_into_id = into_case.id
    from_case.follow_up_on = None
    into_case.last_activity_at = now
    from_case.version += 1
    into_case.version += 1
    merge.confirmed_at = now
    merge.confirmed_by = actor
    flush_as_loaded(from_case)
    db.session.expire(from_case, ["activities", "barriers", "helps", "attachments", "initiators"])
    db.session.expire(into_case, ["activities", "barriers", "helps", "attachments", "initiators"])
    search.reindex(from_case)
    search.reindex(into_case)
    db.session.flush()

    merge.moved = {
        **moved,
        "contacts_copied": [[person.id, copy.id] for person, copy in copied],
        "contacts_same": [[person.id, match.id] for person, match in same],
        "stakeholder_contacts": relinked,
        "team_added": [person.id for person in team_added],
        "themes_added": [theme.id for theme in themes_added],
        "follow_up_on": follow_up_on.isoformat() if follow_up_on else None,
        "after": _after_state(merge, moved, copied),
    }
    db.session.flush()
    _audit(
        DONE_ACTION,
        merge,
        actor,
        f"merged case {from_case.id} into {into_case.id}",
        data={
            "moved_timeline_entries": len(moved["activities"]),
            "moved_barriers": len(moved["barriers"]),
            "moved_helps": len(moved["helps"]),
            "moved_files": len(moved["attachments"]),
            "moved_stakeholders": len(moved["stakeholders"]),
            "copied_contact_persons": len(copied),
            "team_members_added": len(team_added),
            "themes_added": len(themes_added),
        },
    )


def _move_effects(help_ids, initiative_id):
    if help_ids:
        db.session.execute(
            sa.update(HelpEffect).where(HelpEffect.help_id.in_(help_ids)).values(initiative_id=initiative_id)
        )


def _relink_stakeholders(stakeholder_ids, counterpart):
    """Point moved stakeholders that name one of A's contact persons at B's; return
    [[stakeholder id, A's contact person id]] to put back on undoing."""
    relinked = []
    for stakeholder_id in stakeholder_ids:
        stakeholder = db.session.get(Stakeholder, stakeholder_id)
        if stakeholder.initiator_id in counterpart:
            relinked.append([stakeholder.id, stakeholder.initiator_id])
            stakeholder.initiator_id = counterpart[stakeholder.initiator_id]
    return relinked


def _after_state(merge, moved, copied):
    """The versions (or fingerprints) of both cases and of everything moved, right after merging."""
    after = {"from": _stamp(merge.from_case), "into": _stamp(merge.into_case)}
    for key in VERSIONED_KINDS:
        model = MOVED_KINDS[key]
        after[key] = {
            str(row_id): version
            for row_id, version in db.session.execute(
                sa.select(model.id, model.version).where(model.id.in_(moved[key])).order_by(model.id)
            )
        }
    after["activities"] = {
        str(activity.id): _fingerprint(activity)
        for activity in db.session.scalars(
            sa.select(Activity).where(Activity.id.in_(moved["activities"])).order_by(Activity.id)
        )
    }
    after["attachments"] = {
        str(attachment.id): attachment.is_removed or attachment.erased_at is not None
        for attachment in db.session.scalars(
            sa.select(Attachment).where(Attachment.id.in_(moved["attachments"])).order_by(Attachment.id)
        )
    }
    after["contacts"] = {str(copy.id): copy.version for _person, copy in copied}
    return after


# -- undoing ----------------------------------------------------------------------------------


def _changed_since(merge):
    """The first reason the merge can no longer be undone, in words for the user; None if it can."""
    moved, after = merge.moved, merge.moved.get("after", {})
    from_case, into_case = merge.from_case, merge.into_case
    if _stamp(from_case) != after.get("from"):
        return _("case #%(id)d has changed since the merge", id=from_case.id)
    if _stamp(into_case) != after.get("into"):
        return _("case #%(id)d has changed since the merge", id=into_case.id)
    for key, model in MOVED_KINDS.items():
        ids = moved.get(key, [])
        rows = (
            db.session.scalars(sa.select(model).where(model.id.in_(ids)).order_by(model.id)).all()
            if ids
            else []
        )
        if len(rows) != len(ids) or any(row.initiative_id != into_case.id for row in rows):
            return _("a record that moved is no longer on case #%(id)d", id=into_case.id)
        for row in rows:
            if key in VERSIONED_KINDS and after[key].get(str(row.id)) != row.version:
                return _("a record that moved has changed since the merge")
            if key == "activities" and after[key].get(str(row.id)) != _fingerprint(row):
                return _("a timeline entry that moved has changed since the merge")
            if key == "attachments" and after[key].get(str(row.id)) != (
                row.is_removed or row.erased_at is not None
            ):
                return _("a file that moved has been removed since the merge")
    for copy_id, version in after.get("contacts", {}).items():
        copy = db.session.get(Initiator, int(copy_id))
        if copy is None or copy.version != version or copy.initiative_id != into_case.id:
            return _("a contact person copied to case #%(id)d has changed since the merge", id=into_case.id)
    return None


def undo_merge(merge, actor, *, reason):
    """Put everything that moved back on A, take B's copies of A's contact persons away, and the
    team members and themes that came with A; A counts again. Refused once either case or
    anything that moved has changed since."""
    if merge.confirmed_at is None or merge.undone_at is not None:
        raise StateConflict(_("This merge cannot be undone: it is not in force."), field="reason")
    if not may_undo(actor, merge):
        raise MergeForbidden(_("Only the owner of one of the two cases can undo this merge."))
    reason = required_reason(reason)
    changed = _changed_since(merge)
    if changed is not None:
        raise StateConflict(
            _("This merge can no longer be undone: %(why)s. Move what is needed by hand.", why=changed),
            field="reason",
        )
    from_case, into_case, moved = merge.from_case, merge.into_case, merge.moved
    for key, model in MOVED_KINDS.items():
        ids = moved.get(key, [])
        for row in (
            db.session.scalars(sa.select(model).where(model.id.in_(ids)).order_by(model.id)) if ids else []
        ):
            row.initiative_id = from_case.id
            if isinstance(row, Activity):
                row.merged_from_id = None
            if isinstance(row, Barrier):
                row.neighbourhood_id = from_case.neighbourhood_id
    _move_effects(moved.get("helps", []), from_case.id)
    for stakeholder_id, initiator_id in moved.get("stakeholder_contacts", []):
        stakeholder = db.session.get(Stakeholder, stakeholder_id)
        if stakeholder is not None and db.session.get(Initiator, initiator_id) is not None:
            stakeholder.initiator_id = initiator_id
    db.session.flush()
    for _person_id, copy_id in moved.get("contacts_copied", []):
        copy = db.session.get(Initiator, copy_id)
        if copy is not None:
            db.session.delete(copy)
    team_added = set(moved.get("team_added", []))
    themes_added = set(moved.get("themes_added", []))
    into_case.team = [member for member in into_case.team if member.id not in team_added]
    into_case.themes = [theme for theme in into_case.themes if theme.id not in themes_added]
    from_case.merged_into_id = None
    if moved.get("follow_up_on"):
        from_case.follow_up_on = date.fromisoformat(moved["follow_up_on"])
    from_case.last_activity_at = utcnow()
    from_case.version += 1
    into_case.version += 1
    merge.undone_at = utcnow()
    merge.undone_by = actor
    merge.undo_reason = reason
    flush_as_loaded(from_case)
    db.session.expire(from_case, ["activities", "barriers", "helps", "attachments", "initiators"])
    db.session.expire(into_case, ["activities", "barriers", "helps", "attachments", "initiators"])
    search.reindex(from_case)
    search.reindex(into_case)
    db.session.flush()
    _audit(UNDONE_ACTION, merge, actor, f"undid merging case {from_case.id} into {into_case.id}", reason)
    return merge


def _audit(action, merge, actor, summary, reason=None, data=None):
    """Record `action` on both cases, so that each one's history tells it."""
    details = {"merged_case": merge.from_id, "merged_into": merge.into_id, **(data or {})}
    if reason is not None:
        details.update(redact({"reason": reason}))
    for case in (merge.from_case, merge.into_case):
        record(action, merge, actor=actor, summary=summary, data=details, initiative=case)
