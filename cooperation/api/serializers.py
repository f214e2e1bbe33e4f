"""The shapes of cooperation data in the API.

Public shapes show cooperations, their listed members and chains, and the scorecard. No shape
names a user: consumer members are a count, managers are never listed, and partnership requests
are only served to the managers of the two actors (the selector sees to that).

Writable resources have a request shape (`…WriteSerializer`: references as slugs) and a response
shape; views validate with the first, call a service, and answer with the second.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Actor, ProductCategory
from actors.selectors import actor_visibility_filter
from cooperation.choices import (
    ChainStepKind,
    CooperationStatus,
    DecisionMaking,
    LegalForm,
    MemberRole,
    PriceSetting,
    PrincipleStatus,
)
from cooperation.models import (
    ChainLink,
    Cooperation,
    CooperationForm,
    Membership,
    PartnershipRequest,
)
from network.models import Municipality
from network.validators import validate_plausible_date

NAME_HELP = _("Name in the language of the request.")


class FormRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True, help_text=NAME_HELP)


class ActorRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)


class CooperationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MunicipalityRefSerializer(serializers.Serializer):
    nis_code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True, help_text=NAME_HELP)


class CooperationFormSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=NAME_HELP)
    explanation = serializers.CharField(read_only=True, help_text=_("In the request's language."))
    mindsets = serializers.ListField(child=serializers.CharField(), read_only=True)
    means = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CooperationForm
        fields = [
            "slug",
            "position",
            "name",
            "name_nl",
            "name_fr",
            "name_en",
            "explanation",
            "mindsets",
            "means",
            "consumers_can_join",
        ]


class CooperationSerializer(serializers.ModelSerializer):
    """A cooperation in a list: what it is, where, and how many take part."""

    form = FormRefSerializer(read_only=True)
    municipalities = MunicipalityRefSerializer(many=True, read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    consumer_member_count = serializers.IntegerField(
        read_only=True, help_text=_("Citizens who are consumer members: a count, never names.")
    )
    distance_km = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Cooperation
        fields = [
            "slug",
            "name",
            "form",
            "status",
            "started_on",
            "ended_on",
            "legal_form",
            "description",
            "municipalities",
            "latitude",
            "longitude",
            "website",
            "price_setting",
            "decision_making",
            "accepts_new_members",
            "is_public",
            "member_count",
            "consumer_member_count",
            "distance_km",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, obj):
        distance = getattr(obj, "distance_km", None)
        return round(distance, 1) if distance is not None else None

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class MemberSerializer(serializers.Serializer):
    actor = ActorRefSerializer(read_only=True)
    role = serializers.CharField(read_only=True)
    since = serializers.DateField(read_only=True)


class ChainLinkSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = ChainLink
        fields = ["position", "step_kind", "actor", "category", "description"]

    @extend_schema_field(ActorRefSerializer(allow_null=True))
    def get_actor(self, obj):
        # A chain may name an unlisted actor; the public sees only that the step exists.
        if obj.actor is None or not obj.actor.is_public:
            return None
        return ActorRefSerializer(obj.actor).data


class PrincipleSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    key = serializers.CharField()
    title = serializers.CharField()
    score = serializers.IntegerField(min_value=0, max_value=100)
    status = serializers.ChoiceField(choices=PrincipleStatus.choices)
    reason = serializers.CharField()
    recorded = serializers.BooleanField()


class ScorecardSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    principles = PrincipleSerializer(many=True)


class CooperationDetailSerializer(CooperationSerializer):
    """One cooperation with its public members, chain and five-principle scorecard."""

    members = serializers.SerializerMethodField()
    chain = ChainLinkSerializer(source="chain_links", many=True, read_only=True)
    scorecard = serializers.SerializerMethodField()

    class Meta(CooperationSerializer.Meta):
        fields = [
            *CooperationSerializer.Meta.fields,
            "shared_assets",
            "decision_notes",
            "members",
            "chain",
            "scorecard",
        ]
        read_only_fields = fields

    @extend_schema_field(MemberSerializer(many=True))
    def get_members(self, obj):
        return MemberSerializer(obj.public_members, many=True).data

    @extend_schema_field(ScorecardSerializer)
    def get_scorecard(self, obj):
        from cooperation.scorecard import scorecard_for

        return ScorecardSerializer(scorecard_for(obj)).data


@extend_schema_field(OpenApiTypes.STR)
class ManagedActorField(serializers.SlugRelatedField):
    """An actor by slug, among those the requesting user may see."""

    def get_queryset(self):
        request = self.context.get("request")
        return actor_visibility_filter(Actor.objects.all(), getattr(request, "user", None))


class CooperationWriteSerializer(serializers.Serializer):
    initiator = ManagedActorField(
        slug_field="slug",
        required=True,
        help_text=_("Slug of the actor (one you manage) that starts the cooperation."),
    )
    name = serializers.CharField(max_length=150)
    form = serializers.SlugRelatedField(slug_field="slug", queryset=CooperationForm.objects.all())
    status = serializers.ChoiceField(
        choices=[c for c in CooperationStatus.choices if c[0] != CooperationStatus.ENDED],
        default=CooperationStatus.IDEA,
    )
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    started_on = serializers.DateField(
        required=False, allow_null=True, validators=[validate_plausible_date]
    )
    legal_form = serializers.ChoiceField(choices=LegalForm.choices, required=False)
    municipalities = serializers.SlugRelatedField(
        slug_field="nis_code", queryset=Municipality.objects.all(), many=True, required=False
    )
    website = serializers.URLField(max_length=255, required=False, allow_blank=True)
    shared_assets = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    price_setting = serializers.ChoiceField(choices=PriceSetting.choices, required=False)
    decision_making = serializers.ChoiceField(choices=DecisionMaking.choices, required=False)
    decision_notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    accepts_new_members = serializers.BooleanField(required=False)
    is_public = serializers.BooleanField(required=False)


class CooperationUpdateSerializer(CooperationWriteSerializer):
    initiator = None
    status = None
    name = serializers.CharField(max_length=150, required=False)
    form = serializers.SlugRelatedField(
        slug_field="slug", queryset=CooperationForm.objects.all(), required=False
    )


class CooperationStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CooperationStatus.choices)
    on = serializers.DateField(
        required=False, allow_null=True, validators=[validate_plausible_date]
    )


class ChainLinkWriteSerializer(serializers.Serializer):
    step_kind = serializers.ChoiceField(choices=ChainStepKind.choices)
    actor = ManagedActorField(slug_field="slug", required=False, allow_null=True)
    category = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ProductCategory.objects.all(),
        required=False,
        allow_null=True,
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ChainWriteSerializer(serializers.Serializer):
    links = ChainLinkWriteSerializer(many=True)


class MembershipSerializer(serializers.ModelSerializer):
    cooperation = CooperationRefSerializer(read_only=True)
    actor = ActorRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "cooperation", "actor", "role", "status", "since", "until", "message"]
        read_only_fields = fields


class MembershipWriteSerializer(serializers.Serializer):
    """Ask to join (`request`: for an actor you manage) or invite (`invite`: as coordinator)."""

    kind = serializers.ChoiceField(choices=[("request", _("request")), ("invite", _("invite"))])
    cooperation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Cooperation.objects.all()
    )
    actor = ManagedActorField(slug_field="slug")
    role = serializers.ChoiceField(choices=MemberRole.choices)
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cooperation.selectors import cooperation_visibility_filter

        request = self.context.get("request")
        self.fields["cooperation"].queryset = cooperation_visibility_filter(
            Cooperation.objects.all(), getattr(request, "user", None)
        )


class PartnerMatchQuerySerializer(serializers.Serializer):
    actor = serializers.SlugField(help_text=_("Slug of an actor you manage."))
    form = serializers.SlugRelatedField(
        slug_field="slug", queryset=CooperationForm.objects.all(), required=False
    )
    limit = serializers.IntegerField(min_value=1, max_value=50, default=20)


class PartnerMatchSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["actor", "cooperation"])
    slug = serializers.SlugField()
    name = serializers.CharField()
    actor_kind = serializers.CharField(allow_blank=True)
    distance_km = serializers.SerializerMethodField()
    score = serializers.IntegerField(min_value=0, max_value=100)
    reasons = serializers.ListField(child=serializers.CharField())
    headline = serializers.CharField()

    def get_distance_km(self, obj) -> float:
        return round(obj.distance_km, 1)


class PartnershipRequestSerializer(serializers.ModelSerializer):
    from_actor = ActorRefSerializer(read_only=True)
    to_actor = ActorRefSerializer(read_only=True)
    form = FormRefSerializer(read_only=True, allow_null=True)
    contact = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipRequest
        fields = [
            "id",
            "from_actor",
            "to_actor",
            "form",
            "message",
            "status",
            "created",
            "decided_at",
            "contact",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "name": {"type": "string"},
                "email": {"type": "string"},
                "phone": {"type": "string"},
                "website": {"type": "string"},
            },
        }
    )
    def get_contact(self, obj):
        """The other side's business contact, once the request is accepted."""
        from cooperation.choices import PartnershipStatus
        from cooperation.permissions import managed_actor_ids

        if obj.status != PartnershipStatus.ACCEPTED:
            return None
        request = self.context.get("request")
        mine = managed_actor_ids(request.user) if request else set()
        other = obj.to_actor if obj.from_actor_id in mine else obj.from_actor
        return {
            "name": other.name,
            "email": other.email,
            "phone": other.phone,
            "website": other.website,
        }


class PartnershipRequestWriteSerializer(serializers.Serializer):
    from_actor = ManagedActorField(slug_field="slug", help_text=_("An actor you manage."))
    to_actor = ManagedActorField(slug_field="slug")
    form = serializers.SlugRelatedField(
        slug_field="slug", queryset=CooperationForm.objects.all(), required=False, allow_null=True
    )
    message = serializers.CharField(max_length=2000, required=False, allow_blank=True)
