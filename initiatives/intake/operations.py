"""Opening cases from e-mail: an uploaded .eml or .msg file or a whole mailbox.

In two steps, so that no one else's write waits for the reading of a message (which a mail of
thousands of parts makes long): `read_mail` parses, decodes and checks everything without the
database, then `save_mail` writes the case and its files in one short transaction.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_number, ngettext
from flask_babel import gettext as _

from initiatives.cases import duplicates
from initiatives.cases import operations as cases
from initiatives.cases.attachments import AttachmentError, CheckedFile, check_file, store_file
from initiatives.cases.models import Activity, Channel, Initiative, Initiator
from initiatives.cases.similar import NewCase, similar_cases
from initiatives.core.anonymise.words import fold
from initiatives.core.dates import local_today, work_date_problem
from initiatives.core.sizes import human_size
from initiatives.extensions import db
from initiatives.intake.mail import parse_mail
from initiatives.intake.mail_body import normalise_text
from initiatives.intake.mail_types import MailAttachment
from initiatives.intake.signals import mail_imported
from initiatives.intake.signature import Signature, split_signature

NO_SUBJECT = "(geen onderwerp)"
#: The contact's name when neither the sender nor the signature gives one.
NO_NAME = "(naam onbekend)"


@dataclass
class MailIntake:
    initiative: Initiative
    duplicate: bool
    #: Why each file of the mail not kept was left out, as sentences for the user.
    skipped_attachments: list
    #: True when the mail was added to the open case `initiative` (certainly the same: the same
    #: contact person and a very similar text) instead of opening a case.
    linked: bool = False
    #: The ids of the open cases the new case may duplicate ("mogelijk dubbel").
    possible_duplicates: tuple = ()


def find_by_message_id(message_id):
    """The case opened from the e-mail `message_id`, or the case it was added to; None if neither."""
    if not message_id:
        return None
    opened = db.session.scalar(sa.select(Initiative).where(Initiative.source_message_id == message_id))
    if opened is not None:
        return opened
    return db.session.scalar(
        sa.select(Initiative)
        .join(Activity, Activity.initiative_id == Initiative.id)
        .where(Activity.source_message_id == message_id)
    )


def looking_alike(actor, mail, neighbourhood):
    """The open cases `actor` may read that look like the case the ReadMail `mail` would open."""
    contact = mail.contact
    return similar_cases(
        NewCase(
            title=mail.title if mail.title != NO_SUBJECT else "",
            description=mail.description,
            neighbourhood_id=neighbourhood.id if neighbourhood is not None else None,
            email=contact.email if contact else "",
            phone=contact.phone if contact else "",
        ),
        actor,
    )


def add_mail_to_case(actor, mail, initiative):
    """Add the ReadMail `mail` to the open case `initiative` instead of opening a case: its sender
    as a contact person (unless known), its text as a timeline entry, its files; audited. An e-mail
    imported before is not added again (MailIntake.duplicate)."""
    existing = find_by_message_id(mail.message_id)
    if existing is not None:
        return MailIntake(initiative=existing, duplicate=True, skipped_attachments=[])
    duplicates.add_to_existing_case(
        initiative,
        actor,
        channel=Channel.EMAIL,
        received_on=mail.received_on,
        contact=mail.contact,
        note=duplicates.message_text(mail.title if mail.title != NO_SUBJECT else "", "", mail.note),
        source_message_id=mail.message_id,
    )
    for checked in mail.files:
        store_file(initiative, actor, checked)
    return MailIntake(
        initiative=initiative, duplicate=False, skipped_attachments=list(mail.skipped), linked=True
    )


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


@dataclass(frozen=True)
class ReadMail:
    """An e-mail read and checked, ready to become a case: everything `save_mail` needs, made
    without the database (`read_mail`), so that no write transaction waits for that work."""

    message_id: str
    title: str
    description: str
    note: str
    received_on: date
    contact: cases.InitiatorDetails | None
    files: tuple[CheckedFile, ...]
    #: Why each file not kept was left out, as sentences for the user.
    skipped: tuple[str, ...]


def read_mail(data):
    """Read the bytes of an e-mail (.eml or .msg) into a ReadMail; raise MailError when it is none.

    The sender becomes a contact, with what their signature says (name, address, phone, e-mail);
    the subject becomes the title; the text without that signature the description and the first
    timeline entry. The message itself and its attachments of an allowed kind are to be kept on
    the case, up to MAX_MAIL_ATTACHMENTS attachments of MAX_MAIL_ATTACHMENT_BYTES together; the
    first timeline entry says which were left out and why.
    """
    mail = parse_mail(data)
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
    # The whole message too: what the description no longer holds (the signature) stays at hand
    # for those who may download files (`Initiative.can_view_contacts`).
    message_file = MailAttachment(f"e-mail {received_on.isoformat()}{mail.file_extension}", "", data)
    files, skipped = _files_to_keep(message_file, mail.attachments)
    if skipped:
        heading = _("Not kept from this e-mail:")
        lines = "\n".join(f"- {reason}" for reason in skipped)
        note = f"{note}\n\n{heading}\n{lines}".lstrip("\n")
    return ReadMail(
        message_id=(mail.message_id or fingerprint(data))[:300],
        title=(mail.subject or NO_SUBJECT)[:200],
        description=description,
        note=note,
        received_on=received_on,
        contact=sender_contact(mail, signed.signature),
        files=tuple(files),
        skipped=tuple(skipped),
    )


def _files_to_keep(message_file, attachments):
    """The files of a mail to keep (the message itself first), and why each other was left out:
    attachments after the first MAX_MAIL_ATTACHMENTS are left out unchecked, and one that would bring
    their size together over MAX_MAIL_ATTACHMENT_BYTES is left out too."""
    most = current_app.config["MAX_MAIL_ATTACHMENTS"]
    most_bytes = current_app.config["MAX_MAIL_ATTACHMENT_BYTES"]
    files, skipped = [], []
    try:
        files.append(check_file(message_file.filename, message_file.data))
    except AttachmentError as error:
        skipped.append(_not_kept(message_file.filename, str(error)))
    total = 0
    for attachment in attachments[:most]:
        if total + len(attachment.data) > most_bytes:
            reason = _(
                "Together with the attachments before it, it is larger than %(size)s, the most one "
                "e-mail may bring to a case.",
                size=human_size(most_bytes),
            )
            skipped.append(_not_kept(attachment.filename, reason))
            continue
        try:
            files.append(check_file(attachment.filename, attachment.data))
        except AttachmentError as error:
            skipped.append(_not_kept(attachment.filename, str(error)))
            continue
        total += len(attachment.data)
    if len(attachments) > most:
        skipped.append(
            ngettext(
                "%(count)s more attachment was not kept: one e-mail brings at most %(most)s attachments "
                "to a case.",
                "%(count)s more attachments were not kept: one e-mail brings at most %(most)s attachments "
                "to a case.",
                len(attachments) - most,
                count=format_number(len(attachments) - most),
                most=most,
            )
        )
    return files, skipped


def _not_kept(filename, reason):
    return _("Attachment %(name)s was not kept: %(reason)s", name=filename, reason=reason)


def save_mail(actor, mail, *, neighbourhood, themes=(), unattended=False):
    """Open a case from the ReadMail `mail`, or return the case it opened before: a short write,
    all reading done. `unattended`: a mailbox import that no one watched (the CLI's), so the
    case's owner is told of the new case.

    Unattended, no one chooses among the open cases that look alike: the mail is added to one
    when it is certainly the same (the same contact person and a very similar text, on a case
    `actor` works on); else a case that looks like others is opened marked "mogelijk dubbel"."""
    existing = find_by_message_id(mail.message_id)
    if existing is not None:
        return MailIntake(initiative=existing, duplicate=True, skipped_attachments=[])
    matches = looking_alike(actor, mail, neighbourhood) if unattended else []
    certain = [match for match in matches if match.is_certain and match.initiative.can_edit(actor)]
    if certain:
        return add_mail_to_case(actor, mail, certain[0].initiative)
    initiative = cases.open_case(
        actor,
        title=mail.title,
        description=mail.description,
        neighbourhood=neighbourhood,
        channel=Channel.EMAIL,
        received_on=mail.received_on,
        themes=themes,
        initiators=[mail.contact] if mail.contact else [],
        first_note=mail.note,
        source_message_id=mail.message_id,
    )
    for checked in mail.files:
        store_file(initiative, actor, checked)
    if matches:
        duplicates.mark_possible_duplicate(initiative, actor, matches)
    mail_imported.send(initiative, actor=actor, unattended=unattended)
    return MailIntake(
        initiative=initiative,
        duplicate=False,
        skipped_attachments=list(mail.skipped),
        possible_duplicates=tuple(match.initiative.id for match in matches),
    )
