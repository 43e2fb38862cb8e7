"""`flask geo import`: a CBS-shaped GeoPackage and a GeoJSON in RD New, made here, matched,
transformed and simplified with their shared borders kept."""

import itertools
import json

import numpy as np
import pyogrio.raw
import pytest
import shapely
import sqlalchemy as sa
from pyproj import Geod

from initiatives.audit.models import AuditEntry
from initiatives.demo.shapes import demo_buurt_shapes
from initiatives.extensions import db
from initiatives.geo.models import NeighbourhoodShape
from initiatives.geo.operations import transform
from initiatives.geo.reading import RD_NEW, WGS84
from initiatives.organisation.models import Neighbourhood

#: The Amersfoort origin of RD New, and where it lies in WGS84 (RDNAPTRANS).
AMERSFOORT_RD = (155000.0, 463000.0)
AMERSFOORT_WGS84 = (5.38720621, 52.15517440)


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=["geo", "import", *map(str, args)])


def _wiggled(polygon):
    """`polygon` with a point every 10 m along each side, zigzagging half a metre: the same points for both
    areas along a shared side, which each walk the other way."""
    ring = list(polygon.exterior.coords)
    points = []
    for start, end in itertools.pairwise(ring):
        first, last = sorted([start, end])
        length = shapely.LineString([first, last]).length
        steps = max(int(length // 10), 1)
        normal = np.array([last[1] - first[1], first[0] - last[0]]) / length
        inner = [
            np.array(first)
            + (np.array(last) - np.array(first)) * step / steps
            + normal * (0.5 if step % 2 else -0.5)
            for step in range(1, steps)
        ]
        points += [start, *(inner if first == start else inner[::-1])]
    return shapely.Polygon(points)


def _areas():
    """The demo buurten in detail and their wijken, a new buurt of a new wijk, one of another
    municipality and a water part."""
    buurten = {code: _wiggled(polygon) for code, polygon in demo_buurt_shapes("9999").items()}
    wijken = {}
    for code, polygon in buurten.items():
        wijken.setdefault(f"WK{code[2:8]}", []).append(polygon)
    wijken = {code: shapely.coverage_union_all(parts) for code, parts in wijken.items()}
    east = shapely.total_bounds(list(buurten.values()))[2]
    wijken["WK999906"] = buurten["BU99990601"] = shapely.box(east + 100, 450000, east + 700, 450600)
    buurten["BU03630101"] = shapely.box(120000, 487000, 120500, 487500)
    return wijken, buurten


def _write_gpkg(path):
    wijken, buurten = _areas()
    for layer, areas in (("wijken", wijken), ("buurten", buurten)):
        codes = sorted(areas)
        fields = {
            "wijken": {"wijkcode": codes, "wijknaam": [f"Wijk {code}" for code in codes]},
            "buurten": {
                "buurtcode": codes,
                "buurtnaam": [f"Buurt {code}" for code in codes],
                "wijkcode": [f"WK{code[2:8]}" for code in codes],
            },
        }[layer]
        fields["water"] = ["NEE"] * len(codes)
        pyogrio.raw.write(
            path,
            np.array([shapely.to_wkb(shapely.MultiPolygon([areas[code]])) for code in codes], dtype=object),
            [np.array(values, dtype=object) for values in fields.values()],
            fields=list(fields),
            layer=layer,
            driver="GPKG",
            geometry_type="MultiPolygon",
            crs="EPSG:28992",
        )


def _stored(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(Neighbourhood.code, NeighbourhoodShape.geometry, NeighbourhoodShape.source).join(
                NeighbourhoodShape.neighbourhood
            )
        )
        return {code: (shapely.from_geojson(geometry), source) for code, geometry, source in rows}


def test_a_cbs_geopackage_gives_the_neighbourhoods_their_shapes(demo_world, cli, tmp_path):
    path = tmp_path / "wijkenbuurten_2025.gpkg"
    _write_gpkg(path)
    result = cli(path)
    assert result.exit_code == 0, result.output
    assert "Matched: 19 wijken and buurten" in result.output
    assert "New: 2 in the file, not in Bricoleur (add them with --create):" in result.output
    assert "BU99990601 Buurt BU99990601" in result.output
    assert "Left out: 1 areas of other municipalities." in result.output
    stored = _stored(demo_world)
    assert len(stored) == 19
    assert {source for _shape, source in stored.values()} == {"wijkenbuurten_2025.gpkg"}
    # In WGS84 now, and simplified: the zigzags are gone, the blocks' corners stay.
    centrum = stored["BU99990101"][0]
    assert 5 < centrum.centroid.x < 6
    assert 51 < centrum.centroid.y < 53
    assert shapely.get_num_coordinates(centrum) < 30
    # Shared borders stay shared: the buurten still tile without gaps or overlaps.
    buurten = [shape for code, (shape, _source) in stored.items() if code.startswith("BU")]
    assert shapely.coverage_is_valid(buurten)
    in_rd = transform(np.array(buurten, dtype=object), WGS84, RD_NEW)
    original = [
        polygon for code, polygon in _areas()[1].items() if code.startswith("BU9999") and code != "BU99990601"
    ]
    assert shapely.union_all(in_rd).area == pytest.approx(shapely.union_all(original).area, rel=0.001)
    assert sum(shape.area for shape in in_rd) == pytest.approx(shapely.union_all(in_rd).area, rel=1e-6)
    with demo_world.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "geo.shapes_imported"))
        assert entry.data["matched"] == 19
        assert entry.data["not_in_bricoleur"] == ["WK999906", "BU99990601"]


