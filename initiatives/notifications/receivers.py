"""The notices of what happens in a request: the lower domains send signals (a hand-over, a team
change, a decided help, an imported e-mail) and these receivers make the notices with `notify`,
inside the sender's unit of work. No one is told of their own act."""

from initiatives.core.db import utcnow
from initiatives.notifications.events import Event
from initiatives.notifications.operations import notify


def _is_actor(user, actor):
    return actor is not None and user.id == actor.id


def _moment():
    """The reference of an occurrence that has no number of its own: the moment, ISO."""
    return utcnow().isoformat()


def _actor_data(actor):
    """Who caused it, by username (sentences.py shows their name as it is when read)."""
    return {"by": actor.username} if actor else {}


def case_handed_over(initiative, *, actor, previous_owner, new_owner, **_):
    """The new owner is told, by the case's version: each hand-over once."""
    if _is_actor(new_owner, actor):
        return
    notify(
        new_owner,
        Event.HANDED_OVER,
        initiative,
        reference=f"version {initiative.version}",
        data={**_actor_data(actor), "previous_owner_id": previous_owner.id},
    )


def case_team_changed(initiative, *, actor, added, removed, **_):
    """Each member added or removed is told which, except the one who changed the team."""
    moment = _moment()
    for change, members in (("added", added), ("removed", removed)):
        for member in members:
            if _is_actor(member, actor):
                continue
            notify(
                member,
                Event.TEAM_CHANGED,
                initiative,
                reference=f"{change} {moment}",
                data={**_actor_data(actor), "added": change == "added"},
            )


def help_decided(item, *, actor, **_):
    """Who asked for the help is told it was granted or refused, unless they recorded it."""
    requester = item.requested_by
    if _is_actor(requester, actor):
        return
    notify(
        requester,
        Event.HELP_DECIDED,
        item.initiative,
        reference=f"help {item.id}: {item.status}",
        data={"help_id": item.id, "category": item.category.code, "decision": str(item.status)},
    )


def mail_imported(initiative, *, actor, unattended, **_):
    """The case's owner is told of a case an import opened, unless they opened it themselves."""
    owner = initiative.owner
    if not unattended and _is_actor(owner, actor):
        return
    notify(
        owner,
        Event.MAIL_IMPORTED,
        initiative,
        reference=f"case {initiative.id}",
        data=_actor_data(None if unattended else actor),
    )
