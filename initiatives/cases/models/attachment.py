"""Files kept on a case, stored outside `static/` and served only to those allowed."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db


class Attachment(db.Model):
    __tablename__ = "attachments"
    __table_args__ = (
        sa.CheckConstraint("(removed_at IS NULL) = (removed_by_id IS NULL)", name="removed_by_someone"),
    )

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
    #: When it was removed as uploaded by mistake: the stored file is deleted, the entry stays.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    #: Why it was removed: free text.
    remove_reason: Mapped[str] = mapped_column(sa.Text, default="")
    #: Marked by the team to go to the municipality's case system (ZGW) with the case.
    for_archive: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    initiative = relationship("Initiative", back_populates="attachments")
    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])

    @property
    def is_removed(self):
        return self.removed_at is not None

    @property
    def has_content(self):
        """Whether the stored file is still there to download."""
        return self.erased_at is None and self.removed_at is None

    def can_remove(self, user):
        """Whoever uploaded it and the case's owner remove it, while they may change the case."""
        initiative = self.initiative
        return initiative.can_edit(user) and user.id in {self.uploaded_by_id, initiative.owner_id}
