"""The calendar (RFC 5545): each user's feed of follow-ups and help deadlines behind a secret,
revocable address, and the .ics of one case's next follow-up.

A feed is read by calendar apps without logging in, by whoever holds its address: its texts never
hold a resident's personal data (the case's title is always anonymised). Each event links back to
the case, where the reader's own rights apply.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vDuration
from sqlalchemy.orm import selectinload

from initiatives.barriers.lifecycle import HelpStatus
from initiatives.barriers.models import Help
from initiatives.cases.models import Initiative
from initiatives.cases.models.initiative import initiative_team
from initiatives.cases.personal_data import CaseTexts
from initiatives.core.db import utcnow
from initiatives.core.tokens import hash_token
from initiatives.extensions import db
from initiatives.notifications.links import absolute_url
from initiatives.notifications.models import CalendarFeed, NotificationSettings

#: Calendar apps may ask again after this long (Outlook and Google choose their own pace).
REFRESH_INTERVAL = timedelta(hours=1)


# -- the secret address ---------------------------------------------------------------------------


def feed_token(feed):
    """The token in the feed's address: HMAC-SHA256(SECRET_KEY, nonce), base64url. Made again
    from the nonce whenever asked, so the same address is shown each time; kept only as a hash."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), feed.nonce.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def find_feed(user):
    return db.session.get(CalendarFeed, user.id)


def open_feed(user):
    """The user's feed, made with a new secret the first time."""
    feed = find_feed(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, nonce=secrets.token_urlsafe(32))
        feed.token_hash = hash_token(feed_token(feed))
        db.session.add(feed)
        db.session.flush()
    return feed


def revoke_feed(user):
    """Forget the user's secret: the old address then answers 404. Returns whether there was one."""
    feed = find_feed(user)
    if feed is None:
        return False
    db.session.delete(feed)
    db.session.flush()
    return True


def user_for_token(token):
    """The active user whose feed has `token`, or None."""
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token)))
    if feed is None or not feed.user.active:
        return None
    return feed.user


def feed_url(feed):
    return absolute_url("calendar.feed", token=feed_token(feed))


# -- what the calendar holds ----------------------------------------------------------------------


def _works_on(user):
    """SQL: the case is open and the user owns it or is on its team."""
    on_team = sa.select(initiative_team.c.initiative_id).where(initiative_team.c.user_id == user.id)
    return sa.and_(Initiative.awaits_work, sa.or_(Initiative.owner_id == user.id, Initiative.id.in_(on_team)))


def follow_ups_of(user):
    """The open cases the user owns or is on the team of that have a follow-up date, by date."""
    return db.session.scalars(
        sa.select(Initiative)
        .where(_works_on(user), Initiative.follow_up_on.is_not(None))
        .options(selectinload(Initiative.initiators))
        .order_by(Initiative.follow_up_on, Initiative.id)
    ).all()


def help_deadlines_of(user):
    """The helps still awaiting an answer with a day it is due, on those cases, by that day."""
    return db.session.scalars(
        sa.select(Help)
        .join(Help.initiative)
        .where(_works_on(user), Help.status == HelpStatus.REQUESTED, Help.answer_due_on.is_not(None))
        .options(
            selectinload(Help.initiative).selectinload(Initiative.initiators), selectinload(Help.category)
        )
        .order_by(Help.answer_due_on, Help.id)
    ).all()


def language_of(user):
    """The language the user last chose in the app (their notification settings), read only: a
    feed's request writes nothing."""
    language = db.session.scalar(
        sa.select(NotificationSettings.language).where(NotificationSettings.user_id == user.id)
    )
    return (
        language
        if language in current_app.config["LANGUAGES"]
        else current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def feed_calendar(user):
    """The user's feed as an iCalendar document (bytes), in the user's language."""
    with force_locale(language_of(user)):
        calendar = _calendar(_("Bricoleur: my follow-ups"))
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))  # Outlook's name for it
        for initiative in follow_ups_of(user):
            calendar.add_component(follow_up_event(initiative))
        for item in help_deadlines_of(user):
            calendar.add_component(help_deadline_event(item))
        return calendar.to_ical()


def case_calendar(initiative):
    """The .ics of the case's next follow-up, in the current request's language."""
    calendar = _calendar(_("Bricoleur: follow-up"))
    calendar.add("method", "PUBLISH")
    calendar.add_component(follow_up_event(initiative))
    return calendar.to_ical()


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", "-//Bricoleur//Follow-ups//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _public_title(initiative):
    """The title as no reader of the case's personal data would see it: whoever holds the feed's
    address may read it (the one privacy screen, which also hides what it cannot anonymise)."""
    return CaseTexts(initiative, hidden=True)(initiative.title)


def follow_up_event(initiative):
    """An all-day event on the case's follow-up date. Its UID stays the case's, so a moved date
    moves the event in a subscribed calendar instead of adding one."""
    url = absolute_url("cases.show", initiative_id=initiative.id)
    title = _public_title(initiative)
    event = Event()
    event.add("uid", f"follow-up-{initiative.id}@{_host()}")
    event.add("dtstamp", utcnow())
    event.add("last-modified", initiative.updated_at)
    event.add("dtstart", initiative.follow_up_on)
    event.add("dtend", initiative.follow_up_on + timedelta(days=1))
    # "Label: title", as the case lists show a follow-up.
    event.add("summary", f"{_('Follow up')}: {title}")
    event.add(
        "description",
        _("Follow-up date of case %(number)s in Bricoleur: %(url)s", number=initiative.id, url=url),
    )
    event.add("url", url)
    event.add("transp", "TRANSPARENT")  # a reminder, not a meeting: the day stays free
    return event


def help_deadline_event(item):
    """An all-day event on the day an answer to the help is due; its UID stays the help's."""
    initiative = item.initiative
    url = absolute_url("cases.show", initiative_id=initiative.id, _anchor="barriers")
    title = _public_title(initiative)
    event = Event()
    event.add("uid", f"help-answer-{item.id}@{_host()}")
    event.add("dtstamp", utcnow())
    event.add("dtstart", item.answer_due_on)
    event.add("dtend", item.answer_due_on + timedelta(days=1))
    event.add("summary", f"{_('Answer due')}: {item.category.label} ({title})")
    event.add(
        "description",
        _(
            "An answer to the help asked for on case %(number)s is due: %(url)s",
            number=initiative.id,
            url=url,
        ),
    )
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def _host():
    return urlsplit(current_app.config["BASE_URL"]).hostname or "bricoleur"
