"""Admin handlers for departments (afdelingen)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from initiatives.admin.controllers import form_status, get_or_404, refuse_stale_edit
from initiatives.admin.forms import DepartmentForm
from initiatives.organisation import operations
from initiatives.organisation.models import Department


def index():
    return render_template("admin/departments/index.html", departments=operations.departments())


def _save(form, department):
    try:
        saved = operations.save_department(department, name=form.name.data, active=form.active.data)
    except operations.OrganisationError as error:
        form.name.errors.append(str(error))
        return None
    flash(_("%(name)s has been saved.", name=saved.name), "success")
    return redirect(url_for("admin.departments"))


def new():
    form = DepartmentForm()
    if form.validate_on_submit():
        response = _save(form, None)
        if response:
            return response
    return render_template("admin/departments/form.html", form=form, department=None), form_status(form)


def edit(department_id):
    department = get_or_404(Department, department_id)
    form = DepartmentForm(obj=department, editing=True)
    if form.validate_on_submit() and not refuse_stale_edit(form, department):
        response = _save(form, department)
        if response:
            return response
    return render_template("admin/departments/form.html", form=form, department=department), form_status(form)
