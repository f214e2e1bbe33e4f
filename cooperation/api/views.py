"""The REST adapter of the cooperation app: parse, call a service or selector, shape.

Every queryset starts from a selector, so the API shows exactly what the pages show. Writes go
through `cooperation.services`; its ValidationError answers 400 with field messages and its
PermissionDenied 403 (network.api.exceptions).
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from actors.models import Actor
from actors.permissions import can_change_actor
from cooperation import services
from cooperation.api.serializers import (
    ChainLinkSerializer,
    ChainWriteSerializer,
    CooperationDetailSerializer,
    CooperationFormSerializer,
    CooperationSerializer,
    CooperationStatusSerializer,
    CooperationUpdateSerializer,
    CooperationWriteSerializer,
    MembershipSerializer,
    MembershipWriteSerializer,
    PartnerMatchQuerySerializer,
    PartnerMatchSerializer,
    PartnershipRequestSerializer,
    PartnershipRequestWriteSerializer,
)
from cooperation.filters import CooperationFilterSet
from cooperation.matching import find_partners
from cooperation.permissions import CanChangeCooperation
from cooperation.selectors import (
    cooperation_detail_visible_to,
    cooperation_form_list,
    cooperation_list_visible_to,
    membership_list_visible_to,
    partnership_request_list_visible_to,
)

INVALID = OpenApiResponse(description="Invalid input: field-level messages.")
UNAUTHENTICATED = OpenApiResponse(description="Not signed in.")
FORBIDDEN = OpenApiResponse(description="Not allowed for this user.")
NOT_FOUND = OpenApiResponse(description="Not found, or not visible to this user.")
WRITE_RESPONSES = {400: INVALID, 401: UNAUTHENTICATED, 403: FORBIDDEN}


@extend_schema_view(
    list=extend_schema(summary="The seven forms of cooperation (unpaginated)"),
    retrieve=extend_schema(summary="One form of cooperation"),
)
class CooperationFormViewSet(viewsets.ReadOnlyModelViewSet):
    """The seven forms of cooperation from the ILVO research, with mindsets and means."""

    serializer_class = CooperationFormSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return cooperation_form_list()


@extend_schema_view(
    list=extend_schema(summary="Cooperations you may see, filtered as on the list page"),
    retrieve=extend_schema(summary="One cooperation, with members, chain and scorecard"),
    create=extend_schema(
        summary="Start a cooperation (the initiator actor becomes its first member)",
        request=CooperationWriteSerializer,
        responses={201: CooperationDetailSerializer, **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        summary="Change a cooperation (coordinators and staff)",
        request=CooperationUpdateSerializer,
        responses={200: CooperationDetailSerializer, 404: NOT_FOUND, **WRITE_RESPONSES},
    ),
)
class CooperationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cooperations between actors of the short chain."""

    lookup_field = "slug"
    filterset_class = CooperationFilterSet
    permission_classes = [IsAuthenticatedOrReadOnly, CanChangeCooperation]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return cooperation_list_visible_to(self.request.user)
        return cooperation_detail_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "list":
            return CooperationSerializer
        if self.action == "create":
            return CooperationWriteSerializer
        if self.action == "partial_update":
            return CooperationUpdateSerializer
        if self.action == "set_status":
            return CooperationStatusSerializer
        if self.action == "chain":
            return ChainWriteSerializer
        return CooperationDetailSerializer

    def read_back(self, cooperation, status_code=status.HTTP_200_OK):
        cooperation = cooperation_detail_visible_to(self.request.user).get(pk=cooperation.pk)
        data = CooperationDetailSerializer(cooperation, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        cooperation = services.cooperation_create(
            user=request.user,
            initiator=data.pop("initiator"),
            form=data.pop("form"),
            name=data.pop("name"),
            municipalities=data.pop("municipalities", ()),
            status=data.pop("status"),
            **data,
        )
        return self.read_back(cooperation, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        cooperation = self.get_object()
        serializer = self.get_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.cooperation_update(
            user=request.user,
            cooperation=cooperation,
            municipalities=data.pop("municipalities", None),
            **data,
        )
        return self.read_back(cooperation)

    @extend_schema(
        summary="Move a cooperation along its lifecycle (idea → starting → active → …)",
        request=CooperationStatusSerializer,
        responses={200: CooperationDetailSerializer, 404: NOT_FOUND, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, slug=None):
        cooperation = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cooperation_set_status(
            user=request.user,
            cooperation=cooperation,
            status=serializer.validated_data["status"],
            on=serializer.validated_data.get("on"),
        )
        return self.read_back(cooperation)

    @extend_schema(
        summary="Replace the chain of a field-to-fork cooperation, in order",
        request=ChainWriteSerializer,
        responses={200: ChainLinkSerializer(many=True), 404: NOT_FOUND, **WRITE_RESPONSES},
    )
    @action(detail=True, methods=["post"], url_path="chain")
    def chain(self, request, slug=None):
        cooperation = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        links = services.chain_links_set(
            user=request.user,
            cooperation=cooperation,
            links=serializer.validated_data["links"],
        )
        return Response(ChainLinkSerializer(links, many=True).data)


MEMBERSHIP_DECISION = extend_schema(
    request=None,
    responses={200: MembershipSerializer, 404: NOT_FOUND, **WRITE_RESPONSES},
)


@extend_schema_view(
    list=extend_schema(summary="Memberships you may see"),
    retrieve=extend_schema(summary="One membership"),
    create=extend_schema(
        summary="Ask to join a cooperation for your actor, or invite an actor as coordinator",
        request=MembershipWriteSerializer,
        responses={201: MembershipSerializer, **WRITE_RESPONSES},
    ),
)
class MembershipViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Who takes part in which cooperation. Nobody is added without consent."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    filter_backends = []

    def get_queryset(self):
        return membership_list_visible_to(self.request.user).order_by("cooperation__name", "id")

    def get_serializer_class(self):
        if self.action == "create":
            return MembershipWriteSerializer
        return MembershipSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        service = (
            services.membership_request
            if data.pop("kind") == "request"
            else services.membership_invite
        )
        membership = service(user=request.user, **data)
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)

    def _decide(self, service):
        membership = service(user=self.request.user, membership=self.get_object())
        return Response(MembershipSerializer(membership).data)

    @extend_schema(summary="Accept a request (coordinators) or an invitation (the actor)")
    @MEMBERSHIP_DECISION
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._decide(services.membership_accept)

    @extend_schema(summary="Decline a request (coordinators) or an invitation (the actor)")
    @MEMBERSHIP_DECISION
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._decide(services.membership_decline)

    @extend_schema(summary="Leave a cooperation (the member's managers or coordinators)")
    @MEMBERSHIP_DECISION
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        return self._decide(services.membership_leave)


@extend_schema_view(
    list=extend_schema(
        summary="Ranked partners and cooperations for an actor you manage",
        parameters=[
            OpenApiParameter("actor", OpenApiTypes.STR, required=True, description="Actor slug."),
            OpenApiParameter("form", OpenApiTypes.STR, description="Form slug (default: all)."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="1–50, default 20."),
        ],
        responses={200: PartnerMatchSerializer(many=True), 400: INVALID, 401: UNAUTHENTICATED},
    )
)
class PartnerMatchViewSet(viewsets.GenericViewSet):
    """The partner finder (cooperation.matching explains the formula)."""

    permission_classes = [IsAuthenticated]
    serializer_class = PartnerMatchSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return Actor.objects.none()

    def list(self, request):
        query = PartnerMatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        actor = get_object_or_404(Actor, slug=query.validated_data["actor"])
        if not can_change_actor(request.user, actor):
            raise PermissionDenied
        matches = find_partners(
            actor, form=query.validated_data.get("form"), limit=query.validated_data["limit"]
        )
        return Response(PartnerMatchSerializer(matches, many=True).data)


PARTNERSHIP_DECISION = extend_schema(
    request=None,
    responses={200: PartnershipRequestSerializer, 404: NOT_FOUND, **WRITE_RESPONSES},
)


@extend_schema_view(
    list=extend_schema(summary="Partnership requests sent or received by actors you manage"),
    retrieve=extend_schema(summary="One partnership request"),
    create=extend_schema(
        summary="Send a partnership request from an actor you manage",
        request=PartnershipRequestWriteSerializer,
        responses={201: PartnershipRequestSerializer, **WRITE_RESPONSES},
    ),
)
class PartnershipRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests between two actors to work together; private to their managers and staff."""

    permission_classes = [IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        return partnership_request_list_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return PartnershipRequestWriteSerializer
        return PartnershipRequestSerializer

    def _answer(self, request_row, status_code=status.HTTP_200_OK):
        data = PartnershipRequestSerializer(request_row, context=self.get_serializer_context()).data
        return Response(data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row = services.partnership_request_send(user=request.user, **serializer.validated_data)
        return self._answer(row, status.HTTP_201_CREATED)

    @extend_schema(summary="Accept a request (managers of the receiving actor)")
    @PARTNERSHIP_DECISION
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        row = services.partnership_request_accept(user=request.user, request=self.get_object())
        return self._answer(row)

    @extend_schema(summary="Decline a request (managers of the receiving actor)")
    @PARTNERSHIP_DECISION
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        row = services.partnership_request_decline(user=request.user, request=self.get_object())
        return self._answer(row)

    @extend_schema(summary="Withdraw a request (managers of the sending actor)")
    @PARTNERSHIP_DECISION
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        row = services.partnership_request_withdraw(user=request.user, request=self.get_object())
        return self._answer(row)
