"""The kinds of notice, the ways a user may receive each, and the defaults."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Event(StrEnum):
    """What a notice is about. The values are the keys of `/api/v1/me/notifications`."""

    FOLLOW_UP_DUE = "follow_up_due"
    FOLLOW_UP_OVERDUE = "follow_up_overdue"
    HANDED_OVER = "handed_over"
    TEAM_CHANGED = "team_changed"
    HELP_DECIDED = "help_decided"
    BARRIER_OPEN_LONG = "barrier_open_long"
    INITIATOR_REPLIED = "initiator_replied"
    MAIL_IMPORTED = "mail_imported"
    CHALLENGE_DUE = "challenge_due"

    @property
    def title(self):
        return EVENT_TITLES[self]


EVENT_TITLES = {
    Event.FOLLOW_UP_DUE: _l("A follow-up date is reached"),
    Event.FOLLOW_UP_OVERDUE: _l("A follow-up date has passed"),
    Event.HANDED_OVER: _l("A case is handed over to you"),
    Event.TEAM_CHANGED: _l("You are added to or removed from a case's team"),
    Event.HELP_DECIDED: _l("A help you asked for is granted or refused"),
    Event.BARRIER_OPEN_LONG: _l("A barrier on your case has been open for 30, 60 or 90 days"),
    Event.INITIATOR_REPLIED: _l("An initiator replied through the status page"),
    Event.MAIL_IMPORTED: _l("A mailbox import opened a case for you"),
    Event.CHALLENGE_DUE: _l("The college's decision on your challenge is due soon or overdue"),
}


class Channel(StrEnum):
    """How a user receives a kind of notice."""

    EMAIL = "email"  # an e-mail at once (and in the app)
    DIGEST = "digest"  # in the daily digest (and in the app)
    IN_APP = "in_app"  # only on the notifications page
    OFF = "off"

    @property
    def title(self):
        return CHANNEL_TITLES[self]


CHANNEL_TITLES = {
    Channel.EMAIL: _l("E-mail at once"),
    Channel.DIGEST: _l("Daily digest"),
    Channel.IN_APP: _l("Only in Bricoleur"),
    Channel.OFF: _l("Off"),
}

#: Follow-ups and hand-overs need action, so they come by e-mail; the rest waits for the digest.
DEFAULT_CHANNELS = {
    Event.FOLLOW_UP_DUE: Channel.EMAIL,
    Event.FOLLOW_UP_OVERDUE: Channel.EMAIL,
    Event.HANDED_OVER: Channel.EMAIL,
    Event.TEAM_CHANGED: Channel.DIGEST,
    Event.HELP_DECIDED: Channel.DIGEST,
    Event.BARRIER_OPEN_LONG: Channel.DIGEST,
    Event.INITIATOR_REPLIED: Channel.DIGEST,
    Event.MAIL_IMPORTED: Channel.DIGEST,
    Event.CHALLENGE_DUE: Channel.EMAIL,
}

#: The digest's default time of day, in the municipality's time zone.
DEFAULT_DIGEST_HOUR = "07:30"

#: A barrier open this many days is reported, once per threshold.
BARRIER_OPEN_DAYS = (30, 60, 90)

#: The owner of an undecided challenge is told this many days before its decision's deadline,
#: and once more when it has passed ("passed"): once per threshold and deadline.
CHALLENGE_DUE_DAYS = (14, 3)
CHALLENGE_PASSED = "passed"
