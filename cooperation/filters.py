"""CooperationFilterSet: THE cooperation filter, used by the list page and the API.

`/nl/samenwerkingen/?form=joint-processing&near=51.05,3.72&radius_km=20` and
`/api/v1/cooperations/?form=joint-processing&near=51.05,3.72&radius_km=20` mean the same and
are validated the same way: a bad value is a field error (a 400 in the API), never a 500.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from actors.models import Offer, ProductCategory
from cooperation.choices import CooperationStatus, MembershipStatus
from cooperation.models import Cooperation, CooperationForm, Membership
from network.filters import NearFilterForm, NearFilterSet
from network.models import Municipality, Region


class CooperationFilterSet(NearFilterSet):
    """Facets of the list of cooperations: form, status, place, openness, product."""

    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), max_length=100, help_text=_("Name or description.")
    )
    form = django_filters.ModelChoiceFilter(
        queryset=CooperationForm.objects.all(),
        to_field_name="slug",
        field_name="form",
        label=_("Form of cooperation"),
        help_text=_("The slug of a form, e.g. joint-processing."),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=CooperationStatus.choices, label=_("Status")
    )
    municipality = django_filters.ModelChoiceFilter(
        queryset=Municipality.objects.all(),
        to_field_name="nis_code",
        method="filter_municipality",
        label=_("Municipality"),
        help_text=_("NIS code of the municipality, e.g. 44021 for Gent."),
    )
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        label=_("Region"),
    )
    accepts_members = django_filters.BooleanFilter(
        field_name="accepts_new_members",
        label=_("Takes new members"),
        widget=forms.NullBooleanSelect,
    )
    product = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        method="filter_product",
        label=_("Product"),
        help_text=_("Cooperations with an active member offering this product category."),
    )

    default_radius_km = 25

    class Meta:
        model = Cooperation
        fields = ["form", "status", "accepts_members"]
        form = NearFilterForm

    def filter_q(self, queryset, name, value):
        for word in value.split()[:8]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return queryset

    @extend_schema_field(OpenApiTypes.STR)
    def filter_municipality(self, queryset, name, municipality):
        return queryset.filter(
            Exists(
                Cooperation.municipalities.through.objects.filter(
                    cooperation_id=OuterRef("pk"), municipality=municipality
                )
            )
        )

    @extend_schema_field(OpenApiTypes.STR)
    def filter_region(self, queryset, name, region):
        municipalities = Municipality.objects.filter(Q(regions=region) | Q(province=region))
        return queryset.filter(
            Exists(
                Cooperation.municipalities.through.objects.filter(
                    cooperation_id=OuterRef("pk"), municipality__in=municipalities
                )
            )
        )

    @extend_schema_field(OpenApiTypes.STR)
    def filter_product(self, queryset, name, category):
        offering = Offer.objects.filter(is_active=True).filter(
            Q(category=category) | Q(category__parent=category)
        )
        members = Membership.objects.filter(
            cooperation_id=OuterRef("pk"),
            status=MembershipStatus.ACTIVE,
            actor__in=offering.values("actor_id"),
        )
        return queryset.filter(Exists(members))

    def filter_queryset(self, queryset):
        queryset, near = self.apply_near(self.apply_filters(queryset))
        if near:
            return queryset.order_by("distance_km", "name", "pk")
        return queryset.order_by("name", "pk")
