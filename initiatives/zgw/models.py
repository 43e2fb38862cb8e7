"""What the case system holds of a case (its zaak and every object pushed to it), so that a push
sends only what is new and resumes after a failure half-way; and the admin's mapping tables."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db


class ZgwZaak(db.Model):
    """A case's zaak in the case system: made once, its URL kept."""

    __tablename__ = "zgw_zaken"

    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True
    )
    zaak_url: Mapped[str] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The last push that ended without an error.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative")


class PushedKind(StrEnum):
    STATUS = "status"
    ROL = "rol"
    RESULTAAT = "resultaat"
    ZAAKOBJECT = "zaakobject"
    #: The EnkelvoudigInformatieObject of a file, and its link to the zaak (two requests).
    DOCUMENT = "document"
    ZAAKINFORMATIEOBJECT = "zaakinformatieobject"


class ZgwPushedItem(db.Model):
    """One object made in the case system for a part of the case: never sent twice."""

    __tablename__ = "zgw_pushed_items"
    __table_args__ = (sa.UniqueConstraint("initiative_id", "kind", "local_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PushedKind] = mapped_column(enum_column_type(PushedKind, "pushed_kind"))
    #: What in Bricoleur it is of: a stage change's id, "owner-<user id>", "initiator-<id>",
    #: "stakeholder-<id>", a neighbourhood's or a file's id.
    local_key: Mapped[str] = mapped_column(sa.String(40))
    remote_url: Mapped[str] = mapped_column(sa.String(1000))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MappingKind(StrEnum):
    STATUS = "status"
    RESULT = "result"


class ZgwMapping(db.Model):
    """The admin's table from a stage to a statustype, or from a result to a resultaattype (the
    environment's BRICOLEUR_ZGW_STATUSES and _RESULTS win over it)."""

    __tablename__ = "zgw_mappings"

    kind: Mapped[MappingKind] = mapped_column(enum_column_type(MappingKind, "mapping_kind"), primary_key=True)
    #: A stage's or a result's code.
    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(1000))
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    changed_by: Mapped[User] = relationship()
