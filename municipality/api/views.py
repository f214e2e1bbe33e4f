"""The REST adapter of municipal support: parse, call a service or selector, shape.

Querysets start from the selectors, so the API shows what the pages show; writes go through
`municipality.services` (ValidationError → 400 with field messages, PermissionDenied → 403).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from municipality import selectors, services
from municipality.api.serializers import (
    AttendanceWriteSerializer,
    AttendeeSerializer,
    DashboardSerializer,
    EventRegisterSerializer,
    EventRegistrationSerializer,
    EventSerializer,
    FoodStrategyGoalSerializer,
    OutcomeSerializer,
    OutcomeWriteSerializer,
    SupportActionDetailSerializer,
    SupportActionSerializer,
    SupportActionWriteSerializer,
    SurveyAggregateQuerySerializer,
    SurveyAggregateSerializer,
    SurveyResponseSerializer,
)
from municipality.filters import SupportActionFilterSet
from municipality.permissions import (
    CanChangeGoal,
    CanChangeSupportAction,
    can_record_attendance,
)
from network.models import Municipality, Region

INVALID = OpenApiResponse(description="Invalid input: field-level messages.")
UNAUTHENTICATED = OpenApiResponse(description="Not signed in.")
FORBIDDEN = OpenApiResponse(description="Not allowed for this user.")
NOT_FOUND = OpenApiResponse(description="Not found, or not visible to this user.")
WRITE_RESPONSES = {400: INVALID, 401: UNAUTHENTICATED, 403: FORBIDDEN}


@extend_schema_view(
    list=extend_schema(summary="Support actions, filtered as on the action list page"),
    retrieve=extend_schema(summary="One support action, with partners and reach"),
    create=extend_schema(
        summary="Log a support action (officers of the municipality)",
        request=SupportActionWriteSerializer,
        responses={201: SupportActionDetailSerializer, **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a support action (officers of its municipality)",
        request=SupportActionWriteSerializer,
        responses={200: SupportActionDetailSerializer, 404: NOT_FOUND, **WRITE_RESPONSES},
    ),
    destroy=extend_schema(
        summary="Delete a support action (officers of its municipality)",
        responses={204: None, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND},
    ),
)
class SupportActionViewSet(viewsets.ModelViewSet):
    """The public record of municipal support actions."""

    filterset_class = SupportActionFilterSet
    permission_classes = [IsAuthenticatedOrReadOnly, CanChangeSupportAction]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.support_action_list_visible_to(self.request.user)
        return selectors.support_action_detail_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return SupportActionWriteSerializer
        if self.action == "list":
            return SupportActionSerializer
        return SupportActionDetailSerializer

    def read_back(self, action_row, status_code=status.HTTP_200_OK):
        row = selectors.support_action_detail_visible_to(self.request.user).get(pk=action_row.pk)
        return Response(
            SupportActionDetailSerializer(row, context=self.get_serializer_context()).data,
            status=status_code,
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.support_action_log(user=request.user, **serializer.validated_data)
        return self.read_back(row, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        row = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        row = services.support_action_update(
            user=request.user, action=row, **serializer.validated_data
        )
        return self.read_back(row)

    def destroy(self, request, *args, **kwargs):
        services.support_action_delete(user=request.user, action=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Record what the action led to (officers of its municipality)",
        request=OutcomeWriteSerializer,
        responses={201: OutcomeSerializer, 404: NOT_FOUND, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="outcomes")
    def record_outcome(self, request, pk=None):
        row = self.get_object()
        serializer = OutcomeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind = serializer.validated_data["kind"]
        record = selectors.outcome_record_candidate(kind, serializer.validated_data["record"])
        if record is None:
            raise ValidationError({"record": [_("No such record for this kind of outcome.")]})
        outcome = services.outcome_record(
            user=request.user,
            action=row,
            kind=kind,
            record=record,
            note=serializer.validated_data.get("note", ""),
        )
        return Response(OutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Food-strategy goals (filter with ?municipality=NIS)"),
    retrieve=extend_schema(summary="One food-strategy goal"),
    create=extend_schema(summary="Add a municipality's own goal (its officers)"),
    partial_update=extend_schema(summary="Change a goal or its target (its officers)"),
)
class FoodStrategyGoalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The goals of municipalities' local food strategies, with target indicators."""

    serializer_class = FoodStrategyGoalSerializer
    permission_classes = [IsAuthenticatedOrReadOnly, CanChangeGoal]
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = []

    def get_queryset(self):
        queryset = selectors.food_strategy_goal_list().order_by(
            "municipality__name_nl", "position", "title"
        )
        nis = self.request.query_params.get("municipality")
        if nis:
            queryset = queryset.filter(municipality__nis_code=nis)
        return queryset

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        goal = services.food_strategy_goal_create(user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(goal).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        goal = self.get_object()
        serializer = self.get_serializer(goal, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("municipality", None)  # a goal stays with its municipality
        goal = services.food_strategy_goal_update(user=request.user, goal=goal, **data)
        return Response(self.get_serializer(goal).data)


@extend_schema_view(
    list=extend_schema(summary="Connection meetings and work sessions, soonest first"),
    retrieve=extend_schema(summary="One event, with the places left"),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """Events of municipal support: register for a place, and the officer's attendance list."""

    serializer_class = EventSerializer
    permission_classes = [IsAuthenticatedOrReadOnly]
    filterset_class = SupportActionFilterSet

    def get_queryset(self):
        return (
            selectors.support_action_list_visible_to(self.request.user)
            .events()
            .order_by("-starts_at", "-id")
        )

    @extend_schema(
        summary="Take a place: for an actor you manage, or yourself as a citizen",
        request=EventRegisterSerializer,
        responses={
            201: EventRegistrationSerializer,
            400: OpenApiResponse(description="Full, closed or already registered."),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
        },
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated])
    def register(self, request, pk=None):
        event = self.get_object()
        serializer = EventRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        registration = services.event_register(
            user=request.user, action=event, actor=serializer.validated_data.get("actor")
        )
        return Response(
            EventRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        summary="Who registered, citizens by name (the municipality's officers)",
        responses={200: AttendeeSerializer(many=True), 403: FORBIDDEN},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record who attended (the municipality's officers)",
        request=AttendanceWriteSerializer,
        responses={200: AttendeeSerializer(many=True), **WRITE_RESPONSES},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[IsAuthenticated],
        pagination_class=None,
        filter_backends=[],
    )
    def attendance(self, request, pk=None):
        event = self.get_object()
        if not can_record_attendance(request.user, event):
            raise PermissionDenied
        if request.method == "POST":
            serializer = AttendanceWriteSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            services.event_record_attendance(
                user=request.user, action=event, attended_ids=serializer.validated_data["attended"]
            )
        rows = selectors.registrations_for_officer(event)
        return Response(AttendeeSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Your farms' own survey answers"),
    retrieve=extend_schema(summary="One of your farms' survey answers"),
    create=extend_schema(
        summary="Answer the survey for a farm you manage (once a year)",
        responses={201: SurveyResponseSerializer, **WRITE_RESPONSES},
    ),
)
class SurveyResponseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Survey "Boeren en Burgers": a farm's answers are its own; results only in aggregate."""

    serializer_class = SurveyResponseSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return selectors.survey_responses_of(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        response = services.survey_response_submit(user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Aggregated answers for a municipality, a region or Flanders",
        parameters=[SurveyAggregateQuerySerializer],
        responses={200: SurveyAggregateSerializer, 400: INVALID},
    )
    @action(
        detail=False,
        methods=["get"],
        permission_classes=[],
        pagination_class=None,
        filter_backends=[],
    )
    def aggregate(self, request):
        query = SurveyAggregateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ids = selectors.scope_municipality_ids(
            municipality=query.validated_data.get("municipality"),
            region=query.validated_data.get("region"),
        )
        result = selectors.survey_aggregate(ids, year=query.validated_data.get("year"))
        return Response(SurveyAggregateSerializer(result).data)


class DashboardViewSet(viewsets.GenericViewSet):
    """The municipal dashboard's indicators as JSON, for a municipality (NIS) or a region."""

    permission_classes = []
    pagination_class = None
    filter_backends = []
    serializer_class = DashboardSerializer

    def get_queryset(self):
        return Municipality.objects.none()

    @extend_schema(summary="Indicators of one municipality's dashboard")
    def list(self, request, nis=None, slug=None):
        if slug is not None:
            region = get_object_or_404(Region, slug=slug)
            data = selectors.dashboard_indicators(request.user, region=region)
        else:
            municipality = get_object_or_404(Municipality, nis_code=nis)
            data = selectors.dashboard_indicators(request.user, municipality=municipality)
        return Response(DashboardSerializer(data).data)


class RegionDashboardViewSet(DashboardViewSet):
    @extend_schema(summary="Indicators of one region's dashboard")
    def list(self, request, slug=None):
        return super().list(request, slug=slug)
