"""Request handlers: the public status page and its message form, and the case page's buttons
that make or revoke the link (for those who may edit the case)."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.controllers.case_page import render_case
from initiatives.cases.operations import CaseError
from initiatives.core.notices import notify as flash_notice
from initiatives.core.rules import RuleConflict, RuleError
from initiatives.status_page import operations, status_mails
from initiatives.status_page.forms import (
    SCORE_LABELS,
    MessageForm,
    SatisfactionForm,
    StatusLinkForm,
    StatusMailsForm,
)
from initiatives.status_page.queries import status_of

SECTION = "status-link"


def _residents_language():
    """The browser's language, not a session's: the initiators are not signed in (Dutch first)."""
    languages = current_app.config["LANGUAGES"]
    return force_locale(request.accept_languages.best_match(languages, default="nl"))


def _working_link_or_404(token):
    link = operations.working_link(token)
    if link is None:
        abort(404)
    return link


def _page(link, *, form=None, satisfaction_form=None):
    """The page for `link`, with the forms as they were posted (their errors) or empty."""
    initiative = operations.case_of(link)
    asks = operations.may_answer_satisfaction(initiative)
    answer = operations.satisfaction_answer(initiative) if asks else None
    if satisfaction_form is None:
        # Their score to change; not their comment, which the page never shows again (the link
        # may be forwarded: the comment is for the case's team only).
        satisfaction_form = SatisfactionForm(
            formdata=None, score=answer.score if answer is not None else None
        )
    return render_template(
        "status_page/show.html",
        status=status_of(initiative),
        form=form or MessageForm(formdata=None),
        asks_satisfaction=asks,
        satisfaction=answer,
        satisfaction_label=SCORE_LABELS[answer.score] if answer is not None else None,
        satisfaction_form=satisfaction_form,
        token=request.view_args["token"],
    )


def show(token):
    """The page, and the message the initiators send from it (then back to the page)."""
    link = _working_link_or_404(token)
    with _residents_language():
        form = MessageForm()
        if request.method == "POST":
            if form.validate_on_submit():
                operations.receive_message(link, form.message.data)
                flash_notice(_("Thank you. Your message has been sent to the wijkmanager."))
                return redirect(url_for("status_page.show", token=token, _anchor="confirmation"), 303)
            status = 422
        else:
            operations.use_link(link)
            status = 200
        page = _page(link, form=form)
    return page, status


def answer_satisfaction(token):
    """The closed case's one question: the answer saved (or replaced), then back to the page."""
    link = _working_link_or_404(token)
    with _residents_language():
        form = SatisfactionForm()
        if form.validate_on_submit():
            try:
                operations.answer_satisfaction(link, form.score.data, form.comment.data)
            except RuleConflict as refused:  # the case was reopened since the page was loaded
                flash_notice(str(refused), kind="info")
                return _page(link), 409
            except RuleError as refused:
                form.score.errors = [str(refused)]
            else:
                flash_notice(_("Thank you for your answer. It helps us to do better."), place="satisfaction")
                return redirect(
                    url_for("status_page.show", token=token, _anchor="satisfaction-confirmation"), 303
                )
        page = _page(link, satisfaction_form=form)
    return page, 422


def make_link(initiative_id):
    """Make (or replace) the link, and show it once: only its hash is kept."""
    initiative = load_case_for_editing(initiative_id)
    if not StatusLinkForm().validate_on_submit():
        abort(400)
    link, secret = operations.make_link(initiative, current_user)
    made = {"url": operations.status_url(secret), "expires_on": link.expires_on}
    return render_case(initiative, status_link_made=made)


def revoke_link(initiative_id):
    initiative = load_case_for_editing(initiative_id)
    if not StatusLinkForm().validate_on_submit():
        abort(400)
    if operations.revoke_link(initiative, current_user):
        message = _("The status link has been revoked: it no longer works.")
    else:
        message = _("This initiative has no status link.")
    return back_to_case(initiative, SECTION, message)


def _status_mails_action(initiative, form):
    """Carry out the pressed button; the notice to show, or None to show the page again."""
    sentence = form.personal_sentence.data
    if form.action.data == "turn_on":
        if status_mails.turn_on(initiative, current_user, personal_sentence=sentence):
            return _("The status mails are on. A new status link was made for them: the mails carry it.")
        return _("The status mails are on. The contact persons get one at the next step.")
    if form.action.data == "save":
        status_mails.change_sentence(initiative, current_user, personal_sentence=sentence)
        return _("Your sentence has been saved for the next status mails.")
    if form.action.data == "turn_off":
        status_mails.turn_off(initiative, current_user)
        return _("The status mails are off. Mails not yet sent will not go.")
    return None


def mails(initiative_id):
    """The status mails of a case: who gets them, the preview, and turning them on or off."""
    initiative = load_case_for_editing(initiative_id)
    settings = status_mails.settings_of(initiative)
    form = StatusMailsForm(personal_sentence=settings.personal_sentence if settings else "")
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                notice = _status_mails_action(initiative, form)
            except CaseError as error:
                form.personal_sentence.errors.append(str(error))
                status = 409
            else:
                if notice:
                    return back_to_case(initiative, SECTION, notice)
        else:
            status = 422
    return render_template(
        "status_page/status_mails.html",
        initiative=initiative,
        settings=settings,
        form=form,
        preview=status_mails.preview(initiative, form.personal_sentence.data),
        recipients=status_mails.recipients(initiative),
        is_owner=initiative.owner_id == current_user.id,
    ), status
