"""The filter of support actions, used by the action list page and the API alike.

`/en/municipal-support/actions/?municipality=44021&type=connection_meeting` and
`/api/v1/support-actions/?municipality=44021&type=connection_meeting` mean the same. An unknown
NIS code, type or goal is a field error (400), not an empty list that hides a typo.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from municipality.choices import FundingSource, SupportActionStatus, SupportActionType
from municipality.models import FoodStrategyGoal, SupportAction
from network.models import Municipality, Region
from network.widgets import FastSelect


class SupportActionFilterSet(django_filters.FilterSet):
    """Support actions by municipality (NIS), region, type, status, goal, funding, dates, text.

    The selects of long lists render with `FastSelect` (Django's per-option templates cost
    more than the rest of the page with ~300 municipalities).
    """

    q = django_filters.CharFilter(
        method="filter_q", label=_("Search"), help_text=_("Part of the title or description.")
    )
    municipality = django_filters.ModelChoiceFilter(
        field_name="municipality",
        to_field_name="nis_code",
        queryset=Municipality.objects.all(),
        widget=FastSelect,
        label=_("Municipality"),
        help_text=_("NIS code of the municipality, e.g. 44021 for Gent."),
    )
    region = django_filters.ModelChoiceFilter(
        field_name="municipality__regions",
        to_field_name="slug",
        queryset=Region.objects.exclude(kind=Region.Kind.PROVINCE),
        widget=FastSelect,
        label=_("Region"),
        help_text=_("Region slug, e.g. meetjesland."),
    )
    type = django_filters.ChoiceFilter(
        field_name="action_type", choices=SupportActionType.choices, label=_("Type")
    )
    status = django_filters.ChoiceFilter(choices=SupportActionStatus.choices, label=_("Status"))
    goal = django_filters.ModelChoiceFilter(
        field_name="goals",
        queryset=FoodStrategyGoal.objects.all(),
        widget=FastSelect,
        label=_("Food-strategy goal"),
        help_text=_("Id of a food-strategy goal."),
    )
    funding = django_filters.ChoiceFilter(
        field_name="funding_source", choices=FundingSource.choices, label=_("Funding source")
    )
    date_from = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="gte",
        label=_("From"),
        help_text=_("Actions that start on or after this date (YYYY-MM-DD)."),
    )
    date_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label=_("Until"),
        help_text=_("Actions that start on or before this date (YYYY-MM-DD)."),
    )

    class Meta:
        model = SupportAction
        fields = ["q", "municipality", "region", "type", "status", "goal", "funding"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))
