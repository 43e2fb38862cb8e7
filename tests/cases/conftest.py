"""Helpers for the case tests."""

import re

import sqlalchemy as sa

from initiatives.cases.models import Initiative
from initiatives.extensions import db


def field_error(page, field_id):
    match = re.search(rf'id="{field_id}-error">\s*<p>(.*?)</p>', page, re.S)
    return match.group(1) if match else None


def load(app, initiative_id):
    """Return a fresh copy of a case (expunged, so its attributes can be read after the context)."""
    with app.app_context():
        initiative = db.session.get(Initiative, initiative_id)
        _ = (
            initiative.stage_changes,
            initiative.activities,
            initiative.initiators,
            initiative.team,
            initiative.owner,
        )
        db.session.expunge_all()
        return initiative


def count(app, model, *conditions):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))
