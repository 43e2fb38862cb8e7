"""Request handlers for cases, one module per part of the work."""

import sqlalchemy as sa
from flask import abort, redirect, url_for
from flask_login import current_user

from initiatives.auth.models import User
from initiatives.cases.models import Initiative
from initiatives.core.access import require
from initiatives.core.notices import notify
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import wijken
from initiatives.vocabularies.models import Skill, Theme
from initiatives.vocabularies.operations import terms


def load_case(initiative_id):
    """Return the case, or 404; 403 when the current user may not read cases."""
    initiative = db.session.get(Initiative, initiative_id)
    if initiative is None:
        abort(404)
    require(initiative.can_view(current_user))
    return initiative


def load_case_for_editing(initiative_id):
    initiative = load_case(initiative_id)
    require(initiative.can_edit(current_user))
    return initiative


def case_form_lists():
    """The reference lists case forms offer: wijken with buurten, themes, skills."""
    return {
        "wijken": wijken(active_only=True),
        "themes": terms(Theme, active_only=True),
        "skills": terms(Skill, active_only=True),
    }


def active_managers():
    return db.session.scalars(
        sa.select(User).where(User.active, User.role == Role.NEIGHBOURHOOD_MANAGER).order_by(User.full_name)
    ).all()


def back_to_case(initiative, section, message):
    """Redirect to `section` of the case page, where `message` confirms what was saved: the page
    opens at that confirmation, so it is in view."""
    notify(message, place=section)
    return redirect(url_for("cases.show", initiative_id=initiative.id, _anchor=f"{section}-confirmation"))
