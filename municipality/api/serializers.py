"""The shapes of municipal support in the API.

No public shape names a user: events give counts and places left, and the officer-only
attendance list is the one place a citizen's name appears. Survey answers are served only to
the farm's own managers; everyone else gets aggregates over groups of a minimum size.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from actors.models import Actor
from cooperation.api.serializers import (
    ActorRefSerializer,
    CooperationRefSerializer,
    MunicipalityRefSerializer,
)
from cooperation.models import Cooperation
from municipality.choices import (
    ContactChannel,
    FundingSource,
    MunicipalRole,
    OutcomeKind,
    SupportActionStatus,
    SupportActionType,
)
from municipality.models import (
    MAX_CAPACITY,
    EventRegistration,
    FoodStrategyGoal,
    SupportAction,
    SurveyResponse,
)
from network.models import Municipality, Region


class GoalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class ActionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


class SupportActionSerializer(serializers.ModelSerializer):
    """A support action in the public record, with counts of what it reached and led to."""

    municipality = MunicipalityRefSerializer(read_only=True)
    goals = GoalRefSerializer(many=True, read_only=True)
    led_to_by = serializers.SerializerMethodField()
    outcome_count = serializers.IntegerField(read_only=True)
    registration_count = serializers.IntegerField(read_only=True)
    reach_count = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = SupportAction
        fields = [
            "id",
            "url",
            "municipality",
            "action_type",
            "title",
            "description",
            "start_date",
            "end_date",
            "status",
            "budget",
            "staff_hours",
            "funding_source",
            "goals",
            "led_to_by",
            "outcomes",
            "is_public",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "outcome_count",
            "registration_count",
            "reach_count",
        ]
        read_only_fields = fields

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()

    @extend_schema_field(ActionRefSerializer(many=True))
    def get_led_to_by(self, obj):
        # Only the predecessors this reader may see (a non-public one is an officer's note).
        from municipality.permissions import can_act_for_municipality

        request = self.context.get("request")
        user = getattr(request, "user", None)
        return [
            {"id": a.pk, "title": a.title}
            for a in obj.led_to_by.all()
            if a.is_public or can_act_for_municipality(user, a.municipality_id)
        ]


class SupportActionDetailSerializer(SupportActionSerializer):
    partners = serializers.SerializerMethodField()
    actors_reached = serializers.SerializerMethodField()
    cooperations_reached = serializers.SerializerMethodField()

    class Meta(SupportActionSerializer.Meta):
        fields = [
            *SupportActionSerializer.Meta.fields,
            "partners",
            "actors_reached",
            "cooperations_reached",
        ]
        read_only_fields = fields

    @extend_schema_field(ActorRefSerializer(many=True))
    def get_partners(self, obj):
        return ActorRefSerializer([a for a in obj.partners.all() if a.is_public], many=True).data

    @extend_schema_field(ActorRefSerializer(many=True))
    def get_actors_reached(self, obj):
        return ActorRefSerializer(
            [a for a in obj.actors_reached.all() if a.is_public], many=True
        ).data

    @extend_schema_field(CooperationRefSerializer(many=True))  # no `kind`: not an actor
    def get_cooperations_reached(self, obj):
        return [
            {"slug": c.slug, "name": c.name} for c in obj.cooperations_reached.all() if c.is_public
        ]


class SupportActionWriteSerializer(serializers.Serializer):
    """Log or change an action. References: municipality by NIS code, actors and cooperations
    by slug, goals and earlier actions by id."""

    municipality = serializers.SlugRelatedField(
        slug_field="nis_code", queryset=Municipality.objects.all()
    )
    action_type = serializers.ChoiceField(choices=SupportActionType.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=SupportActionStatus.choices, required=False)
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    staff_hours = serializers.DecimalField(
        max_digits=8, decimal_places=1, min_value=0, required=False
    )
    funding_source = serializers.ChoiceField(choices=FundingSource.choices, required=False)
    outcomes = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(
        min_value=1, max_value=MAX_CAPACITY, required=False, allow_null=True
    )
    partners = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), many=True, required=False
    )
    actors_reached = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), many=True, required=False
    )
    cooperations_reached = serializers.SlugRelatedField(
        slug_field="slug", queryset=Cooperation.objects.all(), many=True, required=False
    )
    goals = serializers.PrimaryKeyRelatedField(
        queryset=FoodStrategyGoal.objects.all(), many=True, required=False
    )
    led_to_by = serializers.PrimaryKeyRelatedField(
        queryset=SupportAction.objects.all(), many=True, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from municipality.selectors import support_action_visibility_filter

            # An earlier action must be one the officer can see.
            self.fields["led_to_by"].child_relation.queryset = support_action_visibility_filter(
                SupportAction.objects.all(), request.user
            )


class FoodStrategyGoalSerializer(serializers.ModelSerializer):
    """A goal of a municipality's food strategy, with its optional target indicator."""

    municipality = serializers.SlugRelatedField(
        slug_field="nis_code", queryset=Municipality.objects.all()
    )

    class Meta:
        model = FoodStrategyGoal
        fields = [
            "id",
            "municipality",
            "standard_key",
            "title",
            "description",
            "indicator",
            "target_value",
            "target_unit",
            "position",
        ]
        read_only_fields = ["id", "standard_key"]


