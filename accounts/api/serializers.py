"""The shapes of accounts data in the API. A user's data is only ever shown to that user."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.models import ApiToken, User


@extend_schema_serializer(many=False)  # /me/ answers one object, although it is a list route
class MeSerializer(serializers.ModelSerializer):
    """The authenticated user's own account."""

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name"]
        read_only_fields = fields


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as its owner sees it: never the token itself nor its hash."""

    class Meta:
        model = ApiToken
        fields = ["name", "token_key", "created", "expiry", "last_used"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("The client application the token is for, e.g. “farm shop till”."),
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    """A new token, with the raw token included this once: it cannot be shown again."""

    token = serializers.CharField(
        read_only=True,
        help_text=_("Send as `Authorization: Token <token>`. Shown only in this response."),
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]
        read_only_fields = fields


class AccountDeleteSerializer(serializers.Serializer):
    """Deleting an account is confirmed with its password."""

    password = serializers.CharField(
        write_only=True,
        trim_whitespace=False,
        max_length=4096,
        style={"input_type": "password"},
        help_text=_("Your current password, to confirm."),
    )


class AccountDeletionSerializer(serializers.Serializer):
    """What deleting the account did with what the person managed (accounts.services)."""

    deleted = serializers.BooleanField()
    actors_handed_over = serializers.ListField(child=serializers.CharField())
    actors_unpublished = serializers.ListField(child=serializers.CharField())
    cooperations_handed_over = serializers.ListField(child=serializers.CharField())
    cooperations_paused = serializers.ListField(child=serializers.CharField())
