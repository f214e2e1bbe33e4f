"""Reads of the geography: the list-ready querysets behind the pages and the API.

Regions and municipalities are public reference data, so there is no per-user scoping here.
"""

from django.db.models import QuerySet

from network.models import Municipality, Region


def municipality_list() -> QuerySet[Municipality]:
    """Municipalities with their province and regions loaded: a constant number of queries."""
    return Municipality.objects.select_related("province").prefetch_related("regions")


def region_list() -> QuerySet[Region]:
    """Provinces, streken and intermunicipal regions, provinces first."""
    return Region.objects.all()


def network_counts() -> dict[str, int]:
    """How big the network is, for the home page: one COUNT per kind of thing, never per row.

    Each entry is a single aggregate query, so the number of queries stays the same however
    large the network grows. Add a key here when a new part of the network should be counted
    (actors by kind: one `values("kind").annotate(Count("pk"))` query covers them all).
    """
    return {
        "municipalities": Municipality.objects.count(),
    }
