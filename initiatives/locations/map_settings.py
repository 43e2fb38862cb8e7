"""What a page's map needs to know from the settings: the tiles (if any) and the shapes' address."""

from flask import current_app

from initiatives.core.security_headers import tiles_origin

#: The neighbourhoods' shapes, the map's base layer when that endpoint answers (the geo package's
#: `GET /api/v1/neighbourhoods.geojson`); without it the map has no base layer.
SHAPES_URL = "/api/v1/neighbourhoods.geojson"


def tiles_projection(url):
    """EPSG:28992 (RD New) for a tile URL in the Dutch grid (PDOK's WMTS names it in its path),
    else EPSG:3857 (Web Mercator, the XYZ tiles of most servers)."""
    return "EPSG:28992" if "28992" in url else "EPSG:3857"


def map_settings():
    """The data attributes of a map: tiles only when `MAP_TILES_URL` is a usable URL (the CSP then
    allows its host), and where the shapes are."""
    url = current_app.config.get("MAP_TILES_URL") or ""
    tiles = url if tiles_origin(url) else ""
    return {
        "tiles_url": tiles,
        "tiles_projection": tiles_projection(tiles) if tiles else "",
        "tiles_attribution": current_app.config.get("MAP_TILES_ATTRIBUTION") or "",
        "shapes_url": SHAPES_URL,
    }
