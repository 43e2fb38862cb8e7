"""Request handlers of the map: the map of cases (the list's filters, or Mijn werk's cases) with its
table, its features for the page's script, and a case's location page (two numbers, the map's
click, the address search)."""

from flask import current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from initiatives.cases import operations
from initiatives.cases.controllers import back_to_case, load_case_for_editing
from initiatives.cases.queries import CaseFilters, describe_extra_filters, filtered_cases
from initiatives.core.access import require
from initiatives.core.parsing import page_number
from initiatives.core.roles import Role
from initiatives.core.rules import StaleRecord
from initiatives.extensions import db
from initiatives.geo.operations import base_layer
from initiatives.locations.features import DEFAULT_FEATURES, GEOJSON_MIMETYPE, feature_page
from initiatives.locations.forms import LocationForm
from initiatives.locations.geocoder import GeocoderError, find_point, geocoder_configured
from initiatives.locations.map_settings import map_settings
from initiatives.locations.queries import (
    MY_WORK,
    count_without_location,
    located,
    located_cases,
    my_open_work,
)

SECTION = "location"


def _selection():
    """The cases the map shows: Mijn werk's (`work=mine`, a manager's own) or the list's filters.
    Returns (query of located cases, query of all of them, filters or None, the URL arguments)."""
    args = {name: value for name, value in request.args.items() if name not in {"page", "per_page"}}
    if args.get("work") == MY_WORK:
        require(current_user.role == Role.NEIGHBOURHOOD_MANAGER)
        work = my_open_work(current_user)
        return located(work), work, None, {"work": MY_WORK}
    filters = CaseFilters.from_args(request.args)
    every = filtered_cases(db.session, filters, reader=current_user)
    return located_cases(db.session, filters, reader=current_user), every, filters, args


def map_page():
    query, every, filters, args = _selection()
    page = db.paginate(
        query,
        page=page_number(request.args),
        per_page=current_app.config["PAGE_SIZE"],
        max_per_page=100,
        error_out=False,
        count=True,
    )
    return render_template(
        "locations/map.html",
        page=page,
        filters=filters,
        args=args,
        my_work=filters is None,
        without_location=count_without_location(db.session, every),
        extra_filters_sentence=describe_extra_filters(db.session, filters) if filters else "",
        features_url=url_for("locations.map_features", **args),
        settings=map_settings(),
    )


def map_features():
    """The map page's cases as GeoJSON, for its script (the API's `initiatives.geojson` for tokens)."""
    query, _every, _filters, args = _selection()
    per_page = request.args.get("per_page", type=int) or DEFAULT_FEATURES
    collection = feature_page(
        query,
        page=page_number(request.args),
        per_page=per_page,
        endpoint="locations.map_features",
        arguments=args,
    )
    response = jsonify(collection)
    response.mimetype = GEOJSON_MIMETYPE
    return response


def map_shapes():
    """The neighbourhoods' outlines, the base layer of the maps of cases (read with the session,
    as the page is; the API's `neighbourhoods.geojson` is for tokens and carries figures)."""
    response = jsonify(base_layer(db.session))
    response.mimetype = GEOJSON_MIMETYPE
    response.add_etag()
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response.make_conditional(request)


def location(initiative_id):
    """Set, change or clear a case's point; or look its address up (which fills the form, to be
    checked on the map and saved)."""
    initiative = load_case_for_editing(initiative_id)
    form = LocationForm(obj=initiative)
    found = None
    status = 200
    action = request.form.get("action", "save")
    if request.method == "POST" and action == "find" and geocoder_configured():
        # Nothing is saved (the app's CSRF protection checked the post): the point found fills the
        # form, to be checked on the map and saved, or corrected.
        try:
            point, found = find_point(initiative.address)
        except GeocoderError as error:
            form.latitude.errors = [str(error)]
            status = 422
        else:
            form.latitude.raw_data = form.longitude.raw_data = None
            form.latitude.data, form.longitude.data = point.latitude, point.longitude
    elif form.validate_on_submit():
        location = None if action == "clear" else form.location()
        try:
            operations.update_case(initiative, current_user, form.version.data, location=location)
        except StaleRecord:
            form.latitude.errors = [
                _("Someone else changed this case in the meantime. Check the location and save again.")
            ]
            form.version.data = initiative.version
            status = 409
        except operations.CaseError as error:
            form.latitude.errors = [str(error)]
            status = 422
        else:
            message = (
                _("The location has been cleared.") if location is None else _("The location has been saved.")
            )
            return back_to_case(initiative, SECTION, message)
    elif form.is_submitted():
        status = 422
    return render_template(
        "locations/location.html",
        initiative=initiative,
        form=form,
        found=found,
        geocoder=geocoder_configured() and bool(initiative.address),
        settings=map_settings(),
    ), status
