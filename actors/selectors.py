"""Reads of the actors app: who may see which actor, and list-ready querysets.

The directory page and /api/v1/actors/ both start from `actor_list_visible_to`, so what is
visible and what is prefetched cannot drift apart between the two doors.
"""

import dataclasses
import datetime

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

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
from network.models import LocalizedNameMixin, Municipality, Region, localized_name


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


@dataclasses.dataclass(frozen=True)
class NamedRef(LocalizedNameMixin):
    """A product category or label as a row shows it: its slug and names in each language."""

    slug: str
    name_nl: str
    name_fr: str
    name_en: str
    certifier: str = ""


def offered_categories(actor_ids: list[int]) -> dict[int, list[NamedRef]]:
    """Each actor's distinct categories of active offers, in category order: one query."""
    found: dict[int, dict[str, NamedRef]] = {pk: {} for pk in actor_ids}
    if actor_ids:
        offers = (
            Offer.objects.filter(actor_id__in=actor_ids, is_active=True)
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
            found[actor_id].setdefault(slug, NamedRef(slug, *names))
    return {pk: list(refs.values()) for pk, refs in found.items()}


def attach_row_details(actors: list[Actor]) -> list[Actor]:
    """Set `row_products`, `row_channels` and `row_labels` on each actor, in three queries.

    The same as a row reads from `actor_detail_visible_to`'s prefetch: the distinct categories
    of the active offers (in category order), the channels of the active sales points, and
    the labels with their certifier.
    """
    ids = [actor.pk for actor in actors]
    products = offered_categories(ids)
    channels: dict[int, set[str]] = {pk: set() for pk in ids}
    labels: dict[int, list[NamedRef]] = {pk: [] for pk in ids}
    if ids:
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
        actor.row_products = products[actor.pk]
        actor.row_channels = channels[actor.pk]
        actor.row_labels = labels[actor.pk]
    return actors


# --- The directory's facets: (value, label) pairs read as plain values ----------------------
# Not model instances: the municipality select alone has ~300 options on every full page.


def _named_rows(queryset, *fields):
    """(row as dict, name in the active language) for each row, with only these columns."""
    present = {field.name for field in queryset.model._meta.get_fields()}
    columns = [c for c in ("name_nl", "name_fr", "name_en") if c in present]
    for row in queryset.values(*fields, *columns):
        yield row, localized_name(row)


def facet_municipality_choices() -> list[tuple[str, str]]:
    """(NIS code, name) of every municipality, by Dutch name as the model orders them."""
    rows = _named_rows(Municipality.objects.order_by("name_nl"), "nis_code")
    return [(row["nis_code"], name) for row, name in rows]


def facet_label_choices() -> list[tuple[str, str]]:
    return [(row["slug"], name) for row, name in _named_rows(Label.objects.all(), "slug")]


def facet_region_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Regions grouped by kind (provinces, regions, …): (kind's name, [(slug, name), …])."""
    groups: dict[str, list[tuple[str, str]]] = {}
    rows = _named_rows(Region.objects.order_by("kind", "name_nl"), "kind", "slug")
    for row, name in rows:
        groups.setdefault(row["kind"], []).append((row["slug"], name))
    kinds = dict(Region.Kind.choices)
    return [(capfirst(kinds.get(kind, kind)), choices) for kind, choices in groups.items()]


def facet_category_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Top-level categories as groups: "Vegetables: all" first, then their children.

    One query for both levels, in the order of `product_category_tree` (each level by
    position, then Dutch name).
    """
    parents, children = [], {}
    rows = _named_rows(
        ProductCategory.objects.order_by("position", "name_nl"), "id", "parent_id", "slug"
    )
    for row, name in rows:
        if row["parent_id"] is None:
            parents.append((row, name))
        else:
            children.setdefault(row["parent_id"], []).append((row["slug"], name))
    return [
        (
            name,
            [(row["slug"], _("%(name)s: all") % {"name": name}), *children.get(row["id"], [])],
        )
        for row, name in parents
    ]


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
