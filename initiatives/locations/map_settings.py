"""What a page's map needs to know from the settings: the tiles (if any) and the shapes' address."""

from flask import current_app, url_for

from initiatives.core.security_headers import tiles_origin


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
        # The neighbourhoods' outlines: without any imported, the map has no base layer.
        "shapes_url": url_for("locations.map_shapes"),
    }
