"""Business rules for the admin-editable lists."""

import re

import sqlalchemy as sa
from flask_babel import gettext as _

from initiatives.audit.operations import changes, record
from initiatives.extensions import db
from initiatives.vocabularies.models import Skill, Theme

CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

#: The lists an admin keeps, by the name used in URLs, in the order the admin sees them. The
#: domains above add theirs (`register_vocabulary`), such as the barriers' categories.
VOCABULARIES = {
    "themes": Theme,
    "skills": Skill,
}


def register_vocabulary(name, model):
    """Let the admin keep the list `model` (a `core.terms.Term`) under `name`, the name in URLs."""
    VOCABULARIES[name] = model


class TermError(ValueError):
    """A change to a list that the rules refuse; shown to the user."""


def terms(model, *, active_only=False):
    query = sa.select(model).order_by(model.position, model.label_nl)
    if active_only:
        query = query.where(model.active)
    return db.session.scalars(query).all()


def labels_by_code(name):
    """{code: label in the reader's language} of every term of the list `name`, retired ones too."""
    return {term.code: term.label for term in db.session.scalars(sa.select(VOCABULARIES[name]))}


def save_term(model, term, *, code, label_nl, label_en, position, active):
    """Create (when `term` is None) or change a term. The code of an existing term never changes."""
    created = term is None
    if created:
        code = code.strip().lower()
        if not CODE_PATTERN.match(code):
            raise TermError(
                _("A code has 2 to 40 lower-case letters, digits or underscores, starting with a letter.")
            )
        if db.session.scalar(sa.select(model.id).where(model.code == code)) is not None:
            raise TermError(_("The code %(code)s is already in use.", code=code))
        term = model(code=code)
        db.session.add(term)
    before = {} if created else term.as_dict() | {"position": term.position}
    term.label_nl = label_nl.strip()
    term.label_en = label_en.strip()
    term.position = position
    term.active = active
    db.session.flush()
    changed = changes(before, term.as_dict() | {"position": term.position})
    if changed:
        action = f"{model.__tablename__}.{'created' if created else 'updated'}"
        record(action, term, summary=f"{action} {term.code}", data=changed)
    return term
