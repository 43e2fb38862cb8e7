"""Admin handlers for the editable lists: themes and skills."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from initiatives.admin.controllers import form_status, get_or_404, refuse_stale_edit
from initiatives.admin.forms import TermForm
from initiatives.vocabularies import operations
from initiatives.vocabularies.operations import VOCABULARIES

TITLES = {
    "themes": (_l("Themes"), _l("What initiatives are about. Offered when opening and editing a case.")),
    "skills": (_l("Skills"), _l("The skills officials use, recorded with each activity on the timeline.")),
    "barrier_categories": (
        _l("Barrier categories"),
        _l(
            "Kinds of barriers met inside the municipality. Retiring one keeps the barriers recorded with it."
        ),
    ),
    "help_categories": (
        _l("Help categories"),
        _l("Kinds of help that resolve barriers. Retiring one keeps the helps recorded with it."),
    ),
}


def _model(vocabulary):
    model = VOCABULARIES.get(vocabulary)
    if model is None:
        abort(404)
    return model


def lists():
    return render_template(
        "admin/vocabularies/lists.html", lists=[(name, *TITLES[name]) for name in VOCABULARIES]
    )


def index(vocabulary):
    model = _model(vocabulary)
    title, explanation = TITLES[vocabulary]
    return render_template(
        "admin/vocabularies/index.html",
        vocabulary=vocabulary,
        title=title,
        explanation=explanation,
        terms=operations.terms(model),
    )


def _save(form, model, vocabulary, term):
    try:
        saved = operations.save_term(
            model,
            term,
            code=form.code.data if form.code else term.code,
            label_nl=form.label_nl.data,
            label_en=form.label_en.data,
            position=form.position.data,
            active=form.active.data,
        )
    except operations.TermError as error:
        (form.code or form.label_nl).errors.append(str(error))
        return None
    flash(_("%(label)s has been saved.", label=saved.label_nl), "success")
    return redirect(url_for("admin.vocabulary", vocabulary=vocabulary))


def new(vocabulary):
    model = _model(vocabulary)
    form = TermForm()
    if form.validate_on_submit():
        response = _save(form, model, vocabulary, None)
        if response:
            return response
    return render_template(
        "admin/vocabularies/form.html",
        form=form,
        term=None,
        vocabulary=vocabulary,
        title=TITLES[vocabulary][0],
    ), form_status(form)


def edit(vocabulary, term_id):
    model = _model(vocabulary)
    term = get_or_404(model, term_id)
    form = TermForm(obj=term, editing=True)
    if form.validate_on_submit() and not refuse_stale_edit(form, term):
        response = _save(form, model, vocabulary, term)
        if response:
            return response
    return render_template(
        "admin/vocabularies/form.html",
        form=form,
        term=term,
        vocabulary=vocabulary,
        title=TITLES[vocabulary][0],
    ), form_status(form)
