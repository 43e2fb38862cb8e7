"""Reading the CBS Wijk- en Buurtkaart (GeoPackage, Shapefile) and GeoJSON into plain features.

pyogrio reads every format with the GDAL bundled in its wheel; pyproj reads the file's coordinate
reference system. A file that does not say its system is taken as GeoJSON's own, WGS84
(RFC 7946), and coordinates that cannot be longitudes and latitudes are refused with a hint.
"""

from collections import namedtuple
from pathlib import Path

import pyogrio
import pyogrio.errors
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

#: The Dutch national grid (Amersfoort / RD New), in metres: the CBS files' system.
RD_NEW = CRS.from_epsg(28992)
WGS84 = CRS.from_epsg(4326)

#: The columns that hold a feature's CBS code and name, as the CBS names them, in the order tried.
CODE_COLUMNS = ("buurtcode", "wijkcode", "code")
NAME_COLUMNS = {"buurtcode": "buurtnaam", "wijkcode": "wijknaam", "code": "naam"}
OTHER_NAME_COLUMNS = ("naam", "name")

#: One area of the file: its CBS code and name, the code of the wijk it lies in (a buurt's), whether
#: it is water only (CBS: water = "JA"), and its geometry in the file's system.
Feature = namedtuple("Feature", "code name wijk_code water geometry")


class ReadError(ValueError):
    """A file that cannot be read as shapes of neighbourhoods; the message says why."""


def read_features(path, crs=None):
    """Return (features, the file's CRS) of every layer of `path` that has a CBS code column.

    `crs` (e.g. "EPSG:28992") overrides what the file says."""
    path = Path(path)
    try:
        layers = [name for name, _geometry_type in pyogrio.list_layers(path)]
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as error:
        raise ReadError(
            f"{path.name} is not a GeoPackage, Shapefile or GeoJSON file that can be read: {error}"
        ) from error
    features, crs_found = [], None
    for layer in layers:
        meta, _fids, geometries, field_data = pyogrio.raw.read(path, layer=layer)
        columns = {str(name).lower(): index for index, name in enumerate(meta["fields"])}
        code_column = next((name for name in CODE_COLUMNS if name in columns), None)
        if code_column is None or geometries is None:
            continue
        crs_found = crs_found or meta.get("crs")
        features += _layer_features(columns, code_column, field_data, geometries)
    if not features:
        raise ReadError(
            f"{path.name} has no layer with a column buurtcode, wijkcode or code: nothing to import."
        )
    return features, _system(crs or crs_found, features)


def _layer_features(columns, code_column, field_data, geometries):
    def column(name):
        return field_data[columns[name]] if name in columns else None

    codes = column(code_column)
    name_column = NAME_COLUMNS[code_column]
    names = (
        column(name_column)
        if name_column in columns
        else next((column(name) for name in OTHER_NAME_COLUMNS if name in columns), None)
    )
    wijk_codes = column("wijkcode") if code_column == "buurtcode" else None
    water = column("water")
    features = []
    for index, wkb in enumerate(geometries):
        code = str(codes[index] or "").strip().upper()
        if not code or wkb is None:
            continue
        features.append(
            Feature(
                code=code,
                name=str(names[index]).strip() if names is not None and names[index] else code,
                wijk_code=str(wijk_codes[index]).strip().upper() if wijk_codes is not None else None,
                water=water is not None and str(water[index]).strip().upper() == "JA",
                geometry=shapely.from_wkb(wkb),
            )
        )
    return features


def _system(given, features):
    """The CRS `given` (the file's, or the --crs option), or WGS84 when nothing says; refused when
    the coordinates cannot be in it."""
    try:
        crs = CRS.from_user_input(given) if given else WGS84
    except CRSError as error:
        raise ReadError(f"The coordinate reference system {given!r} is unknown: {error}") from error
    if crs.is_geographic:
        min_x, min_y, max_x, max_y = shapely.total_bounds([feature.geometry for feature in features])
        if min_x < -180 or max_x > 180 or min_y < -90 or max_y > 90:
            raise ReadError(
                "The coordinates are not longitudes and latitudes (WGS84), although the file says "
                "they are or says nothing. Give the file's system with --crs, e.g. --crs EPSG:28992 "
                "for RD New."
            )
    return crs
