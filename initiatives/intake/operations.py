"""Opening cases from e-mail: an uploaded .eml or .msg file or a whole mailbox."""

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.cases import operations as cases
from initiatives.cases.attachments import AttachmentError, add_attachment
from initiatives.cases.models import Channel, Initiative, Initiator
from initiatives.core.dates import local_today, work_date_problem
from initiatives.exports.anonymise import fold
from initiatives.extensions import db
from initiatives.intake.mail import normalise_text, parse_mail
from initiatives.intake.signature import Signature, split_signature

NO_SUBJECT = "(geen onderwerp)"
#: The contact's name when neither the sender nor the signature gives one.
NO_NAME = "(naam onbekend)"


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


def _fuller_name(signed, sender):
    """The signature's name, or the sender's display name when that is a fuller form of it
    ("Gaëlle" signed, "Gaëlle van 't Hof" in the header)."""
    if not signed:
        return sender
    if sender and len(sender) > len(signed) and fold(signed) in fold(sender):
        return sender
    return signed


def _length(field):
    """The most characters the contact field `field` holds."""
    return Initiator.__table__.c[field].type.length


def _joined_within(values, limit, separator=", "):
    """As many of `values` as fit in `limit` characters, joined."""
    joined = ""
    for value in values:
        longer = f"{joined}{separator}{value}" if joined else value
        if len(longer) > limit:
            break
        joined = longer
    return joined


def sender_contact(mail, signature):
    """The sender as one contact person, completed from their signature; None when the message
    tells nothing about them. The e-mail address is the signature's, else the sender's."""
    signature = signature or Signature()
    emails = [address for address in signature.emails if len(address) <= _length("email")]
    sender = mail.sender_email or ""
    email = sender if not emails or sender.lower() in {address.lower() for address in emails} else emails[0]
    details = cases.InitiatorDetails(
        name=(_fuller_name(signature.name, mail.sender_name) or email or NO_NAME)[: _length("name")],
        email=email if len(email) <= _length("email") else "",
        phone=_joined_within(signature.phones, _length("phone")),
        address=signature.address[: _length("address")],
        organisation=signature.organisation[: _length("organisation")],
    )
    if not (mail.sender_name or details.email or details.phone or details.address or signature.name):
        return None
    return details


def open_case_from_mail(actor, data, *, neighbourhood, themes=()):
    """Open a case from the bytes of an e-mail, or return the case it opened before.

    The sender becomes a contact, with what their signature says (name, address, phone, e-mail);
    the subject becomes the title; the text without that signature the description and the first
    timeline entry. The message itself and its attachments of an allowed kind are kept on the case.
    """
    mail = parse_mail(data)
    message_id = (mail.message_id or fingerprint(data))[:300]
    existing = find_by_message_id(message_id)
    if existing is not None:
        return MailIntake(initiative=existing, duplicate=True, skipped_attachments=[])
    received_on = mail.received_at.date() if mail.received_at else local_today()
    if work_date_problem(received_on) is not None:  # a Date header of 1970 or garbage: unknown
        received_on = local_today()
    received_on = min(received_on, local_today())
    # Only the sender's own text is searched: a forwarding colleague's signature is not theirs.
    signed = split_signature(mail.original_body)
    description = normalise_text(mail.forward_note + signed.text)
    note = description
    if mail.forwarded_by:
        note = _("Forwarded by %(address)s.", address=mail.forwarded_by) + "\n\n" + note
    contact = sender_contact(mail, signed.signature)
    initiative = cases.open_case(
        actor,
        title=(mail.subject or NO_SUBJECT)[:200],
        description=description,
        neighbourhood=neighbourhood,
        channel=Channel.EMAIL,
        received_on=received_on,
        themes=themes,
        initiators=[contact] if contact else [],
        first_note=note,
        source_message_id=message_id,
    )
    skipped = []
    # The whole message too: what the description no longer holds (the signature) stays at hand
    # for those who may download files (`Initiative.can_view_contacts`).
    files = [(f"e-mail {received_on.isoformat()}{mail.file_extension}", data)]
    files += [(attachment.filename, attachment.data) for attachment in mail.attachments]
    for filename, content in files:
        try:
            add_attachment(initiative, actor, filename, content)
        except AttachmentError as error:
            skipped.append((filename, str(error)))
    return MailIntake(initiative=initiative, duplicate=False, skipped_attachments=skipped)
