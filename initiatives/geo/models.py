"""The outline of a wijk or buurt, as GeoJSON in WGS84 with its bounding box."""

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from initiatives.core.db import UTCDateTime, utcnow
from initiatives.extensions import db
from initiatives.organisation.models import Neighbourhood


class NeighbourhoodShape(db.Model):
    """The shape of one neighbourhood: a GeoJSON (Multi)Polygon in WGS84 (longitude, latitude).

    Plain text and four numbers, so SQLite and PostgreSQL keep it alike (no PostGIS); the bounding
    box lets a map find its extent without reading the geometries."""

    __tablename__ = "neighbourhood_shapes"
    __table_args__ = (sa.CheckConstraint("min_lon <= max_lon AND min_lat <= max_lat", name="bbox_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(
        sa.ForeignKey("neighbourhoods.id", ondelete="CASCADE"), unique=True
    )
    #: The GeoJSON geometry (Polygon or MultiPolygon), WGS84, simplified for display.
    geometry: Mapped[str] = mapped_column(sa.Text)
    min_lon: Mapped[float] = mapped_column(sa.Float)
    min_lat: Mapped[float] = mapped_column(sa.Float)
    max_lon: Mapped[float] = mapped_column(sa.Float)
    max_lat: Mapped[float] = mapped_column(sa.Float)
    #: Where it came from: the imported file's name, or "demo".
    source: Mapped[str] = mapped_column(sa.String(200))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship()

    @property
    def geojson(self):
        """The geometry as a GeoJSON mapping."""
        return json.loads(self.geometry)

    def __repr__(self):
        return f"<NeighbourhoodShape {self.neighbourhood_id}>"
