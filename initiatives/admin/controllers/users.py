"""Admin handlers for accounts."""

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from initiatives.admin.controllers import form_status, get_or_404, refuse_stale_edit
from initiatives.admin.forms import UserForm
from initiatives.auth.accounts import create_user, update_user
from initiatives.auth.models import User
from initiatives.auth.users import AccountError
from initiatives.core.parsing import page_number
from initiatives.core.roles import Role
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood
from initiatives.organisation.operations import wijken


def _chosen_wijken(form):
    ids = form.neighbourhoods.data or []
    if not ids:
        return []
    return db.session.scalars(sa.select(Neighbourhood).where(Neighbourhood.id.in_(ids))).all()


def index():
    query = sa.select(User).order_by(User.username)
    search = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(
            sa.or_(sa.func.lower(User.username).like(pattern), sa.func.lower(User.full_name).like(pattern))
        )
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    page = db.paginate(
        query, page=page_number(request.args), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template("admin/users/index.html", page=page, search=search, role=role, roles=list(Role))


def new():
    form = UserForm(wijken=wijken(active_only=True))
    if form.validate_on_submit():
        try:
            user = create_user(
                form.username.data,
                form.role.data,
                form.password.data,
                full_name=form.full_name.data,
                email=form.email.data,
                neighbourhoods=_chosen_wijken(form),
            )
        except AccountError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Account %(username)s has been created.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/users/form.html", form=form, user=None), form_status(form)


def edit(user_id):
    user = get_or_404(User, user_id)
    form = UserForm(obj=user, wijken=wijken(), editing=True)
    if request.method == "GET":
        form.neighbourhoods.data = [wijk.id for wijk in user.neighbourhoods]
        form.role.data = user.role.value
    if form.validate_on_submit() and not refuse_stale_edit(form, user):
        try:
            update_user(
                user,
                full_name=form.full_name.data,
                email=form.email.data,
                role=form.role.data,
                active=form.active.data,
                neighbourhoods=_chosen_wijken(form),
            )
        except AccountError as error:
            form.form_errors.append(str(error))
        else:
            flash(_("Account %(username)s has been saved.", username=user.username), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/users/form.html", form=form, user=user), form_status(form)
