"""Adding activities to a case's timeline."""

from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import operations
from initiatives.cases.controllers import back_to_case, case_form_lists, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.forms import ActivityForm
from initiatives.extensions import db
from initiatives.vocabularies.models import Skill


def add_activity(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = ActivityForm()
    form.set_choices(case_form_lists()["skills"])
    if form.validate_on_submit():
        try:
            operations.add_activity(
                initiative,
                current_user,
                kind=form.kind.data,
                happened_on=form.happened_on.data,
                practice=form.practice.data,
                skills=[db.session.get(Skill, skill_id) for skill_id in form.skills.data or []],
                note=form.note.data or "",
            )
        except operations.CaseError as error:
            getattr(form, error.field, form.note).errors.append(str(error))
        else:
            return back_to_case(initiative, "timeline", _("The activity has been added to the timeline."))
    return render_case(initiative, status=422, activity=form)
