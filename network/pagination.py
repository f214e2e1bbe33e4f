"""Pagination shared by every list endpoint of the API."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count, QuerySet, Window
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of 20 by default; clients may ask for up to 100 with `page_size`.

    A malformed `page` or `page_size` (`abc`, `0`, `-1`) is a 400 that names the parameter,
    where DRF would answer 404 "Invalid page." or silently use the default size: a client
    with a bug should hear about it. A page past the last one stays a 404 (it is well formed,
    there is just nothing there). A `page_size` above 100 is capped, as documented.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings:
            _positive_int_or_400(self.page_query_param, raw)
        return super().get_page_number(request, paginator)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            _positive_int_or_400(self.page_size_query_param, raw)
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1})
                parameter["description"] = str(
                    _("Number of results per page, 1 or more; more than %(max)d gives %(max)d.")
                    % {"max": self.max_page_size}
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters


TOTAL_ANNOTATION = "pagination_total"


class WindowCountPaginator(Paginator):
    """Counts the rows with `COUNT(*) OVER ()` in the page's own query instead of a COUNT query.

    A filtered, distance-sorted list evaluates its filters (EXISTS on offers and sales points,
    the haversine distance) once for the page and once more for the count; the window gives
    the total from the same pass. Only for plain model querysets without DISTINCT or UNION
    (where the window would count something else); otherwise, when `count` is already known
    or asked first (`page=last`), or past the last page, the usual COUNT query answers.
    """

    def page(self, number):
        queryset = self.object_list
        if (
            "count" in self.__dict__
            or self.orphans
            or not isinstance(queryset, QuerySet)
            or queryset._iterable_class is not ModelIterable
            or queryset.query.distinct
            or queryset.query.combinator
        ):
            return super().page(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            return super().page(number)
        if number < 1:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(
            queryset.annotate(**{TOTAL_ANNOTATION: Window(Count("*"))})[
                bottom : bottom + self.per_page
            ]
        )
        if rows:
            self.__dict__["count"] = getattr(rows[0], TOTAL_ANNOTATION)
        elif number == 1:
            self.__dict__["count"] = 0
        else:
            self.validate_number(number)  # past the end: counts, raises EmptyPage
        return self._get_page(rows, number, self)

    def get_page(self, number):
        """`Paginator.get_page` (the first page for a bad number, the last one past the end)
        without its COUNT query first: the page's own query counts."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)


class WindowCountPagination(PageNumberPagination):
    """`PageNumberPagination` (same parameters, same schema) counting with a window."""

    django_paginator_class = WindowCountPaginator


def _positive_int_or_400(name: str, raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        value = 0
    if value < 1 or len(raw) > 10:
        raise ValidationError({name: [_("Give a whole number of 1 or more.")]})
    return value
