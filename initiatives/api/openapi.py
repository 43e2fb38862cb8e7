"""The API's own words in its OpenAPI document (served at /api/v1/openapi.json): title, version,
description, security and the groups of operations; core/openapi.py makes the document."""

URL_PREFIX = "/api/v1"
OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.0.0"

DESCRIPTION = """The JSON API of Bricoleur, the case tracker for citizen initiatives.

Authenticate with a personal API token: `Authorization: Bearer <token>`. The same rules apply as
on the pages: neighbourhood managers read every case and change those of their own wijken (or
where they are owner or on the team), secretaries read cases without residents' contact data,
admins manage reference data only.

Errors are RFC 9457 problems (`application/problem+json`) whose `detail` follows
`Accept-Language` (Dutch or English). Collections answer `{"items", "total", "page", "per_page"}`.
To change a case, a barrier or a help, send the `ETag` of the version you loaded as `If-Match`.
"""

#: The groups of operations, in the order a reader meets them; each resource module uses one.
TAGS = [
    {"name": "Account", "description": "The account behind the token."},
    {"name": "Neighbourhoods", "description": "The wijken and buurten, by CBS code."},
    {"name": "Initiatives", "description": "The cases: list and search, open, read, change, move."},
    {"name": "Timeline", "description": "The activities on the timeline of a case."},
    {"name": "Initiators", "description": "Residents' contact data, for those who work on the case."},
    {"name": "History", "description": "The stage changes and audited changes of a case."},
    {"name": "Barriers", "description": "The barriers a case hit inside the municipality."},
    {"name": "Helps", "description": "The helps asked for or given against barriers, and their effects."},
    {
        "name": "Stakeholders",
        "description": "Who is involved in a case, inside and outside the municipality, and where they stand.",
    },
    {
        "name": "Right to challenge",
        "description": "The proposal, deadline, decision and agreement of a right-to-challenge case (uitdaagrecht).",
    },
    {
        "name": "Merging",
        "description": "A duplicate case merged into another by their owners (the second confirms), and undone.",
    },
    {"name": "Categories", "description": "The barrier and help categories, by stable code."},
    {"name": "Dashboard", "description": "The barrier dashboard's figures, with the page's filters."},
    {
        "name": "Exports",
        "description": "The cases as CSV or XLSX, anonymised unless personal data is asked for.",
    },
    {"name": "Reports", "description": "The council report (raadsinformatiebrief): public, so anonymised."},
]


def spec_options():
    """The document's own words, for `DocumentedApi.init_app(spec_kwargs=...)`."""
    return {
        "title": "Bricoleur API",
        "version": API_VERSION,
        "openapi_version": OPENAPI_VERSION,
        "info": {"description": DESCRIPTION},
        "security": [{"bearerAuth": []}],
        "tags": TAGS,  # replaces the one tag flask-smorest makes for the whole blueprint
    }
