"""The errors of every domain's rules, and the one check that nobody saved in the meantime.

Operations raise `RuleError` (or a domain's subclass, named for what it guards) with a message
for the user and, when the refusal is about one input, that input's `field`; web forms put the
message at that field, the API answers 422 with it. A `RuleConflict` refuses what the record's
state does not allow now (the API answers 409), a `RuleForbidden` what this user may not do
whatever the values (403). One `StaleRecord` says that the record changed
since the user loaded it, whatever the record (pages show both versions, the API answers 412).
"""

from sqlalchemy.orm.exc import StaleDataError

from initiatives.extensions import db


class RuleError(ValueError):
    """A change the rules refuse; `message` is shown to the user, `field` names the input."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.field = field


class RuleConflict(RuleError):
    """A change the record's state does not allow now (withdrawing a withdrawn case, a move its
    workflow does not have), rather than a wrong value."""

    #: A short summary of the refusal (the API problem's title); None: the status's own.
    title = None


class RuleForbidden(RuleError):
    """A change this user may not make, whatever its values, such as opening a case in another
    manager's wijk: the same refusal on every channel, which the API answers as a denial."""


class StaleRecord(Exception):
    """The record changed since the user loaded it: overwrite nothing."""

    def __init__(self, record):
        super().__init__(f"{record.__tablename__} {record.id} is at version {record.version}")
        self.record = record


def require_version(record, expected_version, *, required=False):
    """Raise StaleRecord unless `record` is still at `expected_version`, the version the user
    loaded. None asks for no check (an API request without If-Match where it is optional), unless
    `required`: then a form that lost its version is as stale as an old one."""
    if expected_version is None and not required:
        return
    if expected_version is None or int(expected_version) != record.version:
        raise StaleRecord(record)


def flush_as_loaded(record):
    """Flush the changes to `record`, checked by `require_version`. A colleague's save that landed
    between that check and our UPDATE (which the database then refused: WHERE version = ...,
    SQLAlchemy's StaleDataError) is the same conflict: StaleRecord, with our changes rolled back
    and `record` read afresh."""
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        raise StaleRecord(record) from None
