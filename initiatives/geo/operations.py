"""Turning a file's areas into stored shapes: matched to the neighbourhoods by CBS code, simplified
in RD New as one coverage per level (shared borders stay shared), transformed to WGS84, stored.

shapely's coverage_simplify (GEOS 3.12+) simplifies the edges the areas share once, for both sides,
so neighbours still meet without gaps or overlaps; pyproj transforms with always_xy, so every
coordinate pair is (x, y) = (east, north) = (longitude, latitude).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import shapely
import sqlalchemy as sa
from pyproj import Transformer
from sqlalchemy.orm import selectinload

from initiatives.audit.operations import record
from initiatives.core.db import utcnow
from initiatives.extensions import db
from initiatives.geo.models import NeighbourhoodShape
from initiatives.geo.reading import RD_NEW, WGS84
from initiatives.organisation.models import Neighbourhood
from initiatives.organisation.operations import OrganisationError, code_problem, save_neighbourhood

#: Simplification for display in RD New: about the square root of the largest triangle (m²) a
#: vertex may cut off, far below a pixel of a map of a municipality (some 15 m at 600 px wide).
DEFAULT_TOLERANCE_METRES = 10.0
#: Decimals kept of a longitude or latitude: 6 is about 0.1 m.
COORDINATE_DECIMALS = 6
IMPORT_ACTION = "geo.shapes_imported"


def _no_progress(items, _label):
    return items


@dataclass
class Area:
    """An area of the file after simplification: its code, name, wijk and WGS84 geometry."""

    code: str
    name: str
    wijk_code: str | None
    geometry: object


@dataclass
class ImportReport:
    matched: list = field(default_factory=list)  # codes of Bricoleur's neighbourhoods given a shape
    new: list = field(default_factory=list)  # Areas in the file, not in Bricoleur (not created)
    created: list = field(default_factory=list)  # codes added as neighbourhoods (--create)
    not_created: list = field(default_factory=list)  # (code, why) that --create could not add
    missing: list = field(default_factory=list)  # Neighbourhoods in Bricoleur, not in the file
    other_municipalities: int = 0  # areas of other municipalities, left out


def municipality_digits(code):
    """The four digits of the municipality in a CBS code (WK036301, BU03630102 -> 0363)."""
    return code[2:6]


def transform(geometries, source, target):
    """`geometries` from the CRS `source` into `target`, (x, y) as (east, north) both ways."""
    if source == target:
        return geometries
    transformer = Transformer.from_crs(source, target, always_xy=True)
    return shapely.transform(geometries, transformer.transform, interleaved=False)


def rounded(geometries):
    """`geometries` with longitudes and latitudes to COORDINATE_DECIMALS."""
    return shapely.transform(geometries, lambda coordinates: np.round(coordinates, COORDINATE_DECIMALS))


def simplified_areas(features, crs, tolerance, progress=_no_progress):
    """The features as Areas: parts of one code together (its water left out where it has land),
    simplified in RD New with `tolerance` metres as one coverage per level, in WGS84."""
    by_code = defaultdict(list)
    for feature in features:
        by_code[feature.code].append(feature)
    parts = []  # (code, geometry) of the parts kept
    for code, code_features in by_code.items():
        land = [feature for feature in code_features if not feature.water]
        parts += [(code, feature.geometry) for feature in (land or code_features)]
    geometries = transform(np.array([geometry for _code, geometry in parts], dtype=object), crs, RD_NEW)
    geometries = np.array([_valid(geometry) for geometry in geometries], dtype=object)
    simplified = np.empty(len(parts), dtype=object)
    for level in ("WK", "BU", ""):
        indexes = [
            index
            for index, (code, _geometry) in enumerate(parts)
            if code.startswith(level) and (level or not code.startswith(("WK", "BU")))
        ]
        if indexes and tolerance > 0:
            simplified[indexes] = shapely.coverage_simplify(geometries[indexes], tolerance)
        elif indexes:
            simplified[indexes] = geometries[indexes]
    simplified = rounded(transform(simplified, RD_NEW, WGS84))
    geometries_by_code = defaultdict(list)
    for (code, _geometry), geometry in zip(parts, simplified, strict=True):
        geometries_by_code[code].append(geometry)
    areas = []
    for code in progress(sorted(geometries_by_code), "Simplified"):
        pieces = geometries_by_code[code]
        geometry = pieces[0] if len(pieces) == 1 else shapely.coverage_union_all(pieces)
        first = by_code[code][0]
        areas.append(Area(code, first.name, first.wijk_code, geometry))
    return areas


def _valid(geometry):
    return geometry if shapely.is_valid(geometry) else shapely.make_valid(geometry)


def of_municipalities(features, digits):
    """The features in the municipalities `digits` (all when empty), and how many were left out."""
    if not digits:
        return list(features), 0
    kept = [feature for feature in features if municipality_digits(feature.code) in digits]
    return kept, len({feature.code for feature in features}) - len({feature.code for feature in kept})


def known_municipalities(session):
    return {municipality_digits(code) for code in session.scalars(sa.select(Neighbourhood.code))}


def store_shape(neighbourhood, geometry, source, shapes=None):
    """Give `neighbourhood` the WGS84 `geometry` (a shapely geometry) from `source`."""
    shape = (
        shapes.get(neighbourhood.id)
        if shapes is not None
        else db.session.scalar(
            sa.select(NeighbourhoodShape).where(NeighbourhoodShape.neighbourhood_id == neighbourhood.id)
        )
    )
    if shape is None:
        shape = NeighbourhoodShape(neighbourhood=neighbourhood)
        db.session.add(shape)
    shape.geometry = shapely.to_geojson(geometry)
    shape.min_lon, shape.min_lat, shape.max_lon, shape.max_lat = (float(value) for value in geometry.bounds)
    shape.source = source[:200]
    shape.imported_at = utcnow()
    return shape


def import_areas(session, areas, *, source, create=False, progress=_no_progress):
    """Store the shapes of `areas` for the neighbourhoods with their codes; with `create`, add the
    areas Bricoleur does not know as neighbourhoods (a buurt under its wijk) first. Returns the
    ImportReport; the caller commits."""
    report = ImportReport()
    neighbourhoods = {row.code: row for row in session.scalars(sa.select(Neighbourhood))}
    shapes = {shape.neighbourhood_id: shape for shape in session.scalars(sa.select(NeighbourhoodShape))}
    # Wijken first, so that their buurten find them.
    for area in sorted(areas, key=lambda area: (not area.code.startswith("WK"), area.code)):
        neighbourhood = neighbourhoods.get(area.code)
        if neighbourhood is None and create:
            neighbourhood = _create(area, neighbourhoods, report)
        if neighbourhood is None:
            if not create:
                report.new.append(area)
            continue
        report.matched.append(area.code)
    in_file = {area.code for area in areas}
    for area in progress(areas, "Stored"):
        if area.code in neighbourhoods:
            store_shape(neighbourhoods[area.code], area.geometry, source, shapes)
    report.missing = sorted(
        (row for code, row in neighbourhoods.items() if code not in in_file and row.active),
        key=lambda row: row.code,
    )
    report.created.sort()
    report.matched = sorted(set(report.matched) - set(report.created))
    session.flush()
    return report


def _create(area, neighbourhoods, report):
    parent = None
    if area.code.startswith("BU"):
        wijk_code = area.wijk_code or f"WK{area.code[2:8]}"
        parent = neighbourhoods.get(wijk_code)
        if parent is None:
            report.not_created.append(
                (area.code, f"its wijk {wijk_code} is neither in Bricoleur nor in the file")
            )
            return None
    problem = code_problem(area.code, parent)
    if problem:
        report.not_created.append((area.code, problem))
        return None
    try:
        neighbourhood = save_neighbourhood(None, code=area.code, name=area.name, parent=parent, active=True)
    except OrganisationError as error:
        report.not_created.append((area.code, str(error)))
        return None
    neighbourhoods[area.code] = neighbourhood
    report.created.append(area.code)
    return neighbourhood


def record_import(report, *, source, crs, tolerance):
    """The audit entry of an import: what it matched, added and missed (codes, never geometry)."""
    record(
        IMPORT_ACTION,
        object_type=NeighbourhoodShape.__tablename__,
        summary=f"{IMPORT_ACTION} {source}: {len(report.matched) + len(report.created)} shapes",
        data={
            "source_file": source,
            "coordinate_system": crs,
            "tolerance_metres": tolerance,
            "matched": len(report.matched),
            "created": report.created,
            "not_in_bricoleur": [area.code for area in report.new],
            "missing": [row.code for row in report.missing],
        },
    )


def shapes_by_neighbourhood(session, neighbourhood_ids=None):
    """{neighbourhood id: GeoJSON mapping} of the stored shapes (of `neighbourhood_ids` if given)."""
    query = sa.select(NeighbourhoodShape.neighbourhood_id, NeighbourhoodShape.geometry)
    if neighbourhood_ids is not None:
        query = query.where(NeighbourhoodShape.neighbourhood_id.in_(neighbourhood_ids))
    return {row.neighbourhood_id: json.loads(row.geometry) for row in session.execute(query)}


def base_layer(session):
    """The shapes as a plain GeoJSON FeatureCollection for the maps of cases: the buurten (or the
    wijken when no buurt has a shape), each with its `code`, `name` and `wijk`; no figures."""
    rows = session.execute(
        sa.select(Neighbourhood, NeighbourhoodShape.geometry)
        .join(NeighbourhoodShape, NeighbourhoodShape.neighbourhood_id == Neighbourhood.id)
        .options(selectinload(Neighbourhood.parent))
        .order_by(Neighbourhood.code)
    ).all()
    buurten = [row for row in rows if not row.Neighbourhood.is_wijk]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": json.loads(row.geometry),
                "properties": {
                    "code": row.Neighbourhood.code,
                    "name": row.Neighbourhood.name,
                    "wijk": row.Neighbourhood.wijk.code,
                },
            }
            for row in (buurten or rows)
        ],
    }
