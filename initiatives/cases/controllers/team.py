"""The case's team and handing it over to another owner."""

from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.auth.models import User
from initiatives.cases import operations, team
from initiatives.cases.controllers import active_managers, back_to_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.forms import HandOverForm, TeamForm
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db


def _colleagues(initiative):
    return [user for user in active_managers() if user.id != initiative.owner_id]


def set_team(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    form = TeamForm()
    form.set_choices(_colleagues(initiative))
    if form.validate_on_submit():
        members = [db.session.get(User, user_id) for user_id in form.members.data or []]
        team.set_team(initiative, current_user, members)
        return back_to_case(initiative, "team", _("The team has been saved."))
    return render_case(initiative, status=422, team=form)


def hand_over(initiative_id):
    """Hand the case over in two steps: the choice, then a confirmation that names the colleague."""
    initiative = load_case_for_editing(initiative_id)
    form = HandOverForm()
    form.set_choices(_colleagues(initiative))
    if form.validate_on_submit():
        new_owner = db.session.get(User, form.owner.data)
        if not form.is_confirmed:
            return render_template(
                "cases/hand_over_confirm.html", initiative=initiative, form=form, new_owner=new_owner
            )
        try:
            team.hand_over(
                initiative, current_user, new_owner, form.note.data or "", expected_version=form.version.data
            )
        except StaleRecord:
            form.owner.errors.append(
                _("Someone else changed this case in the meantime. Check its owner and try again.")
            )
            form.version.data = initiative.version
        except operations.CaseError as error:
            form.owner.errors.append(str(error))
        else:
            return back_to_case(
                initiative,
                "team",
                _("The case has been handed over to %(name)s.", name=new_owner.display_name),
            )
    return render_case(initiative, status=422, hand_over=form)
