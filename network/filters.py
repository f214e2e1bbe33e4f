"""The filters of the geography, one FilterSet per model for pages and API alike.

`/api/v1/municipalities/?province=oost-vlaanderen&region=meetjesland&q=eek` — an unknown
province or region slug is a field error (400), not an empty list that hides a typo.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from network.models import Municipality, Region


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
