"""The mark "mogelijk dubbel" on the case page: the team clears it once it looked."""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import duplicates
from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.forms import ClearPossibleDuplicateForm
from initiatives.cases.operations import CaseError


def clear_possible_duplicate(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    if not ClearPossibleDuplicateForm().validate_on_submit():
        abort(400)
    try:
        duplicates.clear_possible_duplicate(initiative, current_user)
    except CaseError as error:
        return back_to_case(initiative, "overview", str(error))
    return back_to_case(initiative, "overview", _("The mark possible duplicate has been cleared."))
