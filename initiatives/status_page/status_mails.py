"""The initiators' status mails: once the owner has seen the preview and turned them on for a
case, each move to another stage queues a short mail (plain Dutch, B1) with the status link to
every contact person who agreed to it and has an address, through the notifications' outbox.

Whether a mail still goes is decided again when it is sent (`compose_status_mail`): not after the
mails were turned off, the case withdrawn, the person's consent or address gone, or the link
revoked. What the mail tells is what the status page tells: the stage in one sentence, the title
screened as for anyone outside the team, the owner's own sentence, the owner as contact.
"""

from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from initiatives.audit.operations import record
from initiatives.cases.models import Initiator
from initiatives.cases.operations import CaseError, StateConflict
from initiatives.cases.personal_data import CaseTexts
from initiatives.cases.stages import Stage
from initiatives.core.db import utcnow
from initiatives.extensions import db
from initiatives.notifications.mails import NothingToSend, new_message_id
from initiatives.notifications.models import OutboxKind, OutboxMessage
from initiatives.status_page import operations as links
from initiatives.status_page.models import StatusMailSettings
from initiatives.status_page.sentences import STAGE_SENTENCES

#: The owner's sentence: one line, short enough to read at a glance.
SENTENCE_MAX_LENGTH = 300


def mail_language():
    """Residents get the municipality's language: they chose none, and the page offers English."""
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def settings_of(initiative):
    return db.session.get(StatusMailSettings, initiative.id)


def are_on(initiative):
    settings = settings_of(initiative)
    return settings is not None and settings.enabled


@dataclass
class Recipients:
    """Who gets the case's status mails, and who does not and why (for the team's preview)."""

    receiving: list = field(default_factory=list)
    left_out: list = field(default_factory=list)  # (initiator, reason)


def recipients(initiative):
    found = Recipients()
    for person in initiative.initiators:
        if person.status_mail_consent_on is None:
            found.left_out.append((person, _("has not agreed to status mails")))
        elif not person.email:
            found.left_out.append((person, _("has no e-mail address")))
        else:
            found.receiving.append(person)
    return found


def _clean_sentence(sentence):
    sentence = " ".join((sentence or "").split())
    if len(sentence) > SENTENCE_MAX_LENGTH:
        raise CaseError(_("At most %(max)d characters.", max=SENTENCE_MAX_LENGTH), field="personal_sentence")
    return sentence


def _settings_for_change(initiative, actor):
    settings = settings_of(initiative)
    if settings is None:
        settings = StatusMailSettings(initiative_id=initiative.id, enabled=False, personal_sentence="")
        db.session.add(settings)
    settings.changed_by = actor
    settings.changed_at = utcnow()
    return settings


def turn_on(initiative, actor, *, personal_sentence):
    """The owner turns the mails on, having seen the preview. Without a link whose address can be
    put in a mail (none, expired, or made before links kept their nonce) a new one is made: the
    mails carry it. Returns whether a new link was made."""
    if initiative.owner_id != actor.id:
        raise StateConflict(
            _("Only the owner of the initiative can turn the status mails on, after seeing the preview."),
            field="personal_sentence",
        )
    if initiative.is_withdrawn:
        raise StateConflict(_("A withdrawn case sends no status mails."), field="personal_sentence")
    sentence = _clean_sentence(personal_sentence)
    settings = _settings_for_change(initiative, actor)
    settings.enabled, settings.personal_sentence = True, sentence
    link = links.current_link(initiative)
    new_link = (
        link is None or links.link_secret(link) is None or links.working_link(links.link_secret(link)) is None
    )
    if new_link:
        links.make_link(initiative, actor)
    db.session.flush()
    record(
        "status_mails.turned_on",
        initiative,
        actor=actor,
        summary=f"status mails of case {initiative.id} turned on",
        data={"recipients": len(recipients(initiative).receiving), "new_link": new_link},
        initiative=initiative,
    )
    return new_link


def change_sentence(initiative, actor, *, personal_sentence):
    """The owner changes their sentence in the mails still to come."""
    if initiative.owner_id != actor.id:
        raise StateConflict(
            _("Only the owner of the initiative can change the sentence in the status mails."),
            field="personal_sentence",
        )
    sentence = _clean_sentence(personal_sentence)
    settings = settings_of(initiative)
    if settings is None or settings.personal_sentence == sentence:
        return False
    _settings_for_change(initiative, actor).personal_sentence = sentence
    db.session.flush()
    record(
        "status_mails.changed",
        initiative,
        actor=actor,
        summary=f"sentence of the status mails of case {initiative.id} changed",
        initiative=initiative,
    )
    return True


