"""The ceiling under load: the directory's page of 20 rows as bare `.values()` JSON.

The same filter as the directory API (near + 15 km + product + channel, nearest first), but
no DRF, no serializer, no count and no prefetch: what Django itself costs for those 20 rows.
"""

from django.db.models import Exists, OuterRef, Q
from django.http import JsonResponse

from actors.models import Actor, Offer, ProductCategory, SalesPoint


def ceiling(request):
    lat, lon = (float(part) for part in request.GET["near"].split(","))
    radius = float(request.GET.get("radius_km", 15))
    category = ProductCategory.objects.only("id").get(slug=request.GET["product"])
    categories = ProductCategory.objects.filter(Q(pk=category.pk) | Q(parent=category))
    offers = Offer.objects.filter(
        actor=OuterRef("pk"), is_active=True, category__in=categories.values("pk")
    )
    points = SalesPoint.objects.filter(
        actor=OuterRef("pk"), is_active=True, channel=request.GET["channel"]
    )
    rows = list(
        Actor.objects.listed()
        .near(lat, lon, radius)
        .filter(Exists(offers), Exists(points))
        .order_by("distance_km", "name", "pk")
        .values("id", "slug", "name", "kind", "latitude", "longitude", "distance_km")[:20]
    )
    return JsonResponse({"results": rows})
