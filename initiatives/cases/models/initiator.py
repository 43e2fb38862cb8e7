"""Initiators: the residents behind an initiative. Personal data, kept apart from the case."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from initiatives.cases.contact_keys import email_key, phone_key
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
    #: The e-mail address and the phone number as one spelling for every notation
    #: (`contact_keys`), kept with them: the intake finds a case of the same person by these.
    email_key: Mapped[str | None] = mapped_column(sa.String(254), index=True)
    phone_key: Mapped[str | None] = mapped_column(sa.String(20), index=True)

    initiative = relationship("Initiative", back_populates="initiators")

    @validates("email")
    def _keep_email_key(self, _name, email):
        self.email_key = email_key(email)
        return email

    @validates("phone")
    def _keep_phone_key(self, _name, phone):
        self.phone_key = phone_key(phone)
        return phone

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
