"""The accounts endpoints: who am I, and my API tokens."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.api.serializers import (
    AccountDeleteSerializer,
    AccountDeletionSerializer,
    ApiTokenCreatedSerializer,
    ApiTokenCreateSerializer,
    ApiTokenSerializer,
    MeSerializer,
)
from accounts.models import ApiToken
from accounts.permissions import CanCreateApiToken
from accounts.selectors import api_token_list_visible_to
from accounts.services import (
    api_token_create,
    api_token_revoke,
    api_token_revoke_all,
    user_delete,
)
from accounts.views import personal_data_response


def as_api_error(error: DjangoValidationError) -> serializers.ValidationError:
    """A service's ValidationError as a 400 with field-level messages."""
    detail = serializers.as_serializer_error(error)
    if "__all__" in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop("__all__")
    return serializers.ValidationError(detail)


class MeViewSet(viewsets.ViewSet):
    """The account the request is authenticated as."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_retrieve",
        summary="The authenticated user's own account",
        responses=MeSerializer,
    )
    def list(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        operation_id="me_destroy",
        summary="Delete your account",
        description=(
            'Confirmed with your password, sent as the JSON body `{"password": "…"}` '
            "(OpenAPI 3.0 cannot describe a body on DELETE). Actors you manage with others "
            "are handed over; actors nobody else manages are unpublished and kept for staff; "
            "cooperations you alone coordinated are handed to another member or paused; "
            "pending requests you sent are withdrawn; your own rows are deleted. The full "
            "rules are on the privacy page."
        ),
        request=AccountDeleteSerializer,
        responses={
            200: AccountDeletionSerializer,
            400: OpenApiResponse(description="Wrong password, or the last administrator."),
        },
    )
    def destroy(self, request):
        payload = AccountDeleteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            result = user_delete(user=request.user, password=payload.validated_data["password"])
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        body = {"deleted": True, **vars(result)}
        return Response(AccountDeletionSerializer(body).data)

    @extend_schema(
        operation_id="me_data_retrieve",
        summary="Download all your personal data (JSON)",
        description=(
            "Your account, citizen profile, the actors you manage, requests you sent or "
            "decided, event registrations, survey answers, officer roles, API tokens (never "
            "the tokens) and the changes you made. Sent as a file to save."
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    def data(self, request):
        return personal_data_response(request.user)


@extend_schema_view(
    list=extend_schema(summary="Your API tokens (never the tokens themselves)"),
    destroy=extend_schema(summary="Revoke one of your API tokens"),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The authenticated user's own API tokens, one per client application."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated, CanCreateApiToken]
    lookup_field = "token_key"
    filter_backends = []

    def get_queryset(self):
        return api_token_list_visible_to(self.request.user)

    @extend_schema(
        summary="Create an API token for a client application",
        description=(
            "The raw token is in this response only; it is stored hashed and cannot be shown "
            "again. Needs a logged-in session: a token cannot create tokens."
        ),
        request=ApiTokenCreateSerializer,
        responses={
            201: ApiTokenCreatedSerializer,
            400: OpenApiResponse(description="Invalid name, or too many tokens."),
        },
    )
    def create(self, request):
        payload = ApiTokenCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            token, raw = api_token_create(user=request.user, name=payload.validated_data["name"])
        except DjangoValidationError as error:
            raise as_api_error(error) from None
        token.token = raw
        response = Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(
        summary="Revoke all your API tokens at once",
        description="Every client application using one of your tokens is refused from now on.",
        request=None,
        responses={
            200: inline_serializer("TokensRevoked", {"revoked": serializers.IntegerField()})
        },
    )
    @action(detail=False, methods=["post"], url_path="revoke-all")
    def revoke_all(self, request):
        return Response({"revoked": api_token_revoke_all(user=request.user)})

    def perform_destroy(self, instance):
        try:
            api_token_revoke(user=self.request.user, token_key=instance.token_key)
        except ApiToken.DoesNotExist:
            pass  # revoked concurrently: the outcome asked for
