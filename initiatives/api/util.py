"""What the API's views share: the acting user, paging, loading the case (or a barrier or help
of a case) named in the URL, and the version as an entity tag."""

from functools import wraps

from flask import request
from flask_login import current_user
from sqlalchemy.orm import selectinload
from werkzeug.http import quote_etag

from initiatives.api.problems import raise_problem
from initiatives.api.schemas import MAX_PAGE_SIZE
from initiatives.cases.models import Initiative
from initiatives.core.access import require
from initiatives.extensions import db

#: How the ETag of a case is documented on the responses that carry it.
ETAG_HEADER = {
    "ETag": {
        "description": 'The version of the case, e.g. "3"; send it as If-Match to change the case.',
        "schema": {"type": "string"},
    }
}

#: The same for a barrier or a help, which have versions of their own.
RECORD_ETAG_HEADER = {
    "ETag": {
        "description": 'The version of the record, e.g. "3"; send it as If-Match to change it.',
        "schema": {"type": "string"},
    }
}


def if_match_parameter(required, of="the case"):
    return {
        "in": "header",
        "name": "If-Match",
        "required": required,
        "description": f"The ETag of {of} as last loaded; a newer version answers 412.",
        "schema": {"type": "string"},
    }


def acting_user():
    """Return the signed-in user itself (not the proxy), for the operations and the audit log."""
    return current_user._get_current_object()


def page_envelope(items, total, arguments):
    return {"items": items, "total": total, "page": arguments["page"], "per_page": arguments["per_page"]}


def paginated(query, arguments):
    """Run `query` for the requested page and answer the collection envelope."""
    page = db.paginate(
        query,
        page=arguments["page"],
        per_page=arguments["per_page"],
        max_per_page=MAX_PAGE_SIZE,
        error_out=False,
    )
    return page_envelope(page.items, page.total, arguments)


def initiative_from_url(permission):
    """Load the case named by `initiative_id` (404 when absent); 403 unless `permission` allows."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, initiative_id, **kwargs):
            initiative = db.get_or_404(
                Initiative,
                initiative_id,
                options=[
                    selectinload(Initiative.owner),
                    selectinload(Initiative.team),
                    selectinload(Initiative.themes),
                    selectinload(Initiative.neighbourhood),
                ],
            )
            require(permission(initiative, current_user))
            return view(*args, initiative=initiative, **kwargs)

        return wrapper

    return decorator


def case_record_from_url(model, name, permission):
    """Load the `model` row named by `<name>_id` (404 when absent) and pass it as `item`;
    403 unless `permission` allows on its case."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            item = db.get_or_404(model, kwargs.pop(f"{name}_id"))
            require(permission(item.initiative, current_user))
            return view(*args, item=item, **kwargs)

        return wrapper

    return decorator


def etag_of(initiative):
    return quote_etag(str(initiative.version))


def version_from_if_match(initiative, *, required=True):
    """Return the version the client last loaded (from If-Match), or None when it sent none.

    A required but missing If-Match answers 428; a version that is no longer current, 412.
    """
    if "If-Match" not in request.headers:
        if required:
            raise_problem(428)
        return None
    if request.if_match.star_tag or request.if_match.contains(str(initiative.version)):
        return initiative.version
    raise_problem(412)
