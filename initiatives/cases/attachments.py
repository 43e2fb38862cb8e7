"""Files on a case: checked by content (not by name) and named after it, stored outside `static/`
under random names; removed when uploaded by mistake, or their content erased (AVG), the entry kept
either way.

Checking a file (`check_file`) needs no database, so that work as long as reading a whole e-mail's
attachments is done before a write transaction begins; storing it (`store_file`) is quick.
"""

import hashlib
import io
import logging
import os
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

import filetype
import olefile
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from initiatives.audit.operations import record, redact
from initiatives.cases.models import Attachment
from initiatives.cases.operations import StateConflict, required_reason
from initiatives.core.db import utcnow
from initiatives.core.rules import RuleError
from initiatives.core.sizes import human_size
from initiatives.extensions import db

log = logging.getLogger(__name__)

#: An e-mail as Outlook saves it (.msg): a compound file (OLE2), which `filetype` takes for
#: PowerPoint, so it is told by its MAPI property streams.
OUTLOOK_MESSAGE = "application/vnd.ms-outlook"
COMPOUND_FILE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Types a case may hold, by the type its content shows (sniffed), never by the name.
ALLOWED_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "text/plain",
    "text/csv",
    "message/rfc822",
    OUTLOOK_MESSAGE,
}

TEXT_TYPES_BY_EXTENSION = {".csv": "text/csv", ".eml": "message/rfc822"}
#: The types `sniff_content_type` gives text by its name.
TEXT_TYPES = {"text/plain", *TEXT_TYPES_BY_EXTENSION.values()}

#: The extensions a file of each allowed type may have, the usual one first: a file is stored and
#: offered under a name with one of these, never under the extension it came with (`page.html`
#: holding text is `page.txt`), so no program opens it as something it is not.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/vnd.oasis.opendocument.presentation": (".odp",),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
    "message/rfc822": (".eml",),
    OUTLOOK_MESSAGE: (".msg",),
}

#: Text a browser would take for a web page or an image that runs scripts (HTML, SVG, any XML),
#: after the way browsers sniff (WHATWG MIME Sniffing, "rules for identifying an unknown type").
_MARKUP = re.compile(
    rb"\s*(?:<!doctype|<!--|<\?xml|<(?:html|head|body|script|iframe|svg|math|h1|div|font|table|a|"
    rb"style|title|b|br|p|object|embed|meta|link|frameset)(?:[\s/>]|$))",
    re.IGNORECASE,
)

#: What `named_for` takes for an extension: a dot and up to ten letters or digits at the end.
_EXTENSION = re.compile(r"\.[^\W_]{1,10}$")


class AttachmentError(RuleError):
    """A file that cannot be kept; the message is shown to the user."""


def storage_root():
    return Path(current_app.config["ATTACHMENT_DIR"])


#: The longest name a file is stored under.
MAX_NAME_LENGTH = 200

#: Unicode categories left out of file names: control and format characters, line and paragraph
#: separators.
_NOT_IN_NAMES = {"Cc", "Cf", "Zl", "Zp"}


def clean_filename(filename):
    """Return a safe display name: no folders, no control or format characters (a right-to-left
    override would show "invoice\u202efdp.exe" as "invoiceexe.pdf"), no line or paragraph
    separators, at most 200 characters."""
    name = unicodedata.normalize("NFC", os.path.basename((filename or "").replace("\\", "/")))
    name = "".join(char for char in name if unicodedata.category(char) not in _NOT_IN_NAMES)
    return name.strip().lstrip(".")[-MAX_NAME_LENGTH:] or "bestand"


def is_markup(data):
    """Whether text `data` is HTML, SVG or other XML: a browser could run the scripts in it."""
    return _MARKUP.match(data.removeprefix(b"\xef\xbb\xbf")[:1024]) is not None


def named_for(filename, content_type):
    """`filename` with an extension that fits `content_type`: kept when it fits, else replaced
    ("invoice.exe" holding text is "invoice.txt", "polyglot.gif.html" holding a GIF is
    "polyglot.gif"), else added ("scan" holding a PDF is "scan.pdf")."""
    extensions = EXTENSIONS.get(content_type)
    if not extensions:
        return filename
    last = _EXTENSION.search(filename)
    if last is not None and last.group().lower() in extensions:
        return filename
    stem = filename if last is None else filename[: last.start()]
    before = _EXTENSION.search(stem)
    if last is not None and before is not None and before.group().lower() in extensions:
        return stem
    stem = stem.rstrip(" .") or "bestand"
    return stem[: MAX_NAME_LENGTH - len(extensions[0])] + extensions[0]


def _looks_like_text(data):
    if b"\x00" in data[:8192]:
        return False
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError:
        try:
            data[:65536].decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


def is_outlook_message(data):
    """Whether `data` is an Outlook item saved as .msg: a compound file of MAPI properties."""
    if data[:8] != COMPOUND_FILE_SIGNATURE:
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as compound:
            return compound.exists("__properties_version1.0") and any(
                path[0].startswith("__substg1.0_") for path in compound.listdir(streams=True, storages=False)
            )
    except Exception:  # olefile raises OSError, struct.error, IndexError... on a broken file
        return False


def sniff_content_type(data, filename):
    """Return the content type the bytes show, or None when they are not an allowed kind."""
    if is_outlook_message(data):
        return OUTLOOK_MESSAGE
    guess = filetype.guess(data)
    if guess is not None:
        return guess.mime if guess.mime in ALLOWED_TYPES else None
    if _looks_like_text(data):
        return TEXT_TYPES_BY_EXTENSION.get(Path(filename).suffix.lower(), "text/plain")
    return None


