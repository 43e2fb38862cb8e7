"""The OpenAPI description of the GeoJSON answer (the answer itself is built by `features`)."""

POINT = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
            "description": "Longitude and latitude (WGS84), in that order.",
        },
    },
}
FEATURE = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "integer"},
        "geometry": POINT,
        "properties": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "title": {
                    "type": "string",
                    "description": "Anonymised for those who do not work on the case.",
                },
                "stage": {"type": "string"},
                "stage_title": {"type": "string", "description": "The stage in the reader's language."},
                "kind": {"type": "string", "enum": ["initiative", "right_to_challenge"]},
                "neighbourhood_code": {"type": ["string", "null"]},
                "neighbourhood_name": {"type": ["string", "null"]},
                "url": {"type": "string", "format": "uri", "description": "The case's page."},
            },
        },
    },
}
FEATURE_COLLECTION = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": FEATURE},
        "numberMatched": {"type": "integer", "description": "Features on all pages."},
        "numberReturned": {"type": "integer", "description": "Features on this page."},
        "links": {
            "type": "array",
            "description": "The next and previous pages (rel next, prev), while there are more.",
            "items": {
                "type": "object",
                "properties": {
                    "rel": {"type": "string"},
                    "type": {"type": "string"},
                    "href": {"type": "string", "format": "uri"},
                },
            },
        },
    },
}
