"""Admin handlers for wijken and buurten."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from initiatives.admin.controllers import form_status, get_or_404, refuse_stale_edit
from initiatives.admin.forms import NeighbourhoodForm
from initiatives.extensions import db
from initiatives.organisation import operations
from initiatives.organisation.models import Neighbourhood


def index():
    return render_template("admin/neighbourhoods/index.html", wijken=operations.wijken())


def _save(form, neighbourhood):
    parent = db.session.get(Neighbourhood, form.parent.data) if form.parent.data else None
    try:
        saved = operations.save_neighbourhood(
            neighbourhood,
            code=form.code.data,
            name=form.name.data,
            parent=parent,
            active=form.active.data,
        )
    except operations.OrganisationError as error:
        form.code.errors.append(str(error))
        return None
    flash(_("%(label)s has been saved.", label=saved.label), "success")
    return redirect(url_for("admin.neighbourhoods"))


def new():
    form = NeighbourhoodForm(wijken=operations.wijken(), parent=request.args.get("parent", 0, type=int))
    if form.validate_on_submit():
        response = _save(form, None)
        if response:
            return response
    return render_template("admin/neighbourhoods/form.html", form=form, neighbourhood=None), form_status(form)


def edit(neighbourhood_id):
    neighbourhood = get_or_404(Neighbourhood, neighbourhood_id)
    others = [wijk for wijk in operations.wijken() if wijk.id != neighbourhood.id]
    form = NeighbourhoodForm(obj=neighbourhood, wijken=others, editing=True)
    if request.method == "GET":
        form.parent.data = neighbourhood.parent_id or 0
    if form.validate_on_submit() and not refuse_stale_edit(form, neighbourhood):
        response = _save(form, neighbourhood)
        if response:
            return response
    return render_template(
        "admin/neighbourhoods/form.html", form=form, neighbourhood=neighbourhood
    ), form_status(form)
