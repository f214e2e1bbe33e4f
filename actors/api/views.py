"""The actors endpoints: the directory, its reference data, and what actors sell, offer and need.

Every queryset starts from a selector, so an unlisted actor and everything that belongs to it
stay invisible to others in lists, details (404), filters and counts. Every write goes
through a service; its Django ValidationError becomes a 400 with field messages
(network.api.exceptions) and its PermissionDenied a 403.

Writes on a row that belongs to an actor (a sales point, offer or need) name the actor by
slug. An actor the requester cannot see is unknown (400 on `actor`); a listed actor they do
not manage is refused (403) — the same answers as for changing an existing row.
"""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from actors import services
from actors.api.filters import NeedFilterSet, OfferFilterSet, SalesPointFilterSet
from actors.api.geojson import GEOJSON_MAX_FEATURES, GeoJSONRenderer, actor_feature_collection
from actors.api.serializers import (
    ActorDetailSerializer,
    ActorFeatureCollectionSerializer,
    ActorSerializer,
    ActorWriteSerializer,
    LabelSerializer,
    NeedSerializer,
    NeedWriteSerializer,
    OfferSerializer,
    OfferWriteSerializer,
    OpeningExceptionSerializer,
    ProductCategorySerializer,
    SalesPointSerializer,
    SalesPointWriteSerializer,
)
from actors.filters import ActorFilterSet
from actors.permissions import CanChangeActor
from actors.selectors import (
    actor_detail_visible_to,
    actor_list_visible_to,
    actor_open_data_list,
    attach_row_details,
    label_list,
    need_list_visible_to,
    offer_list_visible_to,
    product_category_list,
    sales_point_list_visible_to,
)
from network.api.exceptions import as_api_error
from network.pagination import WindowCountPagination
from network.response_cache import DIRECTORY, cache_public_response

FORBIDDEN = OpenApiResponse(description="Not a manager of this actor (or not staff).")
INVALID = OpenApiResponse(description="Invalid input: field-level messages.")
WRITE_RESPONSES = {400: INVALID, 401: OpenApiResponse(description="Not signed in."), 403: FORBIDDEN}


