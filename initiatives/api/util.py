"""What every domain's API views share: the acting user, paging, and a record's version as an
entity tag (ETag out, If-Match in)."""

from flask import request
from flask_login import current_user
from werkzeug.http import quote_etag

from initiatives.api.problems import raise_problem
from initiatives.api.schemas import MAX_PAGE_SIZE
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


def etag_of(record):
    return quote_etag(str(record.version))


def version_from_if_match(record, *, required=True):
    """Return the version the client last loaded (from If-Match), or None when it sent none.

    A required but missing If-Match answers 428; a version that is no longer current, 412.
    """
    if "If-Match" not in request.headers:
        if required:
            raise_problem(428)
        return None
    if request.if_match.star_tag or request.if_match.contains(str(record.version)):
        return record.version
    raise_problem(412)
