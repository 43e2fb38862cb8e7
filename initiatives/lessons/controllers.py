"""The lessons page."""

from flask import current_app, render_template, request
from flask_login import current_user

from initiatives.barriers.models import BarrierCategory, HelpCategory
from initiatives.cases.stages import Result
from initiatives.core.parsing import page_number
from initiatives.extensions import db
from initiatives.lessons.queries import LessonFilters, lessons_query
from initiatives.organisation.operations import wijken
from initiatives.vocabularies.operations import terms


def index():
    filters = LessonFilters.from_args(request.args)
    page = db.paginate(
        lessons_query(filters, current_user),
        page=page_number(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        max_per_page=100,
        error_out=False,
    )
    return render_template(
        "lessons/index.html",
        page=page,
        filters=filters,
        barrier_categories=terms(BarrierCategory),
        help_categories=terms(HelpCategory),
        wijken=wijken(),
        results=list(Result),
    )
