"""Reads of the actors app: who may see which actor, and list-ready querysets.

The directory page and /api/v1/actors/ both start from `actor_list_visible_to`, so what is
visible and what is prefetched cannot drift apart between the two doors.
"""

from django.db.models import Prefetch, QuerySet

from actors.models import (
    Actor,
    ActorLabel,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)


def actor_visibility_filter(queryset: QuerySet, user) -> QuerySet:
    """Listed actors for everyone; unlisted ones only for their managers and staff."""
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return queryset
        return queryset.filter(is_public=True) | queryset.filter(managers__user=user)
    return queryset.filter(is_public=True)


def actor_list_visible_to(user) -> QuerySet:
    """Actors a user may see, with what a directory row shows, in a constant number of queries.

    One query for the page of actors (with its municipality), and one each for their active
    offers (with categories), active sales points and labels.
    """
    queryset = actor_visibility_filter(Actor.objects.all(), user).distinct()
    return queryset.select_related("municipality").prefetch_related(
        Prefetch(
            "offers",
            queryset=Offer.objects.filter(is_active=True).select_related(
                "category", "category__parent"
            ),
        ),
        Prefetch(
            "sales_points",
            queryset=SalesPoint.objects.active().only(
                "id", "actor_id", "channel", "name", "latitude", "longitude"
            ),
        ),
        Prefetch("actor_labels", queryset=ActorLabel.objects.select_related("label")),
    )


def actor_detail_visible_to(user) -> QuerySet:
    """Actors for their own page: everything the page shows, prefetched."""
    queryset = actor_visibility_filter(Actor.objects.all(), user).distinct()
    return queryset.select_related("municipality", "municipality__province").prefetch_related(
        Prefetch(
            "offers",
            queryset=Offer.objects.filter(is_active=True).select_related(
                "category", "category__parent"
            ),
        ),
        Prefetch(
            "needs",
            queryset=Need.objects.filter(is_active=True).select_related("category"),
        ),
        Prefetch(
            "sales_points",
            queryset=SalesPoint.objects.active()
            .select_related("municipality")
            .prefetch_related(
                Prefetch(
                    "opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")
                ),
                Prefetch("opening_exceptions", queryset=OpeningException.objects.order_by("date")),
            ),
        ),
        Prefetch("actor_labels", queryset=ActorLabel.objects.select_related("label")),
    )


def actor_open_data_list() -> QuerySet:
    """Listed actors that consented to open data: the only ones in GeoJSON and exports."""
    return Actor.objects.open_data().select_related("municipality")


def actors_managed_by(user) -> QuerySet:
    return Actor.objects.managed_by(user).select_related("municipality").order_by("name")


def product_category_tree() -> list[ProductCategory]:
    """Top-level categories with their children prefetched: one query each level."""
    return list(
        ProductCategory.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=ProductCategory.objects.order_by("position", "name_nl"))
        )
    )
