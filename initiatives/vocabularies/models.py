"""Themes of initiatives and skills of officials: admin-editable lists."""

from initiatives.core.terms import Term
from initiatives.extensions import db


class Theme(Term, db.Model):
    """What an initiative is about: green, play, safety, care, energy, culture..."""

    __tablename__ = "themes"


class Skill(Term, db.Model):
    """A skill an official uses in an activity (the essay counts fifteen)."""

    __tablename__ = "skills"