def turn_off(initiative, actor):
    """Anyone on the team turns the mails off; mails already queued are then not sent."""
    settings = settings_of(initiative)
    if settings is None or not settings.enabled:
        return False
    _settings_for_change(initiative, actor).enabled = False
    db.session.flush()
    record(
        "status_mails.turned_off",
        initiative,
        actor=actor,
        summary=f"status mails of case {initiative.id} turned off",
        initiative=initiative,
    )
    return True


def stage_changed(initiative, *, actor, to_stage, **_):
    """Receiver of cases' stage_changed: queue a mail to each contact person who gets them."""
    if not are_on(initiative):
        return
    receiving = recipients(initiative).receiving
    for person in receiving:
        db.session.add(
            OutboxMessage(
                user_id=initiative.owner_id,
                kind=OutboxKind.STATUS,
                initiator_id=person.id,
                data={"stage": str(to_stage)},
            )
        )
    db.session.flush()
    record(
        "status_mails.queued",
        initiative,
        actor=actor,
        summary=f"status mail of case {initiative.id} to {len(receiving)} contact person(s)",
        data={"stage": str(to_stage), "recipients": len(receiving)},
        initiative=initiative,
    )


def mail_content(initiative, stage, *, personal_sentence, url, recipient_name):
    """Subject, plain text and HTML of a status mail, in the residents' language."""
    owner = initiative.owner
    context = {
        "recipient_name": recipient_name,
        "title": CaseTexts(initiative, hidden=True)(initiative.title),
        "stage": stage,
        "personal_sentence": personal_sentence,
        "url": url,
        "closed": stage is Stage.CLOSED,
        "owner_name": owner.display_name if owner else "",
        "owner_email": (owner.email or "") if owner else "",
    }
    with force_locale(mail_language()):
        context["stage_title"] = stage.title
        context["stage_sentence"] = str(STAGE_SENTENCES[stage])
        subject = _("News about your initiative: %(title)s", title=context["title"])
        # Not render_template: the pages' context (the signed-in user's menu) has no place here.
        environment = current_app.jinja_env
        text = environment.get_template("status_page/mail/status.txt").render(context)
        html = environment.get_template("status_page/mail/status.html").render(
            context, language=mail_language(), subject=subject
        )
    return {"subject": subject, "text": text, "html": html}


def preview(initiative, personal_sentence):
    """The mail as the first contact person would get it at the case's next move (shown with the
    current stage), for the team to read before turning the mails on."""
    link = links.current_link(initiative)
    secret = links.link_secret(link) if link else None
    url = links.status_url(secret) if secret else _("(the address of your status page)")
    receiving = recipients(initiative).receiving
    with force_locale(mail_language()):
        name = receiving[0].name if receiving else _("(name of the contact person)")
    return mail_content(
        initiative,
        Stage(initiative.stage),
        personal_sentence=" ".join((personal_sentence or "").split())[:SENTENCE_MAX_LENGTH],
        url=url,
        recipient_name=name,
    )


def compose_status_mail(message):
    """The outbox's composer for kind STATUS: the mail, or NothingToSend when it no longer should go."""
    person = db.session.scalar(sa.select(Initiator).where(Initiator.id == message.initiator_id))
    if person is None:
        raise NothingToSend("the contact person was removed")
    initiative = person.initiative
    settings = settings_of(initiative)
    if settings is None or not settings.enabled:
        raise NothingToSend("the status mails were turned off")
    if initiative.is_withdrawn:
        raise NothingToSend("the case was withdrawn")
    if person.status_mail_consent_on is None:
        raise NothingToSend("the contact person no longer agrees to status mails")
    if not person.email:
        raise NothingToSend("the contact person has no e-mail address")
    link = links.current_link(initiative)
    secret = links.link_secret(link) if link else None
    if secret is None or links.working_link(secret) is None:
        raise NothingToSend("the case has no working status link")
    content = mail_content(
        initiative,
        Stage((message.data or {}).get("stage", initiative.stage)),
        personal_sentence=settings.personal_sentence,
        url=links.status_url(secret),
        recipient_name=person.name,
    )
    mail = EmailMessage()
    mail["Subject"] = content["subject"]
    mail["From"] = current_app.config["MAIL_FROM"]
    mail["To"] = Address(display_name=person.name, addr_spec=person.email)
    owner = initiative.owner
    if owner is not None and owner.email:
        # An answer goes to the wijkmanager, not to the system's address.
        mail["Reply-To"] = Address(display_name=owner.display_name, addr_spec=owner.email)
    mail["Date"] = format_datetime(utcnow())
    mail["Message-ID"] = message.message_id or new_message_id()
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(content["text"])
    mail.add_alternative(content["html"], subtype="html")
    mail["Content-Language"] = mail_language()
    return mail
