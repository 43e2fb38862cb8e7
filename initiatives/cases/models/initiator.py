"""Initiators: the residents behind an initiative. Personal data, kept apart from the case."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.core.db import UTCDateTime, Versioned, utcnow
from initiatives.extensions import db


class Initiator(Versioned, db.Model):
    """A contact person of an initiative. Shown only to those who work on the case."""

    __tablename__ = "initiators"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    #: Home address (street, house number, postcode, place), e.g. from an e-mail's signature.
    address: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation: Mapped[str] = mapped_column(sa.String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The day they agreed to get the case's status mails (None: no consent, no mail).
    status_mail_consent_on: Mapped[date | None] = mapped_column(sa.Date)

    initiative = relationship("Initiative", back_populates="initiators")

    def as_dict(self):
        return {
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "address": self.address,
            "organisation": self.organisation,
            "status_mail_consent_on": self.status_mail_consent_on.isoformat()
            if self.status_mail_consent_on
            else None,
        }
