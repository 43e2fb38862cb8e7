"""Made-up shapes for the demo municipality, so the maps work without a download: a jittered grid
of blocks, each buurt a few neighbouring blocks and each wijk its buurten, sharing their borders."""

import random

import numpy as np
import shapely
import sqlalchemy as sa

from initiatives.extensions import db
from initiatives.geo.models import NeighbourhoodShape
from initiatives.geo.operations import rounded, store_shape, transform
from initiatives.geo.reading import RD_NEW, WGS84
from initiatives.organisation.models import Neighbourhood

#: The blocks, north row first: each letter a buurt (BUURT_OF), "." no land of the municipality.
BLOCKS = (
    "llaabbcc",
    "llaabbcj",
    "llnddejj",
    "mnndfekj",
    "mmnffekk",
    "mmgggiik",
    ".mhhhhi.",
)
#: Letter -> (wijk number, buurt number) of initiatives.demo.operations.WIJKEN.
BUURT_OF = {
    "d": ("01", 1), "e": ("01", 2), "f": ("01", 3),
    "a": ("02", 1), "b": ("02", 2), "c": ("02", 3),
    "g": ("03", 1), "h": ("03", 2), "i": ("03", 3),
    "j": ("04", 1), "k": ("04", 2),
    "l": ("05", 1), "m": ("05", 2), "n": ("05", 3),
}  # fmt: skip
#: The north-west corner in RD New (metres), the size of a block and how far its corners wander.
ORIGIN = (160_000, 458_000)
BLOCK_METRES = 600
WANDER_METRES = 140
SOURCE = "demo"


def _point(key, x, y, rng_seed):
    """A grid point moved a little, the same for every block that shares it."""
    rng = random.Random(f"{rng_seed}:{key}")  # noqa: S311 - made-up shapes, reproducible
    return (x + rng.uniform(-WANDER_METRES, WANDER_METRES), y + rng.uniform(-WANDER_METRES, WANDER_METRES))


def _block(row, column, seed):
    """The outline of one block: its four corners and the middle of each side, all wandered."""
    left, top = ORIGIN[0] + column * BLOCK_METRES, ORIGIN[1] - row * BLOCK_METRES
    half = BLOCK_METRES / 2
    # Points on a half-block grid: (2 * row, 2 * column) are corners, odd ones the sides' middles.
    keys = [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2), (2, 1), (2, 0), (1, 0)]
    ring = [
        _point((2 * row + down, 2 * column + right), left + right * half, top - down * half, seed)
        for down, right in keys
    ]
    return shapely.Polygon(ring)


def demo_buurt_shapes(municipality_code, seed=2026):
    """{buurt code: polygon in RD New} of the demo municipality."""
    blocks = {}
    for row, letters in enumerate(BLOCKS):
        for column, letter in enumerate(letters):
            if letter != ".":
                blocks.setdefault(letter, []).append(_block(row, column, seed))
    return {
        f"BU{municipality_code}{wijk}{number:02d}": shapely.coverage_union_all(parts)
        for letter, parts in blocks.items()
        for wijk, number in [BUURT_OF[letter]]
    }


def create_demo_shapes(municipality_code):
    """Give the demo wijken and buurten that have no shape yet their made-up one; return the count."""
    buurten = demo_buurt_shapes(municipality_code)
    wijken = {}
    for code, polygon in buurten.items():
        wijken.setdefault(f"WK{code[2:8]}", []).append(polygon)
    shapes = {**buurten, **{code: shapely.coverage_union_all(parts) for code, parts in wijken.items()}}
    without_shape = db.session.scalars(
        sa.select(Neighbourhood)
        .where(Neighbourhood.code.in_(shapes))
        .where(~sa.exists().where(NeighbourhoodShape.neighbourhood_id == Neighbourhood.id))
        .order_by(Neighbourhood.code)
    ).all()
    if not without_shape:
        return 0
    in_wgs84 = rounded(
        transform(np.array([shapes[row.code] for row in without_shape], dtype=object), RD_NEW, WGS84)
    )
    for neighbourhood, geometry in zip(without_shape, in_wgs84, strict=True):
        store_shape(neighbourhood, geometry, SOURCE)
    db.session.flush()
    return len(without_shape)


def demo_places(session, per_area=48, seed=2026):
    """{neighbourhood id: [(latitude, longitude), ...]}: `per_area` made-up places inside each
    neighbourhood's stored shape (a square, a park, a street corner), reproducible by `seed`; the
    demo cases take their location from these. Empty for a municipality without shapes."""
    rows = session.execute(sa.select(NeighbourhoodShape.neighbourhood_id, NeighbourhoodShape.geometry))
    places = {}
    for neighbourhood_id, geometry in rows:
        area = shapely.from_geojson(geometry)
        min_x, min_y, max_x, max_y = area.bounds
        rng = random.Random(f"{seed}:{neighbourhood_id}:places")  # noqa: S311 - made-up places
        found = []
        # Points drawn in the bounding box, kept when inside: a few hundred tries at most.
        for _ in range(per_area * 20):
            x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
            if area.contains(shapely.Point(x, y)):
                found.append((round(y, 6), round(x, 6)))
                if len(found) == per_area:
                    break
        places[neighbourhood_id] = found
    return places
