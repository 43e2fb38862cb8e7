"""Admin-editable terms: a stable code, Dutch and English labels, an order, and retirement."""

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from initiatives.core.db import Versioned


class Term(Versioned):
    """A term in an admin-editable list. Retired terms keep their history but are not offered."""

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable code used by the API and exports; never changes once created.
    code: Mapped[str] = mapped_column(sa.String(40))
    label_nl: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    @declared_attr.directive
    def __table_args__(cls):
        return (sa.UniqueConstraint("code", name=f"uq_{cls.__tablename__}_code"),)

    @property
    def label(self):
        """The label in the reader's language."""
        locale = get_locale()
        return self.label_en if locale is not None and locale.language == "en" else self.label_nl

    def as_dict(self):
        return {
            "code": self.code,
            "label_nl": self.label_nl,
            "label_en": self.label_en,
            "active": self.active,
        }

    def __repr__(self):
        return f"<{type(self).__name__} {self.code}>"
