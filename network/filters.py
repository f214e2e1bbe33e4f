"""The filters of the geography, one FilterSet per model for pages and API alike.

`/api/v1/municipalities/?province=oost-vlaanderen&region=meetjesland&q=eek` — an unknown
province or region slug is a field error (400), not an empty list that hides a typo.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.geo import MAX_RADIUS_KM
from network.models import Municipality, Region


def parse_point(value: str) -> tuple[float, float]:
    """'51.05,3.72' → (51.05, 3.72), or a ValidationError saying what is wrong."""
    try:
        lat_text, lon_text = value.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except (AttributeError, ValueError):
        raise ValidationError(
            _("Give a place as latitude,longitude, e.g. 51.05,3.72."), code="near_format"
        ) from None
    if lat != lat or lon != lon:  # NaN
        raise ValidationError(_("Latitude and longitude must be numbers."), code="near_nan")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValidationError(
            _("Latitude must lie between -90 and 90 and longitude between -180 and 180."),
            code="near_range",
        )
    return lat, lon


class NearFilterForm(forms.Form):
    """The form behind a NearFilterSet: the place becomes `cleaned_data["point"]`.

    A radius without a place is an error rather than silently ignored. Subclasses that accept
    more ways to name a place (a municipality, a postcode) override `resolve_point`.
    """

    radius_without_place_message = _("A radius needs a place: give near.")

    def has_place(self, cleaned: dict) -> bool:
        return bool(cleaned.get("near"))

    def resolve_point(self, cleaned: dict) -> tuple[float, float] | None:
        if not cleaned.get("near"):
            return None
        try:
            return parse_point(cleaned["near"])
        except ValidationError as error:
            self.add_error("near", error)
            return None

    def clean(self):
        cleaned = super().clean()
        point = self.resolve_point(cleaned)
        if cleaned.get("radius_km") is not None and not self.has_place(cleaned):
            self.add_error("radius_km", self.radius_without_place_message)
        cleaned["point"] = point
        return cleaned


class NearFilterSet(django_filters.FilterSet):
    """Base of the FilterSets that answer "within R km of a point" (actors, cooperations).

    `near` and `radius_km` act together, after the other filters, in `filter_queryset`:
    the queryset must offer `.near(lat, lon, km)` (network.geo.GeoQuerySet), which annotates
    `distance_km`. Subclasses sort and set `default_radius_km`.
    """

    default_radius_km = 15

    near = django_filters.CharFilter(
        method="filter_noop",
        label=_("Near (latitude,longitude)"),
        max_length=60,
        help_text=_("A point as latitude,longitude; combine with radius_km."),
    )
    radius_km = django_filters.NumberFilter(
        method="filter_noop",
        label=_("Within (km)"),
        min_value=0.1,
        max_value=MAX_RADIUS_KM,
        help_text=_("Distance from the place in km, 0.1 to 500."),
    )

    def filter_noop(self, queryset, name, value):
        return queryset  # the place, radius and ordering act together in filter_queryset

    def apply_filters(self, queryset):
        """django-filter's loop, skipping `point`: the form derives it, it is no filter."""
        for name, value in self.form.cleaned_data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def apply_near(self, queryset):
        """(queryset within the radius annotated with distance_km, True) when a place is given."""
        point = self.form.cleaned_data.get("point")
        if point is None:
            return queryset, False
        radius = self.form.cleaned_data.get("radius_km") or self.default_radius_km
        return queryset.near(point[0], point[1], float(radius)), True


class MunicipalityFilterSet(django_filters.FilterSet):
    """Find municipalities by (part of) a Dutch or French name or NIS code, province, region."""

    q = django_filters.CharFilter(
        method="filter_q",
        label=_("Search"),
        help_text=_("Part of the Dutch or French name, or the start of the NIS code."),
    )
    province = django_filters.ModelChoiceFilter(
        field_name="province",
        to_field_name="slug",
        queryset=Region.objects.filter(kind=Region.Kind.PROVINCE),
        label=_("Province"),
        help_text=_("Province slug, e.g. oost-vlaanderen."),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="regions",
        to_field_name="slug",
        queryset=Region.objects.exclude(kind=Region.Kind.PROVINCE),
        label=_("Region"),
        help_text=_("Region slug, e.g. meetjesland."),
    )

    class Meta:
        model = Municipality
        fields = ["q", "province", "region"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name_nl__icontains=value)
            | Q(name_fr__icontains=value)
            | Q(nis_code__startswith=value)
        )


class RegionFilterSet(django_filters.FilterSet):
    """Regions by kind: the provinces, the streken, or intermunicipal partnerships."""

    kind = django_filters.ChoiceFilter(choices=Region.Kind.choices, label=_("Kind"))

    class Meta:
        model = Region
        fields = ["kind"]
