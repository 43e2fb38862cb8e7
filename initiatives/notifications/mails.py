"""The mails: one notice at once, or a user's daily digest, as multipart text and HTML in the
recipient's language, each notice in one sentence naming its case and linking to it.

A case's title passes the privacy screen (`cases.personal_data.case_texts`) for the recipient: who
may not see the residents' contact details gets it anonymised. Nothing else of the case is told.
"""

from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app, url_for
from flask_babel import force_locale, format_date, gettext, ngettext

from initiatives.cases.personal_data import case_texts
from initiatives.core.db import utcnow
from initiatives.notifications.events import Event
from initiatives.notifications.models import OutboxKind

APP_NAME = "Bricoleur"
#: The page where a user chooses what comes by mail (made by the notifications' pages).
PREFERENCES_PATH = "/account/notifications"


def sentence(notification, case_title):
    """What happened, in one sentence naming the case (in the current locale)."""
    event, data, case = Event(notification.event), notification.data or {}, case_title
    if event in {Event.FOLLOW_UP_DUE, Event.FOLLOW_UP_OVERDUE}:
        day = _day(data.get("date") or notification.reference)
        if event is Event.FOLLOW_UP_DUE:
            return gettext("The follow-up date of “%(case)s” is today, %(date)s.", case=case, date=day)
        return gettext("The follow-up date of “%(case)s”, %(date)s, has passed.", case=case, date=day)
    if event is Event.HANDED_OVER:
        return gettext("“%(case)s” has been handed over to you.", case=case)
    if event is Event.TEAM_CHANGED:
        if data.get("change") == "removed" or data.get("added") is False:
            return gettext("You have been removed from the team of “%(case)s”.", case=case)
        return gettext("You have been added to the team of “%(case)s”.", case=case)
    if event is Event.HELP_DECIDED:
        if data.get("decision") in {"refused", "declined"} or data.get("granted") is False:
            return gettext("A help you asked for on “%(case)s” has been refused.", case=case)
        return gettext("A help you asked for on “%(case)s” has been granted.", case=case)
    if event is Event.BARRIER_OPEN_LONG:
        days = data.get("days") or notification.reference.rpartition(": ")[2]
        return gettext("A barrier on “%(case)s” has been open for %(days)s days.", case=case, days=days)
    if event is Event.INITIATOR_REPLIED:
        return gettext("An initiator replied on “%(case)s” through the status page.", case=case)
    return gettext("A mailbox import opened “%(case)s” for you.", case=case)


def _day(iso):
    try:
        return format_date(date.fromisoformat(iso), "long")
    except (TypeError, ValueError):
        return iso


def external_url(path):
    return current_app.config["BASE_URL"] + path


def case_url(initiative_id):
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"] + "/"):
        return url_for("cases.show", initiative_id=initiative_id, _external=True)


def compose(message, notifications, language):
    """The mail of outbox `message` carrying `notifications` (those still to tell), in `language`."""
    user = message.user
    config = current_app.config
    preferences_url = external_url(PREFERENCES_PATH)
    with force_locale(language):
        items = [
            {
                "sentence": sentence(
                    notice, case_texts(notice.initiative, reader=user)(notice.initiative.title)
                ),
                "url": case_url(notice.initiative_id),
            }
            for notice in notifications
        ]
        if message.kind == OutboxKind.DIGEST:
            subject = ngettext(
                "Bricoleur: %(num)d new notification", "Bricoleur: %(num)d new notifications", len(items)
            )
        else:
            subject = f"{APP_NAME}: {Event(notifications[0].event).title}"
        context = {
            "app_name": APP_NAME,
            "recipient": user.display_name,
            "items": items,
            "digest": message.kind == OutboxKind.DIGEST,
            "preferences_url": preferences_url,
            "language": language,
        }
        # Not render_template: the pages' context (the signed-in user's menu) has no place here.
        text = current_app.jinja_env.get_template("notifications/mail/message.txt").render(context)
        html = current_app.jinja_env.get_template("notifications/mail/message.html").render(context)
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = config["MAIL_FROM"]
    mail["To"] = Address(display_name=user.full_name or "", addr_spec=user.email)
    mail["Date"] = format_datetime(utcnow())
    mail["Message-ID"] = message.message_id or new_message_id()
    mail["List-Unsubscribe"] = f"<{preferences_url}>"
    # An automatic mail: no out-of-office replies to it (RFC 3834).
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(text)
    mail.add_alternative(html, subtype="html")
    # After the parts are made: making them moves the Content-* headers into the first one.
    mail["Content-Language"] = language
    return mail


def new_message_id():
    """A Message-ID in the sender's domain, fixed before the first attempt so retries repeat it."""
    domain = parseaddr(current_app.config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    return make_msgid(domain=domain)
