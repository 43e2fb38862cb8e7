"""Opening cases from e-mail: an uploaded .eml file or a whole mailbox."""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.cases import operations as cases
from initiatives.cases.attachments import AttachmentError, add_attachment
from initiatives.cases.models import Channel, Initiative
from initiatives.core.dates import local_today
from initiatives.extensions import db
from initiatives.intake.mail import parse_mail

NO_SUBJECT = "(geen onderwerp)"


@dataclass
class MailIntake:
    initiative: Initiative
    duplicate: bool
    skipped_attachments: list


def find_by_message_id(message_id):
    if not message_id:
        return None
    return db.session.scalar(sa.select(Initiative).where(Initiative.source_message_id == message_id))


def fingerprint(data):
    """A stand-in Message-ID for a message without one, so importing it twice finds it again."""
    return f"<sha256-{hashlib.sha256(data).hexdigest()}@bricoleur.invalid>"


def open_case_from_mail(actor, data, *, neighbourhood, themes=()):
    """Open a case from the bytes of an e-mail, or return the case it opened before.

    The sender becomes a contact, the subject the title, the body the description and the
    first timeline entry; attachments of an allowed kind are kept on the case.
    """
    mail = parse_mail(data)
    message_id = (mail.message_id or fingerprint(data))[:300]
    existing = find_by_message_id(message_id)
    if existing is not None:
        return MailIntake(initiative=existing, duplicate=True, skipped_attachments=[])
    received_on = mail.received_at.date() if mail.received_at else local_today()
    received_on = min(received_on, local_today())
    note = mail.body
    if mail.forwarded_by:
        note = _("Forwarded by %(address)s.", address=mail.forwarded_by) + "\n\n" + note
    initiators = []
    if mail.sender_name or mail.sender_email:
        initiators.append(
            cases.InitiatorDetails(name=mail.sender_name or mail.sender_email, email=mail.sender_email or "")
        )
    initiative = cases.open_case(
        actor,
        title=(mail.subject or NO_SUBJECT)[:200],
        description=mail.body,
        neighbourhood=neighbourhood,
        channel=Channel.EMAIL,
        received_on=received_on,
        themes=themes,
        initiators=initiators,
        first_note=note,
        source_message_id=message_id,
    )
    skipped = []
    for attachment in mail.attachments:
        try:
            add_attachment(initiative, actor, attachment.filename, attachment.data)
        except AttachmentError as error:
            skipped.append((attachment.filename, str(error)))
    return MailIntake(initiative=initiative, duplicate=False, skipped_attachments=skipped)
