"""Cases as GeoJSON (RFC 7946): a FeatureCollection of Points with what any reader of cases may see.

The title is the one the reader may read (`case_texts`: anonymised for those who do not work on the
case); no contact person, address or other free text is in it. A collection is paged the way OGC API
Features pages its items: `numberMatched`, `numberReturned` and `links` (next, prev) as foreign
members, so a map follows `next` until it has them all.
"""

from flask import url_for

from initiatives.cases.personal_data import case_texts
from initiatives.extensions import db

#: What a page of features holds by default, and at most (a map of a large city's cases fits in
#: two or three pages; each feature is some 300 bytes).
DEFAULT_FEATURES = 1000
MAX_FEATURES = 5000

GEOJSON_MIMETYPE = "application/geo+json"


def feature(initiative):
    """One case as a GeoJSON Feature, with the properties the map and other readers use."""
    neighbourhood = initiative.neighbourhood
    return {
        "type": "Feature",
        "id": initiative.id,
        "geometry": initiative.location.geojson(),
        "properties": {
            "id": initiative.id,
            "title": case_texts(initiative)(initiative.title),
            "stage": initiative.stage.value,
            "stage_title": str(initiative.stage.title),
            "kind": initiative.kind.value,
            "neighbourhood_code": neighbourhood.code if neighbourhood else None,
            "neighbourhood_name": neighbourhood.name if neighbourhood else None,
            "url": url_for("cases.show", initiative_id=initiative.id, _external=True),
        },
    }


def feature_page(query, *, page, per_page, endpoint, arguments):
    """A FeatureCollection of `query`'s cases on `page` (counting from 1) of `per_page`, with links
    to the next and previous pages at `endpoint` with the same `arguments`."""
    per_page = max(1, min(per_page, MAX_FEATURES))
    found = db.paginate(query, page=page, per_page=per_page, max_per_page=MAX_FEATURES, error_out=False)
    links = []
    kept = {name: value for name, value in arguments.items() if name not in {"page", "per_page"}}
    if found.has_next:
        links.append(
            {
                "rel": "next",
                "type": GEOJSON_MIMETYPE,
                "href": url_for(endpoint, **kept, page=page + 1, per_page=per_page, _external=True),
            }
        )
    if page > 1:
        links.append(
            {
                "rel": "prev",
                "type": GEOJSON_MIMETYPE,
                "href": url_for(endpoint, **kept, page=page - 1, per_page=per_page, _external=True),
            }
        )
    return {
        "type": "FeatureCollection",
        "features": [feature(initiative) for initiative in found.items],
        "numberMatched": found.total,
        "numberReturned": len(found.items),
        "links": links,
    }