class ServiceWriteViewSet(viewsets.ModelViewSet):
    """A ModelViewSet whose writes parse with `write_serializer_class`, call a service, and
    answer with `serializer_class` read back through the selector (so the answer shows what
    a GET would)."""

    permission_classes = [IsAuthenticatedOrReadOnly, CanChangeActor]
    write_serializer_class = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def read_back(self, instance):
        instance = self.get_queryset().get(pk=instance.pk)
        return self.serializer_class(instance, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_service_save(None, dict(serializer.validated_data))
        return Response(self.read_back(instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = self.perform_service_save(instance, dict(serializer.validated_data))
        return Response(self.read_back(instance))

    def perform_service_save(self, instance, data):
        raise NotImplementedError

    def perform_destroy(self, instance):
        raise NotImplementedError


# --- Actors -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The directory: actors, filtered, searched and sorted",
        description=(
            "The same filters as the directory page. With `near` (latitude,longitude) or "
            "`place` (NIS code, postcode or municipality name) only actors within `radius_km` "
            "(15 km by default) are listed, nearest first, each with `distance_km`.\n\n"
            "With `?format=geojson` or `Accept: application/geo+json` the answer is a GeoJSON "
            "FeatureCollection of the listed actors that consented to open data, unpaginated "
            f"and capped at {GEOJSON_MAX_FEATURES} features (`numberMatched` tells how many "
            "matched)."
        ),
        responses={
            (200, "application/json"): ActorSerializer(many=True),
            (200, "application/geo+json"): OpenApiResponse(
                response=ActorFeatureCollectionSerializer,
                description="Open-data actors as GeoJSON (RFC 7946).",
            ),
            400: INVALID,
        },
    ),
    retrieve=extend_schema(
        summary="One actor with its sales points, offers and needs",
        responses={200: ActorDetailSerializer, 404: OpenApiResponse(description="Not found.")},
    ),
    create=extend_schema(
        summary="Register an actor; you become its owner",
        request=ActorWriteSerializer,
        responses={201: ActorDetailSerializer, **WRITE_RESPONSES},
    ),
    update=extend_schema(
        summary="Change an actor (its owners, editors and staff)",
        request=ActorWriteSerializer,
        responses={200: ActorDetailSerializer, **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change some fields of an actor (its owners, editors and staff)",
        request=ActorWriteSerializer,
        responses={200: ActorDetailSerializer, **WRITE_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete an actor (its owners and staff)",
        responses={204: None, 401: WRITE_RESPONSES[401], 403: FORBIDDEN},
    ),
)
class ActorViewSet(ServiceWriteViewSet):
    """Actors of the food network: farms, processors, shops, kitchens, initiatives."""

    lookup_field = "slug"
    serializer_class = ActorSerializer
    write_serializer_class = ActorWriteSerializer
    filterset_class = ActorFilterSet
    # The directory list counts in its page query (network.pagination): one query less.
    pagination_class = WindowCountPagination

    def get_queryset(self):
        if self.action == "list":
            if self.is_geojson():
                return actor_open_data_list()
            return actor_list_visible_to(self.request.user)
        return actor_detail_visible_to(self.request.user)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            attach_row_details(page)
        return page

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ActorDetailSerializer
        return super().get_serializer_class()

    def read_back(self, instance):
        instance = self.get_queryset().get(pk=instance.pk)
        return ActorDetailSerializer(instance, context=self.get_serializer_context()).data

    # GeoJSON is a representation of the list only.

    def get_renderers(self):
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers.append(GeoJSONRenderer())
        return renderers

    def is_geojson(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, GeoJSONRenderer)

    def handle_exception(self, exc):
        # An error is plain JSON even when GeoJSON was asked for: it is no FeatureCollection.
        if self.is_geojson():
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @cache_public_response(DIRECTORY, uncacheable_params=("open_now",))
    def list(self, request, *args, **kwargs):
        if self.is_geojson():
            queryset = self.filter_queryset(self.get_queryset())
            return Response(actor_feature_collection(queryset, request=request))
        return super().list(request, *args, **kwargs)

    # Writes, through the services.

    def perform_service_save(self, instance, data):
        labels = data.pop("labels", None)
        if labels is not None:
            # A PATCH applies no field defaults, nested ones included: certifier may be absent.
            data["labels"] = [(item["label"], item.get("certifier", "")) for item in labels]
        if instance is None:
            return services.actor_create(user=self.request.user, **data)
        return services.actor_update(user=self.request.user, actor=instance, **data)

    def perform_destroy(self, instance):
        services.actor_delete(user=self.request.user, actor=instance)


# --- Reference data ---------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="The product taxonomy, top levels each followed by their sub-categories",
        description="Unpaginated: the taxonomy is small. Read the tree from `parent`/`children`.",
    ),
    retrieve=extend_schema(summary="One product category"),
)
class ProductCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Product categories (vegetables → potatoes) used by offers, needs and the directory."""

    serializer_class = ProductCategorySerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return product_category_list()


@extend_schema_view(
    list=extend_schema(summary="Labels and certifications an actor can carry (unpaginated)"),
    retrieve=extend_schema(summary="One label"),
)
class LabelViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LabelSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return label_list()


# --- Sales points, offers, needs --------------------------------------------------------------


def row_write_schemas(name: str, read, write):
    return extend_schema_view(
        list=extend_schema(summary=f"{name} of the actors you may see"),
        retrieve=extend_schema(summary=f"One {name.lower()[:-1]}"),
        create=extend_schema(
            summary=f"Add a {name.lower()[:-1]} to an actor you manage",
            request=write,
            responses={201: read, **WRITE_RESPONSES},
        ),
        update=extend_schema(request=write, responses={200: read, **WRITE_RESPONSES}),
        partial_update=extend_schema(request=write, responses={200: read, **WRITE_RESPONSES}),
        destroy=extend_schema(
            responses={204: None, 401: WRITE_RESPONSES[401], 403: FORBIDDEN},
        ),
    )


@row_write_schemas("Sales points", SalesPointSerializer, SalesPointWriteSerializer)
class SalesPointViewSet(ServiceWriteViewSet):
    """Where and when to buy from an actor: farm shops, market stalls, vending machines…"""

    serializer_class = SalesPointSerializer
    write_serializer_class = SalesPointWriteSerializer
    filterset_class = SalesPointFilterSet

    def get_queryset(self):
        return sales_point_list_visible_to(self.request.user)

    def perform_service_save(self, instance, data):
        actor = data.pop("actor", None) or instance.actor
        hours = data.pop("opening_hours", None)
        periods = None if hours is None else [services.Period(**period) for period in hours]
        try:
            return services.sales_point_save(
                user=self.request.user, actor=actor, sales_point=instance, hours=periods, **data
            )
        except DjangoValidationError as error:
            # The sales point's own fields come as a dict; the periods, checked together, not.
            if hasattr(error, "error_dict"):
                raise as_api_error(error) from None
            raise as_api_error(error, field="opening_hours") from None

    def perform_destroy(self, instance):
        services.sales_point_delete(user=self.request.user, sales_point=instance)

    @extend_schema(
        summary="Record a closed day or other hours for one date (replaces that date's)",
        request=OpeningExceptionSerializer,
        responses={201: OpeningExceptionSerializer, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="opening-exceptions")
    def opening_exceptions(self, request, pk=None):
        sales_point = self.get_object()  # checks that the user manages its actor
        serializer = OpeningExceptionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        exception = services.opening_exception_save(
            user=request.user, sales_point=sales_point, **serializer.validated_data
        )
        return Response(OpeningExceptionSerializer(exception).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove the exception for one date: the weekly hours apply again",
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD"
            )
        ],
        request=None,
        responses={
            204: None,
            401: WRITE_RESPONSES[401],
            403: FORBIDDEN,
            404: OpenApiResponse(description="No exception is recorded for this date."),
        },
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"opening-exceptions/(?P<date>\d{4}-\d{2}-\d{2})",
        url_name="opening-exception-detail",
    )
    def opening_exception_delete(self, request, pk=None, date=None):
        sales_point = self.get_object()
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise NotFound(_("No such date.")) from None
        if not services.opening_exception_delete(
            user=request.user, sales_point=sales_point, date=day
        ):
            raise NotFound(_("No exception is recorded for this date."))
        return Response(status=status.HTTP_204_NO_CONTENT)


@row_write_schemas("Offers", OfferSerializer, OfferWriteSerializer)
class OfferViewSet(ServiceWriteViewSet):
    """What actors supply: a product category, in which months, roughly how much, for whom."""

    serializer_class = OfferSerializer
    write_serializer_class = OfferWriteSerializer
    filterset_class = OfferFilterSet

    def get_queryset(self):
        return offer_list_visible_to(self.request.user)

    def perform_service_save(self, instance, data):
        actor = data.pop("actor", None) or instance.actor
        return services.offer_save(user=self.request.user, actor=actor, offer=instance, **data)

    def perform_destroy(self, instance):
        services.offer_delete(user=self.request.user, offer=instance)


@row_write_schemas("Needs", NeedSerializer, NeedWriteSerializer)
class NeedViewSet(ServiceWriteViewSet):
    """What actors look for: a product, or a service such as processing or cold storage."""

    serializer_class = NeedSerializer
    write_serializer_class = NeedWriteSerializer
    filterset_class = NeedFilterSet

    def get_queryset(self):
        return need_list_visible_to(self.request.user)

    def perform_service_save(self, instance, data):
        actor = data.pop("actor", None) or instance.actor
        return services.need_save(user=self.request.user, actor=actor, need=instance, **data)

    def perform_destroy(self, instance):
        services.need_delete(user=self.request.user, need=instance)
