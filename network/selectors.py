"""Reads of the geography: the list-ready querysets behind the pages and the API.

Regions and municipalities are public reference data, so there is no per-user scoping here.
"""

from django.db.models import Count, QuerySet

from network.models import Municipality, Region


def municipality_list() -> QuerySet[Municipality]:
    """Municipalities with their province and regions loaded: a constant number of queries."""
    return Municipality.objects.select_related("province").prefetch_related("regions")


def region_list() -> QuerySet[Region]:
    """Provinces, streken and intermunicipal regions, provinces first."""
    return Region.objects.all()


def network_counts() -> dict[str, int]:
    """How big the network is, for the home page: one aggregate query per kind of thing.

    Only what the public may see is counted: listed actors and their active sales points.
    The number of queries stays the same however large the network grows.
    """
    from actors.choices import ActorKind
    from actors.models import Actor, SalesPoint

    by_kind = dict(
        Actor.objects.listed()
        .order_by()
        .values_list("kind")
        .annotate(total=Count("pk"))
        .values_list("kind", "total")
    )
    return {
        "farmers": by_kind.get(ActorKind.FARMER, 0),
        "food_businesses": sum(by_kind.values()) - by_kind.get(ActorKind.FARMER, 0),
        "sales_points": SalesPoint.objects.active().filter(actor__is_public=True).count(),
        "municipalities": Municipality.objects.count(),
    }