@dataclass(frozen=True)
class CheckedFile:
    """A file that may be kept on a case, under a name that fits its content."""

    filename: str
    content_type: str
    data: bytes


def check_file(filename, data):
    """Check `data` by its content and return it as a CheckedFile named after that content; raise
    AttachmentError when it cannot be kept. Reads no database."""
    limit = current_app.config["MAX_ATTACHMENT_BYTES"]
    if len(data) > limit:
        raise AttachmentError(_("The file is larger than %(size)s.", size=human_size(limit)))
    if not data:
        raise AttachmentError(_("The file is empty."))
    filename = clean_filename(filename)
    content_type = sniff_content_type(data, filename)
    if content_type in TEXT_TYPES and is_markup(data):
        raise AttachmentError(
            _(
                "HTML and SVG files cannot be kept on a case, as a browser could run what they hold. "
                "Use PDF, an image (PNG, JPEG, GIF or WebP), an office document (Word, Excel, "
                "PowerPoint or OpenDocument), text (.txt or .csv) or an e-mail (.eml or .msg)."
            )
        )
    if content_type is None:
        raise AttachmentError(
            _("This kind of file cannot be kept on a case. Use PDF, an image, an office document or text.")
        )
    return CheckedFile(filename=named_for(filename, content_type), content_type=content_type, data=data)


def add_attachment(initiative, actor, filename, data):
    """Check and store `data` as a file of `initiative` and return the Attachment."""
    return store_file(initiative, actor, check_file(filename, data))


def store_file(initiative, actor, checked):
    """Store the CheckedFile `checked` as a file of `initiative` and return the Attachment."""
    filename, content_type, data = checked.filename, checked.content_type, checked.data
    key = uuid.uuid4().hex
    storage_key = f"{key[:2]}/{key}"
    path = storage_root() / storage_key
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".part")
    temporary.write_bytes(data)
    temporary.replace(path)  # the file appears whole or not at all
    attachment = Attachment(
        initiative=initiative,
        filename=filename,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=storage_key,
        uploaded_by=actor,
    )
    db.session.add(attachment)
    db.session.flush()
    record(
        "attachment.added",
        attachment,
        actor=actor,
        summary=f"file added to case {initiative.id}",
        data={"content_type": content_type, "size": len(data)},
        initiative=initiative,
    )
    return attachment


def path_of(attachment):
    return storage_root() / attachment.storage_key


# -- removing a file uploaded by mistake ---------------------------------------------------------


def remove_attachment(attachment, actor, *, reason):
    """Remove a file uploaded by mistake: its entry stays (name, date, who removed it and why), its
    stored file goes once the transaction commits (as an erased file's: `_delete_after_commit`)."""
    if attachment.is_removed:
        raise StateConflict(_("This file has been removed already."), field="reason")
    reason = required_reason(reason)
    attachment.removed_at = utcnow()
    attachment.removed_by = actor
    attachment.remove_reason = reason
    if attachment.erased_at is None:
        attachment.sha256 = ""  # the hash of content that is gone would still tell what it was
        _delete_after_commit(attachment)
    db.session.flush()
    initiative = attachment.initiative
    record(
        "attachment.removed",
        attachment,
        actor=actor,
        summary=f"file {attachment.id} removed from case {initiative.id}",
        data=redact({"reason": reason, "content_type": attachment.content_type, "size": attachment.size}),
        initiative=initiative,
    )
    return attachment


# -- erasing a file's content (AVG) ---------------------------------------------------------------


def erase_content(attachment):
    """Mark the content of `attachment` erased; the stored file goes when the transaction commits.

    The entry stays (its name, type and date), so the case's timeline stays whole; so does the file
    until the commit, so that a transaction rolled back leaves it as it was. Returns whether there
    was anything to erase.
    """
    if attachment.erased_at is not None:
        return False
    attachment.erased_at = utcnow()
    # The hash of content that is gone would still tell whether a given file was held.
    attachment.sha256 = ""
    if attachment.removed_at is None:  # a removed file's is gone already
        _delete_after_commit(attachment)
    return True


# -- deleting stored files once their removal or erasure is committed -----------------------------

#: session.info keys: the attachments whose content this transaction erased or removed, and the
#: stored files to delete once it has committed.
_CONTENT_GONE = "attachments_without_content"
_FILES_TO_DELETE = "attachment_files_to_delete"


def _delete_after_commit(attachment):
    """Delete the stored file of `attachment` (erased or removed) when the transaction commits."""
    db.session.info.setdefault(_CONTENT_GONE, []).append(attachment)


@event.listens_for(Session, "before_commit")
def _files_without_content(session):
    """Name the files to delete: those whose erasure or removal is still in the transaction (a
    savepoint rolled back has undone it)."""
    gone = session.info.pop(_CONTENT_GONE, None)
    if gone:
        session.info[_FILES_TO_DELETE] = [
            path_of(attachment) for attachment in gone if not attachment.has_content
        ]


@event.listens_for(Session, "after_commit")
def _delete_files(session):
    """Delete the files whose erasure or removal has just been committed."""
    for path in session.info.pop(_FILES_TO_DELETE, ()):
        try:
            path.unlink(missing_ok=True)
        except OSError:  # committed: the entry says so and no one can download it, but it is there
            log.exception("Could not delete the stored file %s; delete it by hand", path)


@event.listens_for(Session, "after_soft_rollback")
def _keep_files(session, previous_transaction):
    """A transaction rolled back (also a commit that failed) deletes nothing."""
    if previous_transaction.parent is None:  # a savepoint's rollback is seen at the commit
        session.info.pop(_CONTENT_GONE, None)
        session.info.pop(_FILES_TO_DELETE, None)
