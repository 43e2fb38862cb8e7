"""The marker of an anonymised contact person: the purge and erasure never do one twice."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column

from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db


class ErasureReason(StrEnum):
    """Why a contact person's data was anonymised."""

    RETENTION = "retention"
    REQUEST = "request"

    @property
    def title(self):
        return ERASURE_REASON_TITLES[self]


ERASURE_REASON_TITLES = {
    ErasureReason.RETENTION: _l("retention period ended"),
    ErasureReason.REQUEST: _l("erased on request"),
}


class ContactErasure(db.Model):
    """An initiator whose name, e-mail address and phone number have been anonymised.

    Kept apart from the initiator (a case table), one row per anonymised contact person. The row
    goes with the initiator when a manager removes the contact afterwards.
    """

    __tablename__ = "contact_erasures"

    initiator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiators.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[ErasureReason] = mapped_column(enum_column_type(ErasureReason, "erasure_reason"))
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
