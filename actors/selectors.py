"""Reads of the actors app: who may see which actor, and list-ready querysets.

The directory page and /api/v1/actors/ both start from `actor_list_visible_to`, so what is
visible and what is prefetched cannot drift apart between the two doors.
"""

import dataclasses
import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from actors.models import (
    Actor,
    ActorLabel,
    ActorManager,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)


def actor_visibility_filter(queryset: QuerySet, user) -> QuerySet:
    """Listed actors for everyone; unlisted ones only for their managers and staff.

    `Exists` rather than a join on managers: a join repeats an actor once per manager, which
    breaks `.get(slug=…)` on the result and makes every caller remember `.distinct()`.
    """
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return queryset
        manages = Exists(ActorManager.objects.filter(actor=OuterRef("pk"), user=user))
        return queryset.filter(Q(is_public=True) | manages)
    return queryset.filter(is_public=True)


def actor_list_visible_to(user) -> QuerySet:
    """The directory's rows (page and API): visible actors with their municipality.

    No `.distinct()`: visibility and every directory filter use `Exists` or subqueries, never
    a join that repeats an actor, and a DISTINCT over every column made the directory's count
    and page several times slower.

    Nothing is prefetched either: what a row shows of the actor's offers, sales points and
    labels comes from `attach_row_details` (API) or `actors.views.directory_rows` (page) on
    the page of results, as plain values. Prefetching model instances (an offer and its
    category per product) built ~200 objects per page of 20 and took a third of the request's
    Python time at Flanders scale.
    """
    return actor_visibility_filter(Actor.objects.all(), user).select_related("municipality")


@dataclasses.dataclass(frozen=True, slots=True)
class NamedRef:
    """A product category or label as a row shows it: its slug and names in each language."""

    slug: str
    name_nl: str
    name_fr: str
    name_en: str
    certifier: str = ""

    @property
    def name(self) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"name_{language}", "") or self.name_nl


def attach_row_details(actors: list[Actor]) -> list[Actor]:
    """Set `row_products`, `row_channels` and `row_labels` on each actor, in three queries.

    The same as a row reads from `actor_detail_visible_to`'s prefetch: the distinct categories
    of the active offers (in category order), the channels of the active sales points, and
    the labels with their certifier.
    """
    ids = [actor.pk for actor in actors]
    products: dict[int, dict[str, NamedRef]] = {pk: {} for pk in ids}
    channels: dict[int, set[str]] = {pk: set() for pk in ids}
    labels: dict[int, list[NamedRef]] = {pk: [] for pk in ids}
    if ids:
        offers = (
            Offer.objects.filter(actor_id__in=ids, is_active=True)
            .order_by("category__position", "id")
            .values_list(
                "actor_id",
                "category__slug",
                "category__name_nl",
                "category__name_fr",
                "category__name_en",
            )
        )
        for actor_id, slug, *names in offers:
            if slug not in products[actor_id]:
                products[actor_id][slug] = NamedRef(slug, *names)
        points = SalesPoint.objects.active().filter(actor_id__in=ids).order_by()
        for actor_id, channel in points.values_list("actor_id", "channel").distinct():
            channels[actor_id].add(channel)
        links = (
            ActorLabel.objects.filter(actor_id__in=ids)
            .order_by("pk")
            .values_list(
                "actor_id",
                "label__slug",
                "label__name_nl",
                "label__name_fr",
                "label__name_en",
                "certifier",
            )
        )
        for actor_id, *values in links:
            labels[actor_id].append(NamedRef(*values))
    for actor in actors:
        actor.row_products = list(products[actor.pk].values())
        actor.row_channels = channels[actor.pk]
        actor.row_labels = labels[actor.pk]
    return actors


def actor_detail_visible_to(user) -> QuerySet:
    """Actors for their own page: everything the page shows, prefetched."""
    queryset = actor_visibility_filter(Actor.objects.all(), user)
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


# --- Rows that belong to an actor: sales points, offers, needs -------------------------------


def actor_rows_visibility_filter(queryset: QuerySet, user) -> QuerySet:
    """Active rows of listed actors for everyone; every row of one's own actors; all for staff.

    Managers see their inactive rows too, or they could not switch them back on. An `Exists`
    rather than a join on managers, so a row is never repeated once per manager.
    """
    if user is not None and user.is_authenticated:
        if user.is_staff:
            return queryset
        manages = Exists(ActorManager.objects.filter(actor=OuterRef("actor"), user=user))
        return queryset.filter(Q(actor__is_public=True, is_active=True) | manages)
    return queryset.filter(actor__is_public=True, is_active=True)


def sales_point_list_visible_to(user, *, today: datetime.date | None = None) -> QuerySet:
    """Sales points with their weekly hours and coming exceptions, in a constant query count."""
    today = today or timezone.localdate()
    queryset = actor_rows_visibility_filter(SalesPoint.objects.all(), user)
    return (
        queryset.select_related("actor", "municipality")
        .prefetch_related(
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens")),
            Prefetch(
                "opening_exceptions",
                queryset=OpeningException.objects.filter(date__gte=today).order_by("date"),
            ),
        )
        .order_by("actor__name", "channel", "name", "pk")
    )


def offer_list_visible_to(user) -> QuerySet:
    queryset = actor_rows_visibility_filter(Offer.objects.all(), user)
    return queryset.select_related("actor", "category", "category__parent").order_by(
        "actor__name", "category__position", "pk"
    )


def need_list_visible_to(user) -> QuerySet:
    queryset = actor_rows_visibility_filter(Need.objects.all(), user)
    return queryset.select_related("actor", "category").order_by("actor__name", "pk")


# --- Reference data ---------------------------------------------------------------------------


def product_category_list() -> QuerySet:
    """Every category with its parent and children slugs, in tree order (each top level, then
    its children), so a client can read the two-level taxonomy from one flat list."""
    return (
        ProductCategory.objects.select_related("parent")
        .prefetch_related(
            Prefetch(
                "children",
                queryset=ProductCategory.objects.only("id", "slug", "parent_id").order_by(
                    "position", "name_nl"
                ),
            )
        )
        .annotate(
            root_position=Coalesce("parent__position", "position"),
            root_name=Coalesce("parent__name_nl", "name_nl"),
        )
        .order_by(
            "root_position",
            "root_name",
            F("parent").asc(nulls_first=True),
            "position",
            "name_nl",
            "pk",
        )
    )


def label_list() -> QuerySet:
    return Label.objects.order_by("name_nl", "pk")
