"""The open-data map layer: listed, consenting actors as a GeoJSON FeatureCollection.

`GET /api/v1/actors/?format=geojson` (or `Accept: application/geo+json`) takes the same filters
as the directory. Only actors that are listed AND consented to open data appear. A map layer
holds thousands of points, so the features are built from `.values()` with plain functions
(STACK.md: DRF serialises ~55 µs per object, a plain function ~4 µs), in four queries whatever
the number of actors, and without pagination — capped at `GEOJSON_MAX_FEATURES` instead.
"""

from collections import defaultdict

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import get_language
from rest_framework.renderers import JSONRenderer

from actors.api.serializers import CHANNEL_ORDER
from actors.models import Offer, SalesPoint

# A region's directory holds a few thousand actors; a layer larger than this is unusable in a
# browser map and a sign the client should filter (kind, product, place).
GEOJSON_MAX_FEATURES = 5000
SLUG_PLACEHOLDER = "__slug__"


class GeoJSONRenderer(JSONRenderer):
    """JSON under the GeoJSON media type (RFC 7946), chosen with ?format=geojson."""

    media_type = "application/geo+json"
    format = "geojson"


def channel_position(code: str) -> int:
    return CHANNEL_ORDER.get(code, len(CHANNEL_ORDER))


def _localized(row: dict, prefix: str, language: str) -> str:
    return row.get(f"{prefix}_{language}") or row[f"{prefix}_nl"]


def actor_feature_collection(queryset: QuerySet, *, request) -> dict:
    """A FeatureCollection of the (already filtered and ordered) actors in `queryset`."""
    language = (get_language() or "nl")[:2]
    if language not in ("nl", "fr", "en"):
        language = "nl"
    with_distance = "distance_km" in queryset.query.annotations
    fields = [
        "id",
        "slug",
        "name",
        "kind",
        "latitude",
        "longitude",
        "municipality__name_nl",
        "municipality__name_fr",
    ]
    if with_distance:
        fields.append("distance_km")
    matched = queryset.count()
    rows = list(queryset.values(*fields)[:GEOJSON_MAX_FEATURES])
    ids = [row["id"] for row in rows]

    products, seen = defaultdict(list), set()
    offers = (
        Offer.objects.filter(actor_id__in=ids, is_active=True)
        .order_by("category__position", "category__name_nl", "id")
        .values(
            "actor_id",
            "category__slug",
            "category__name_nl",
            "category__name_fr",
            "category__name_en",
        )
    )
    for offer in offers:
        key = (offer["actor_id"], offer["category__slug"])
        if key not in seen:
            seen.add(key)
            products[offer["actor_id"]].append(
                {
                    "slug": offer["category__slug"],
                    "name": _localized(offer, "category__name", language),
                }
            )

    channels = defaultdict(set)
    points = (
        SalesPoint.objects.active()
        .filter(actor_id__in=ids)
        .order_by()
        .values_list("actor_id", "channel")
        .distinct()
    )
    for actor_id, channel in points:
        channels[actor_id].add(channel)

    url_template = request.build_absolute_uri(
        reverse("actors:actor_detail", kwargs={"slug": SLUG_PLACEHOLDER})
    )
    features = []
    for row in rows:
        properties = {
            "slug": row["slug"],
            "name": row["name"],
            "kind": row["kind"],
            # Municipalities have Dutch and French names only.
            "municipality": _localized(row, "municipality__name", language),
            "products": products.get(row["id"], []),
            "channels": sorted(channels.get(row["id"], ()), key=channel_position),
            "url": url_template.replace(SLUG_PLACEHOLDER, row["slug"]),
        }
        if with_distance:
            properties["distance_km"] = round(row["distance_km"], 1)
        features.append(
            {
                "type": "Feature",
                "id": row["slug"],
                "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": len(features),
        "limit": GEOJSON_MAX_FEATURES,
    }
