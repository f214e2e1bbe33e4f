"""ActorFilterSet: THE directory filter, used by the directory page and by /api/v1/actors/.

`/nl/producenten/?product=aardappelen&near=51.05,3.72&radius_km=10` and
`/api/v1/actors/?product=aardappelen&near=51.05,3.72&radius_km=10` mean the same thing and
are validated the same way: a bad value is a field error (a 400 in the API), never a 500.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from actors.choices import ActorKind, Channel, Weekday
from actors.models import Actor, ActorLabel, Label, Offer, ProductCategory, SalesPoint
from network.filters import NearFilterForm, NearFilterSet
from network.models import Municipality, Region

DEFAULT_RADIUS_KM = 15  # the directory's default; NearFilterSet.default_radius_km
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class ActorFilterForm(NearFilterForm):
    """The directory's place: `near` (a point), or `place` (a municipality or postcode).

    Either becomes `cleaned_data["point"]`; a radius or distance sorting without a place is an
    error, not silently ignored.
    """

    radius_without_place_message = _("A radius needs a place: give near or place.")

    def has_place(self, cleaned: dict) -> bool:
        return bool(cleaned.get("near") or cleaned.get("place"))

    def resolve_point(self, cleaned: dict) -> tuple[float, float] | None:
        if cleaned.get("near") or not cleaned.get("place"):
            return super().resolve_point(cleaned)
        municipality = municipality_for_place(cleaned["place"].strip())
        if municipality is None:
            self.add_error(
                "place",
                _("No municipality or postcode %(place)s is known.") % {"place": cleaned["place"]},
            )
            return None
        return municipality.latitude, municipality.longitude

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ordering") == "distance" and not self.has_place(cleaned):
            self.add_error("ordering", _("Sorting by distance needs a place: give near or place."))
        return cleaned


class ActorFilterSet(NearFilterSet):
    """Search and facets of the directory of local food."""

    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        max_length=100,
        help_text=_("Name, description or product, e.g. potatoes."),
    )
    kind = django_filters.MultipleChoiceFilter(choices=ActorKind.choices, label=_("Kind"))
    product = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        method="filter_product",
        label=_("Product"),
        help_text=_("A product category; includes its sub-categories."),
    )
    channel = django_filters.ChoiceFilter(
        choices=Channel.choices, method="filter_channel", label=_("Where to buy")
    )
    label = django_filters.ModelChoiceFilter(
        queryset=Label.objects.all(), to_field_name="slug", method="filter_label", label=_("Label")
    )
    open_now = django_filters.BooleanFilter(
        method="filter_open_now", label=_("Open now"), widget=forms.CheckboxInput
    )
    open_on = django_filters.ChoiceFilter(
        choices=list(zip(WEEKDAY_NAMES, Weekday.labels, strict=True)),
        method="filter_open_on",
        label=_("Open on"),
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(),
        to_field_name="nis_code",
        field_name="municipality",
        label=_("Municipality"),
        help_text=_("NIS code of the municipality, e.g. 44021 for Gent."),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        label=_("Region"),
    )
    place = django_filters.CharFilter(
        method="filter_noop",
        label=_("Near a municipality or postcode"),
        max_length=60,
        help_text=_("A municipality's NIS code or name, or a postcode."),
    )
    ordering = django_filters.ChoiceFilter(
        choices=[
            ("distance", _("distance")),
            ("name", _("name")),
            ("-updated", _("recently updated")),
        ],
        method="filter_noop",
        label=_("Sort by"),
        empty_label=None,
    )

    default_radius_km = DEFAULT_RADIUS_KM

    class Meta:
        model = Actor
        fields = ["kind", "municipality"]
        form = ActorFilterForm

    # --- the filters ------------------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        words = value.split()
        for word in words[:8]:
            product_match = Offer.objects.filter(actor=OuterRef("pk"), is_active=True).filter(
                Q(category__name_nl__icontains=word)
                | Q(category__name_fr__icontains=word)
                | Q(category__name_en__icontains=word)
                | Q(category__parent__name_nl__icontains=word)
                | Q(category__parent__name_fr__icontains=word)
                | Q(category__parent__name_en__icontains=word)
                | Q(description__icontains=word)
            )
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(description__icontains=word) | Exists(product_match)
            )
        return queryset

    # The OpenAPI schema cannot infer a slug lookup behind a filter method: a slug is a string.
    @extend_schema_field(OpenApiTypes.STR)
    def filter_product(self, queryset, name, category):
        # The category and its children as a subquery on the small category table, so the
        # offers are probed on their (category, actor) index; an OR across the join to the
        # category made PostgreSQL scan all offers (600 ms at 200,000 offers).
        categories = ProductCategory.objects.filter(Q(pk=category.pk) | Q(parent=category))
        offers = Offer.objects.filter(
            actor=OuterRef("pk"), is_active=True, category__in=categories.values("pk")
        )
        return queryset.filter(Exists(offers))

    def filter_channel(self, queryset, name, value):
        points = SalesPoint.objects.active().filter(actor=OuterRef("pk"), channel=value)
        return queryset.filter(Exists(points))

    @extend_schema_field(OpenApiTypes.STR)
    def filter_label(self, queryset, name, label):
        return queryset.filter(Exists(ActorLabel.objects.filter(actor=OuterRef("pk"), label=label)))

    def filter_open_now(self, queryset, name, value):
        if not value:
            return queryset
        points = SalesPoint.objects.open_at(timezone.now()).filter(actor=OuterRef("pk"))
        return queryset.filter(Exists(points))

    def filter_open_on(self, queryset, name, value):
        points = SalesPoint.objects.open_on(WEEKDAY_NAMES.index(value)).filter(actor=OuterRef("pk"))
        return queryset.filter(Exists(points))

    @extend_schema_field(OpenApiTypes.STR)
    def filter_region(self, queryset, name, region):
        # A subquery, not a join through the regions table: a join would repeat an actor per
        # matching region and force a DISTINCT over every column of the directory query.
        municipalities = Municipality.objects.filter(Q(regions=region) | Q(province=region))
        return queryset.filter(municipality__in=municipalities.values("pk"))

    # --- place, distance and ordering -------------------------------------------------------

    def filter_queryset(self, queryset):
        queryset, near = self.apply_near(self.apply_filters(queryset))
        ordering = self.form.cleaned_data.get("ordering") or ""
        if near and ordering in ("", "distance"):
            return queryset.order_by("distance_km", "name", "pk")
        if ordering == "-updated":
            return queryset.order_by("-updated", "pk")
        return queryset.order_by("name", "pk")


def municipality_for_place(place: str) -> Municipality | None:
    """A municipality from what a person types: a NIS code, a postcode or a name."""
    if place.isdigit() and len(place) == 5:
        return Municipality.objects.filter(nis_code=place).first()
    if place.isdigit() and len(place) == 4:
        return Municipality.objects.filter(postcodes__contains=place).first()
    return Municipality.objects.filter(Q(name_nl__iexact=place) | Q(name_fr__iexact=place)).first()