def test_create_adds_the_new_wijk_and_buurt(demo_world, cli, tmp_path):
    path = tmp_path / "wijkenbuurten.gpkg"
    _write_gpkg(path)
    result = cli(path, "--create")
    assert result.exit_code == 0, result.output
    assert "Added as new neighbourhoods, with their shape: 2" in result.output
    with demo_world.app_context():
        buurt = db.session.scalar(sa.select(Neighbourhood).where(Neighbourhood.code == "BU99990601"))
        assert (buurt.name, buurt.parent.code) == ("Buurt BU99990601", "WK999906")
    assert "BU99990601" in _stored(demo_world)


def test_geojson_in_rd_new_is_transformed_within_a_metre(demo_world, cli, tmp_path):
    """The Amersfoort origin as a corner of a buurt, in a GeoJSON that names RD New as its crs."""
    x, y = AMERSFOORT_RD
    square = [[x, y], [x + 300, y], [x + 300, y + 300], [x, y + 300], [x, y]]
    document = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "BU99990101"},
                "geometry": {"type": "Polygon", "coordinates": [square]},
            }
        ],
    }
    path = tmp_path / "buurt.geojson"
    path.write_text(json.dumps(document))
    result = cli(path, "--tolerance", "0")
    assert result.exit_code == 0, result.output
    assert "Matched: 1 wijken and buurten" in result.output
    assert "Missing: 18 in Bricoleur, not in the file (their shapes are kept):" in result.output
    corner = min(_stored(demo_world)["BU99990101"][0].exterior.coords)
    distance = Geod(ellps="WGS84").inv(*corner, *AMERSFOORT_WGS84)[2]
    assert distance < 1


def test_geojson_without_its_crs_in_rd_new_is_refused_with_a_hint(demo_world, cli, tmp_path):
    x, y = AMERSFOORT_RD
    path = tmp_path / "buurt.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"code": "BU99990101"},
                "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 9, y], [x, y + 9], [x, y]]]},
            }
        )
    )
    before = _stored(demo_world)["BU99990101"][0]
    result = cli(path)
    assert result.exit_code == 1
    assert "--crs EPSG:28992" in result.output
    assert _stored(demo_world)["BU99990101"][0].equals(before)
    assert cli(path, "--crs", "EPSG:28992").exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not a map", "is not a GeoPackage, Shapefile or GeoJSON file"),
        (json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"naam": "x"}, "geometry": {"type": "Point", "coordinates": [5, 52]}}
        ]}), "no layer with a column buurtcode, wijkcode or code"),
    ],
)  # fmt: skip
def test_a_file_that_is_no_map_of_neighbourhoods_is_refused(demo_world, cli, tmp_path, content, message):
    path = tmp_path / "kaart.geojson"
    path.write_text(content)
    before = _stored(demo_world)
    result = cli(path)
    assert result.exit_code == 1
    assert message in result.output
    assert _stored(demo_world).keys() == before.keys()


def test_a_shapefile_of_the_buurten_is_read_too(demo_world, cli, tmp_path):
    """The CBS also publishes Shapefiles: one layer per file, its system in the .prj beside it."""
    _wijken, buurten = _areas()
    codes = sorted(code for code in buurten if code.startswith("BU9999"))
    path = tmp_path / "buurt_2025.shp"
    pyogrio.raw.write(
        path,
        np.array([shapely.to_wkb(buurten[code]) for code in codes], dtype=object),
        [np.array(codes, dtype=object), np.array([f"Buurt {code}" for code in codes], dtype=object)],
        fields=["buurtcode", "buurtnaam"],
        driver="ESRI Shapefile",
        geometry_type="Polygon",
        crs="EPSG:28992",
    )
    result = cli(path)
    assert result.exit_code == 0, result.output
    assert "(EPSG:28992)" in result.output
    assert "Matched: 14 wijken and buurten" in result.output
    assert "Missing: 5 in Bricoleur, not in the file" in result.output
    assert "New: 1 in the file, not in Bricoleur" in result.output
