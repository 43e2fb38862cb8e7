"""`flask demo-data` gives the demo municipality made-up shapes: buurten that tile their wijken."""

import shapely
import sqlalchemy as sa

from initiatives.extensions import db
from initiatives.geo.models import NeighbourhoodShape
from initiatives.organisation.models import Neighbourhood


def _shapes(app):
    with app.app_context():
        rows = db.session.execute(
            sa.select(Neighbourhood.code, NeighbourhoodShape.geometry, NeighbourhoodShape.source)
            .join(NeighbourhoodShape.neighbourhood)
            .order_by(Neighbourhood.code)
        )
        return {code: (shapely.from_geojson(geometry), source) for code, geometry, source in rows}


def test_every_demo_neighbourhood_has_a_shape_and_the_buurten_tile_their_wijk(demo_world):
    shapes = _shapes(demo_world)
    assert len(shapes) == 19
    assert {source for _shape, source in shapes.values()} == {"demo"}
    buurten = {code: shape for code, (shape, _source) in shapes.items() if code.startswith("BU")}
    assert shapely.coverage_is_valid(list(buurten.values()))
    for code, (wijk, _source) in shapes.items():
        if code.startswith("WK"):
            inside = [shape for buurt, shape in buurten.items() if buurt[2:8] == code[2:8]]
            assert shapely.union_all(inside).symmetric_difference(wijk).area < 1e-9


def test_demo_data_again_leaves_the_shapes_as_they_are(demo_world):
    # The test world has no challenge tasks: the first run adds those, the second nothing.
    assert demo_world.test_cli_runner().invoke(args=["demo-data"]).exit_code == 0
    before = _shapes(demo_world)
    result = demo_world.test_cli_runner().invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert "(0 new reference records)" in result.output
    assert _shapes(demo_world).keys() == before.keys()
