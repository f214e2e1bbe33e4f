"""Filters of the rows that belong to an actor: sales points, offers and needs.

The actor directory itself is filtered by `actors.filters.ActorFilterSet`, shared with the
page. These serve the API only (no page lists them yet); move them to `actors/filters.py`
when a page does.

`actor` accepts only the slugs of actors the requester may see, so an unlisted actor's slug
answers exactly as an unknown one (400), and its existence cannot be probed.
"""

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actors.choices import MONTH_NAMES, Audience, Channel, NeedKind, ServiceKind
from actors.models import Actor, Need, Offer, ProductCategory, SalesPoint
from actors.selectors import actor_visibility_filter


def visible_actors(request):
    return actor_visibility_filter(Actor.objects.all(), getattr(request, "user", None))


class ActorRowFilterSet(django_filters.FilterSet):
    actor = django_filters.ModelChoiceFilter(
        queryset=visible_actors,
        to_field_name="slug",
        label=_("Actor"),
        help_text=_("Slug of the actor."),
    )


class CategoryFilterMixin(django_filters.FilterSet):
    category = django_filters.ModelChoiceFilter(
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        method="filter_category",
        label=_("Product"),
        help_text=_("Slug of a product category; includes its sub-categories."),
    )

    def filter_category(self, queryset, name, category):
        return queryset.filter(Q(category=category) | Q(category__parent=category))


class SalesPointFilterSet(ActorRowFilterSet):
    channel = django_filters.MultipleChoiceFilter(choices=Channel.choices, label=_("Channel"))

    class Meta:
        model = SalesPoint
        fields = ["actor", "channel"]


AUDIENCE_FIELDS = {
    Audience.CITIZENS: "for_citizens",
    Audience.SHOPS: "for_shops",
    Audience.KITCHENS: "for_kitchens",
    Audience.PROCESSORS: "for_processors",
}


class OfferFilterSet(CategoryFilterMixin, ActorRowFilterSet):
    audience = django_filters.ChoiceFilter(
        choices=Audience.choices,
        method="filter_audience",
        label=_("For"),
        help_text=_("Offers meant for this kind of buyer."),
    )
    month = django_filters.ChoiceFilter(
        choices=[(str(number), name) for number, name in enumerate(MONTH_NAMES, start=1)],
        method="filter_month",
        label=_("In season in month"),
        help_text=_("1 (January) to 12 (December)."),
    )

    class Meta:
        model = Offer
        fields = ["actor", "category", "audience", "month"]

    def filter_audience(self, queryset, name, value):
        return queryset.filter(**{AUDIENCE_FIELDS[value]: True})

    def filter_month(self, queryset, name, value):
        bit = 1 << (int(value) - 1)
        # The season is a 12-bit mask (bit m-1 = month m): a bitwise AND in SQL.
        return queryset.alias(in_month=F("season_months").bitand(bit)).filter(in_month=bit)


class NeedFilterSet(CategoryFilterMixin, ActorRowFilterSet):
    kind = django_filters.ChoiceFilter(choices=NeedKind.choices, label=_("Kind"))
    service = django_filters.ChoiceFilter(choices=ServiceKind.choices, label=_("Service"))

    class Meta:
        model = Need
        fields = ["actor", "category", "kind", "service"]
