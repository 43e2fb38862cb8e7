"""The mails: one notice at once, or a user's daily digest, as multipart text and HTML in the
recipient's language, each notice in one sentence naming its case and linking to it.

A case's title passes the privacy screen (`cases.personal_data.case_texts`) for the recipient: who
may not see the residents' contact details gets it anonymised. Nothing else of the case is told.
"""

from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from flask_babel import force_locale, ngettext

from initiatives.cases.personal_data import case_texts
from initiatives.core.db import utcnow
from initiatives.notifications.events import Event
from initiatives.notifications.links import absolute_url
from initiatives.notifications.models import OutboxKind
from initiatives.notifications.sentences import display_names, sentence

APP_NAME = "Bricoleur"


class NothingToSend(Exception):
    """A queued mail has nothing left to tell (its reason went away, its recipient cannot get it):
    it is not sent, and the message says why."""


#: The composers of the kinds of mail other domains queue (the initiators' status mails), so that
#: notifications need not know them: kind -> function(outbox message) -> EmailMessage, raising
#: NothingToSend when the mail should not go.
_COMPOSERS = {}


def register_composer(kind, composer):
    _COMPOSERS[kind] = composer


def composer_for(kind):
    return _COMPOSERS.get(kind)


def case_url(initiative_id):
    return absolute_url("cases.show", initiative_id=initiative_id)


def compose(message, notifications, language):
    """The mail of outbox `message` carrying `notifications` (those still to tell), in `language`."""
    user = message.user
    config = current_app.config
    preferences_url = absolute_url("notifications.preferences")
    names = display_names(notifications)
    with force_locale(language):
        items = [
            {
                "sentence": sentence(
                    notice, case_texts(notice.initiative, reader=user)(notice.initiative.title), names
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
