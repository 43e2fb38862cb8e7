"""From a case's address to a point, through the geocoder the municipality configured
(`GEOCODER_URL`): PDOK's Locatieserver (`.../search/v3_1/free`) or any service that answers the
same way. Only the address is sent, and only there; no answer within `GEOCODER_TIMEOUT` seconds,
or an answer without a point in the Netherlands, is a `GeocoderError` in the reader's language."""

import re

import requests
from flask import current_app
from flask_babel import gettext as _

from initiatives.cases.location import location_problem, rounded

#: A WKT point as the Locatieserver gives its `centroide_ll`: "POINT(5.1214 52.0907)".
WKT_POINT = re.compile(r"POINT\s*\(\s*(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s*\)", re.IGNORECASE)


class GeocoderError(Exception):
    """No point for the address; the message is for people."""


def geocoder_configured():
    return bool(current_app.config.get("GEOCODER_URL"))


def _point_of(document):
    """The (latitude, longitude) of one Locatieserver document, or None."""
    match = WKT_POINT.search(str(document.get("centroide_ll") or ""))
    if match is None:
        return None
    longitude, latitude = float(match.group(1)), float(match.group(2))
    return latitude, longitude


def find_point(address):
    """The best match for `address` as (`Location`, the geocoder's name for the place)."""
    address = (address or "").strip()
    if not address:
        raise GeocoderError(_("This case has no address to look up. Click on the map or enter the point."))
    try:
        response = requests.get(
            current_app.config["GEOCODER_URL"],
            params={"q": address, "rows": 1, "fl": "weergavenaam,centroide_ll"},
            headers={"Accept": "application/json"},
            timeout=current_app.config["GEOCODER_TIMEOUT"],
        )
        response.raise_for_status()
        documents = response.json()["response"]["docs"]
    except requests.Timeout:
        raise GeocoderError(_("The address search did not answer in time. Try again later.")) from None
    except (requests.RequestException, ValueError, KeyError, TypeError):
        raise GeocoderError(_("The address search is not available now. Try again later.")) from None
    point = _point_of(documents[0]) if documents and isinstance(documents[0], dict) else None
    if point is None:
        raise GeocoderError(_("The address search found no place for this address."))
    if location_problem(*point) is not None:
        raise GeocoderError(_("The address search found a place outside the Netherlands."))
    return rounded(*point), str(documents[0].get("weergavenaam") or address)
