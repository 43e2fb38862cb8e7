"""Files kept on a case, stored outside `static/` and served only to those allowed."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    #: The name as uploaded (cleaned); the stored file has a random name.
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: The type found by sniffing the content, not the one the browser claimed.
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: Path relative to the attachment folder.
    storage_key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: When an erasure (AVG) deleted the file's content; the entry stays so the timeline stays whole.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    initiative = relationship("Initiative", back_populates="attachments")
    uploaded_by: Mapped[User] = relationship()
