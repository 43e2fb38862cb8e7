"""A case's location: the point where the idea takes place (a square, a park, a street corner),
never a resident's home address. WGS84 latitude and longitude, within the Netherlands: the area of
use of the Dutch national grid (RD New, EPSG:28992), so that every point converts to RD and back."""

from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _

#: The Netherlands (land and coastal waters), as EPSG:28992 gives its area of use, in degrees.
LATITUDES = (50.75, 53.7)
LONGITUDES = (3.2, 7.22)
#: Decimals kept: six is about 10 cm, finer than anyone clicks.
DECIMALS = 6


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float

    def as_dict(self):
        return {"latitude": self.latitude, "longitude": self.longitude}

    def geojson(self):
        """A GeoJSON Point: longitude first, as RFC 7946 has it."""
        return {"type": "Point", "coordinates": [self.longitude, self.latitude]}


def location_problem(latitude, longitude):
    """What is wrong with a point, in words for people; None when it is a point in the Netherlands.
    Both None is no location (fine); one of the two alone is not a point."""
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        return _("Give both the latitude and the longitude, or neither.")
    try:
        latitude, longitude = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return _("Give the latitude and longitude as numbers, for example 52.0907 and 5.1214.")
    if latitude != latitude or longitude != longitude:  # NaN
        return _("Give the latitude and longitude as numbers, for example 52.0907 and 5.1214.")
    if not (LATITUDES[0] <= latitude <= LATITUDES[1] and LONGITUDES[0] <= longitude <= LONGITUDES[1]):
        return _(
            "This point is not in the Netherlands: the latitude lies between %(south)s and %(north)s, "
            "the longitude between %(west)s and %(east)s.",
            south=format_degrees(LATITUDES[0]),
            north=format_degrees(LATITUDES[1]),
            west=format_degrees(LONGITUDES[0]),
            east=format_degrees(LONGITUDES[1]),
        )
    return None


def format_degrees(value):
    """A number of degrees as the reader's locale writes it (52,09 in Dutch)."""
    return format_decimal(value, format="0.0#####")


def rounded(latitude, longitude):
    """The point as stored: rounded to `DECIMALS`, or None for no location."""
    if latitude is None or longitude is None:
        return None
    return Location(round(float(latitude), DECIMALS), round(float(longitude), DECIMALS))
