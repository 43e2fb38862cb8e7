"""The start page, which differs per role."""

import sqlalchemy as sa
from flask import render_template
from flask_login import current_user

from initiatives.audit.models import AuditEntry
from initiatives.auth.models import User
from initiatives.cases.queries import my_work
from initiatives.challenges.queries import nearing_for
from initiatives.core.dates import local_today
from initiatives.core.roles import Role
from initiatives.dashboard.filters import Scope
from initiatives.dashboard.key_figures import key_figures
from initiatives.extensions import db
from initiatives.merging.operations import requests_for
from initiatives.organisation.models import Department, Neighbourhood
from initiatives.organisation.operations import wijken


def _count(model, *conditions):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))


def index():
    if current_user.role == Role.ADMIN:
        return render_template(
            "home/admin.html",
            user_count=_count(User, User.active),
            wijk_count=_count(Neighbourhood, Neighbourhood.parent_id.is_(None)),
            department_count=_count(Department, Department.active),
            recent_entries=db.session.scalars(
                sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(10)
            ).all(),
        )
    if current_user.role == Role.SECRETARY:
        return render_template(
            "home/secretary.html",
            wijken=wijken(active_only=True),
            figures=key_figures(db.session, Scope.for_user(current_user), local_today()),
        )
    return render_template(
        "home/neighbourhood_manager.html",
        wijken=current_user.neighbourhoods,
        work=my_work(db.session, current_user),
        merge_requests=requests_for(current_user),
        challenge_deadlines=nearing_for(db.session, current_user),
    )
