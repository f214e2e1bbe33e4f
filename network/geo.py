"""Distances on the earth's surface, in Python and in SQL, on SQLite and PostgreSQL alike.

"Within R km" is answered in two steps (STACK.md measured ~6 ms over 100k points): a bounding
box on the indexed (latitude, longitude) pair cuts the candidates, then the exact great-circle
(haversine) distance is computed in SQL for those few and filtered and sorted on. Django
provides the trigonometric functions on SQLite as well, so the same queryset runs on both.
PostGIS is not needed at the scale of a region.
"""

import math
from dataclasses import dataclass

from django.db import models
from django.db.models import F, FloatField, Value

EARTH_RADIUS_KM = 6371.0088
MAX_RADIUS_KM = 500.0
# About a centimetre: keeps floating-point rounding from dropping a point exactly on the edge.
BOX_PADDING_DEG = 1e-7


@dataclass(frozen=True)
class BoundingBox:
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """The smallest latitude/longitude box that holds every point within `radius_km`.

    Padded by a hair, so it never drops a point the exact distance keeps: the longitude
    half-width is the exact asin(sin δ / cos φ), which is wider than the δ / cos φ
    approximation at any latitude off the equator. Where the circle reaches a pole or crosses
    the antimeridian every longitude is in range (still correct, as the exact distance then
    filters).
    """
    delta = radius_km / EARTH_RADIUS_KM  # angular radius, in radians
    dlat = math.degrees(delta) + BOX_PADDING_DEG
    min_lat, max_lat = lat - dlat, lat + dlat
    cos_lat = math.cos(math.radians(lat))
    if min_lat <= -90.0 or max_lat >= 90.0 or math.sin(delta) >= cos_lat:
        return BoundingBox(max(-90.0, min_lat), min(90.0, max_lat), -180.0, 180.0)
    dlon = math.degrees(math.asin(math.sin(delta) / cos_lat)) + BOX_PADDING_DEG
    min_lon, max_lon = lon - dlon, lon + dlon
    if min_lon < -180.0 or max_lon > 180.0:
        min_lon, max_lon = -180.0, 180.0
    return BoundingBox(min_lat=min_lat, max_lat=max_lat, min_lon=min_lon, max_lon=max_lon)


class HaversineKm(models.Func):
    """The haversine distance in km from a fixed point to the row's point, as one SQL node.

    The same SQL as the composition of Radians, Sin, Power, … it replaces (same operations in
    the same order, same parameters), but one node instead of ~30: Django resolves and compiles
    the expression again for each filter, ordering and UNION part that uses `distance_km`, and
    walking the tree took several milliseconds per query at every request.
    """

    output_field = FloatField()

    def __init__(self, lat: float, lon: float, lat_field: str, lon_field: str):
        lat_rad = math.radians(lat)
        super().__init__(
            F(lat_field),
            F(lon_field),
            Value(lat_rad),
            Value(math.cos(lat_rad)),
            Value(math.radians(lon)),
            Value(2 * EARTH_RADIUS_KM),
        )

    def as_sql(self, compiler, connection, **extra_context):
        (lat, lat_params), (lon, lon_params), *constants = (
            compiler.compile(e) for e in self.source_expressions
        )
        (lat0, p_lat0), (cos0, p_cos0), (lon0, p_lon0), (diameter, p_diameter) = constants
        least = "MIN" if connection.vendor == "sqlite" else "LEAST"
        # Least(..., 1) keeps rounding from pushing asin's argument just over 1.
        sql = (
            f"({diameter} * ASIN({least}(SQRT((POWER(SIN(((RADIANS({lat}) - {lat0}) / %s)), %s)"
            f" + (({cos0} * COS(RADIANS({lat}))) * POWER(SIN(((RADIANS({lon}) - {lon0}) / %s)),"
            f" %s)))), %s)))"
        )
        params = (
            *p_diameter,
            *lat_params,
            *p_lat0,
            2,
            2,
            *p_cos0,
            *lat_params,
            *lon_params,
            *p_lon0,
            2,
            2,
            1.0,
        )
        return sql, params


def distance_expression(lat: float, lon: float, lat_field: str, lon_field: str):
    """A SQL expression for the haversine distance in km from (lat, lon) to the row's point."""
    return HaversineKm(lat, lon, lat_field, lon_field)


class GeoQuerySet(models.QuerySet):
    """A queryset of rows with a point; subclasses name the latitude and longitude fields."""

    lat_field = "latitude"
    lon_field = "longitude"

    def within_box(self, lat: float, lon: float, radius_km: float):
        box = bounding_box(lat, lon, radius_km)
        return self.filter(
            **{
                f"{self.lat_field}__range": (box.min_lat, box.max_lat),
                f"{self.lon_field}__range": (box.min_lon, box.max_lon),
            }
        )

    def with_distance(self, lat: float, lon: float):
        """Annotate `distance_km` from (lat, lon)."""
        return self.annotate(
            distance_km=distance_expression(lat, lon, self.lat_field, self.lon_field)
        )

    def near(self, lat: float, lon: float, radius_km: float):
        """Rows within `radius_km` of the point, annotated with `distance_km`."""
        return (
            self.within_box(lat, lon, radius_km)
            .with_distance(lat, lon)
            .filter(distance_km__lte=radius_km)
        )