class EventSerializer(SupportActionSerializer):
    """A connection meeting or work session: places left, never who registered."""

    places_left = serializers.SerializerMethodField()

    class Meta(SupportActionSerializer.Meta):
        fields = [*SupportActionSerializer.Meta.fields, "places_left"]
        read_only_fields = fields

    def get_places_left(self, obj) -> int | None:
        if obj.capacity is None:
            return None
        return max(0, obj.capacity - obj.registration_count)


class EventRegisterSerializer(serializers.Serializer):
    actor = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Actor.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Slug of an actor you manage; leave out to register yourself as a citizen."),
    )


class EventRegistrationSerializer(serializers.ModelSerializer):
    """A registration as its registrant sees it."""

    actor = ActorRefSerializer(read_only=True, allow_null=True)  # null: a citizen's own

    class Meta:
        model = EventRegistration
        fields = ["id", "action", "actor", "attended", "created"]
        read_only_fields = fields


class AttendeeSerializer(serializers.ModelSerializer):
    """A registration as the municipality's officer sees it: citizens by name."""

    actor = ActorRefSerializer(read_only=True, allow_null=True)  # null for a citizen
    citizen_name = serializers.SerializerMethodField()

    class Meta:
        model = EventRegistration
        fields = ["id", "actor", "citizen_name", "attended", "created"]
        read_only_fields = fields

    def get_citizen_name(self, obj) -> str:
        if obj.user is None:
            return ""
        return obj.user.get_full_name() or obj.user.email


class AttendanceWriteSerializer(serializers.Serializer):
    attended = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Ids of the registrations that came.")
    )


class SurveyResponseSerializer(serializers.ModelSerializer):
    farmer = serializers.SlugRelatedField(slug_field="slug", queryset=Actor.objects.all())
    contact_channels = serializers.ListField(
        child=serializers.ChoiceField(choices=ContactChannel.choices), allow_empty=False
    )
    municipal_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=MunicipalRole.choices), required=False
    )

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "farmer",
            "year",
            "contact_channels",
            "municipality_important",
            "municipal_roles",
            "created",
        ]
        read_only_fields = ["id", "created"]
        validators = []  # one per farm and year: the service answers with a field error


class SurveyShareSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    percent = serializers.FloatField()


class SurveyAggregateSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True)
    minimum_group_size = serializers.IntegerField()
    baseline_percent = serializers.IntegerField()
    withheld = serializers.BooleanField()
    respondents = serializers.IntegerField(allow_null=True)
    important_percent = serializers.FloatField(allow_null=True)
    contact_channels = SurveyShareSerializer(many=True, allow_null=True)
    municipal_roles = SurveyShareSerializer(many=True, allow_null=True)


class SurveyAggregateQuerySerializer(serializers.Serializer):
    municipality = serializers.SlugRelatedField(
        slug_field="nis_code", queryset=Municipality.objects.all(), required=False
    )
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), required=False
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class ValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)


class TippingPointYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    cooperating = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class TippingPointSerializer(serializers.Serializer):
    farmers = serializers.IntegerField()
    cooperating = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)
    series = TippingPointYearSerializer(many=True)


class ComparisonSerializer(serializers.Serializer):
    label = serializers.CharField()
    farmers = serializers.IntegerField()
    cooperating = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class TotalsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    hours = serializers.DecimalField(max_digits=10, decimal_places=1)


class OutcomeWriteSerializer(serializers.Serializer):
    """Link an action to a record it led to: the record's id, for the kind given."""

    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    record = serializers.IntegerField(
        help_text=_("Id of the cooperation, membership, partnership request or kitchen actor.")
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class OutcomeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    record = serializers.CharField(source="record.__str__")
    note = serializers.CharField()


@extend_schema_serializer(many=False)  # one object, though served by a viewset's `list`
class DashboardSerializer(serializers.Serializer):
    """The municipal dashboard's indicators (public numbers, plus an officer's own actions)."""

    scope = serializers.DictField(child=serializers.CharField(allow_null=True))
    actors_by_kind = ValueSerializer(many=True)
    cooperations_by_form = ValueSerializer(many=True)
    tipping_point = TippingPointSerializer()
    actions_by_type = serializers.ListField(child=serializers.DictField())
    actions_by_status = ValueSerializer(many=True)
    actions_by_year = serializers.ListField(child=serializers.DictField())
    budget_by_funding = ValueSerializer(many=True)
    budget_by_goal = ValueSerializer(many=True)
    totals = TotalsSerializer()
    reach = serializers.DictField(child=serializers.IntegerField())
    outcomes_per_action = ValueSerializer(many=True)
    chains = serializers.SerializerMethodField()
    survey = SurveyAggregateSerializer()
    comparison = ComparisonSerializer(many=True)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_chains(self, obj):
        from municipality.selectors import chain_as_dict

        return [chain_as_dict(node) for node in obj["chains"]]
