"""The case list: filters in the URL, sorting, pagination."""

import sqlalchemy as sa
from flask import current_app, render_template, request
from flask_login import current_user

from initiatives.auth.models import User
from initiatives.cases.models import CaseKind, Channel
from initiatives.cases.queries import (
    SORTS,
    CaseFilters,
    WithdrawnCases,
    case_page,
    describe_extra_filters,
)
from initiatives.cases.stages import Stage
from initiatives.core.parsing import page_number
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.operations import wijken
from initiatives.vocabularies.models import Theme
from initiatives.vocabularies.operations import terms


def index():
    filters = CaseFilters.from_args(request.args)
    page = case_page(
        db.session,
        filters,
        reader=current_user,
        page=page_number(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        max_per_page=100,
    )
    owners = db.session.scalars(
        sa.select(User).where(User.role == Role.NEIGHBOURHOOD_MANAGER).order_by(User.full_name)
    ).all()
    return render_template(
        "cases/index.html",
        page=page,
        filters=filters,
        stages=list(Stage),
        channels=list(Channel),
        kinds=list(CaseKind),
        wijken=wijken(),
        themes=terms(Theme),
        owners=owners,
        sorts=list(SORTS),
        withdrawn_choices=list(WithdrawnCases),
        extra_filters_sentence=describe_extra_filters(db.session, filters),
    )
