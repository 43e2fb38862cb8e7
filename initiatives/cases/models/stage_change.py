"""The stage history: every move is a row (history is data, not a log line)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.cases.stages import Result, Stage
from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db


class StageChange(db.Model):
    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    #: Empty for the row that records the case's creation.
    from_stage: Mapped[Stage | None] = mapped_column(enum_column_type(Stage, "from_stage"))
    to_stage: Mapped[Stage] = mapped_column(enum_column_type(Stage, "to_stage"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    result: Mapped[Result | None] = mapped_column(enum_column_type(Result, "change_result"))
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative", back_populates="stage_changes")
    actor: Mapped[User] = relationship()
