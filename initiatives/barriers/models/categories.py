"""The categories of barriers and helps: admin-editable lists seeded from the research."""

from initiatives.core.terms import Term
from initiatives.extensions import db


class BarrierCategory(Term, db.Model):
    """A kind of barrier inside the town hall: colleagues, silos, rigid rules, lack of time..."""

    __tablename__ = "barrier_categories"


class HelpCategory(Term, db.Model):
    """A kind of help: backing, budget, room, a shared vision..."""

    __tablename__ = "help_categories"
