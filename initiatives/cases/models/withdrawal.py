"""Withdrawals: a case registered by mistake or twice is withdrawn, and may be taken back.

Each withdrawal and each taking back is a row with its reason (history is data, not a log line);
`Initiative.withdrawn_at` says whether the case is withdrawn now, for the lists that leave it out.
Not a stage: a withdrawn case keeps its stage, to go on from there when it is taken back.
"""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.auth.models import User
from initiatives.core.db import UTCDateTime, enum_column_type, utcnow
from initiatives.extensions import db


class WithdrawalAction(StrEnum):
    WITHDRAWN = "withdrawn"
    REINSTATED = "reinstated"

    @property
    def title(self):
        return WITHDRAWAL_ACTION_TITLES[self]


WITHDRAWAL_ACTION_TITLES = {
    WithdrawalAction.WITHDRAWN: _l("Withdrawn"),
    WithdrawalAction.REINSTATED: _l("Taken back"),
}


class Withdrawal(db.Model):
    __tablename__ = "withdrawals"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        sa.ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[WithdrawalAction] = mapped_column(enum_column_type(WithdrawalAction, "withdrawal_action"))
    #: Why: free text, which may name a resident (anonymised by the privacy purge).
    reason: Mapped[str] = mapped_column(sa.Text)
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    happened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    initiative = relationship("Initiative", back_populates="withdrawals")
    actor: Mapped[User] = relationship()
