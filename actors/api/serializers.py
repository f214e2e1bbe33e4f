"""The shapes of actors data in the API.

What an actor publishes is public business information; who manages it is not. No serializer
here names a user or shows a user's e-mail: `email` on an actor is its business address.

Each writable resource has a request shape (`…WriteSerializer`: references as slugs or NIS
codes) and a response shape (`…Serializer`: references as small objects). The views validate
with the first, call a service, and answer with the second.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from actors.choices import ALL_MONTHS, ActorKind, Channel
from actors.models import (
    Actor,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)
from actors.selectors import actor_visibility_filter
from actors.validators import normalize_kbo, validate_kbo_number, validate_today_or_later
from network.models import Municipality
from network.validators import validate_plausible_date

LOCALIZED_NAME_HELP = _("Name in the language of the request.")

# --- References: the small objects other shapes point at -----------------------------------


class ActorMunicipalitySerializer(serializers.Serializer):
    nis_code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)


class ProductRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)


class ActorLabelSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="label.slug", read_only=True)
    name = serializers.CharField(source="label.name", read_only=True, help_text=LOCALIZED_NAME_HELP)
    certifier = serializers.CharField(read_only=True)


def municipality_field(**kwargs):
    return serializers.SlugRelatedField(
        slug_field="nis_code",
        queryset=Municipality.objects.all(),
        help_text=_("NIS code of the municipality, e.g. 44021 for Gent."),
        error_messages={"does_not_exist": _("No municipality has NIS code {value}.")},
        **kwargs,
    )


def category_field(**kwargs):
    return serializers.SlugRelatedField(
        slug_field="slug",
        queryset=ProductCategory.objects.all(),
        help_text=_("Slug of a product category, see /api/v1/product-categories/."),
        error_messages={"does_not_exist": _("No product category has slug {value}.")},
        **kwargs,
    )


class VisibleActorField(serializers.SlugRelatedField):
    """An actor by slug, among the actors the requester may see.

    An unlisted actor's slug is as unknown as a slug nobody uses (400), so its existence
    cannot be probed; a listed actor one does not manage is refused by the service (403).
    """

    default_error_messages = {"does_not_exist": _("No actor has slug {value}.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Slug of the actor this belongs to."))
        super().__init__(slug_field="slug", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return actor_visibility_filter(Actor.objects.all(), getattr(request, "user", None))


# --- Reference data ---------------------------------------------------------------------------


class ProductCategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    children = serializers.SlugRelatedField(slug_field="slug", read_only=True, many=True)

    class Meta:
        model = ProductCategory
        fields = [
            "slug",
            "name",
            "name_nl",
            "name_fr",
            "name_en",
            "parent",
            "children",
            "dfc_uri",
            "position",
        ]
        read_only_fields = fields


class LabelSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)

    class Meta:
        model = Label
        fields = ["slug", "kind", "name", "name_nl", "name_fr", "name_en"]
        read_only_fields = fields


# --- Actors -----------------------------------------------------------------------------------


def actor_products(actor: Actor) -> list[dict]:
    """Distinct product categories of the actor's active offers: from `attach_row_details`
    (the list) or as the selector prefetched them (the detail); never a query per actor."""
    refs = getattr(actor, "row_products", None)
    if refs is not None:
        return [{"slug": ref.slug, "name": ref.name} for ref in refs]
    seen, products = set(), []
    for offer in actor.offers.all():
        if offer.category.slug not in seen:
            seen.add(offer.category.slug)
            products.append({"slug": offer.category.slug, "name": offer.category.name})
    return products


CHANNEL_ORDER = {code: index for index, code in enumerate(Channel.values)}


def actor_channels(actor: Actor) -> list[str]:
    """Distinct channels of the actor's active sales points, in `Channel` order: from
    `attach_row_details` or the prefetch (which loads only a few columns of each point)."""
    codes = getattr(actor, "row_channels", None)
    if codes is None:
        codes = {point.channel for point in actor.sales_points.all()}
    return sorted(codes, key=lambda code: CHANNEL_ORDER.get(code, len(CHANNEL_ORDER)))


def actor_labels(actor: Actor) -> list[dict]:
    """The actor's labels with their certifier: from `attach_row_details` or the prefetch."""
    refs = getattr(actor, "row_labels", None)
    if refs is not None:
        return [{"slug": r.slug, "name": r.name, "certifier": r.certifier} for r in refs]
    return [
        {"slug": link.label.slug, "name": link.label.name, "certifier": link.certifier}
        for link in actor.actor_labels.all()
    ]


class ActorSerializer(serializers.ModelSerializer):
    """An actor in the directory: public business details, what it offers and where to buy."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    municipality = ActorMunicipalitySerializer(read_only=True)
    photo = serializers.ImageField(read_only=True, allow_null=True, use_url=True)
    email = serializers.EmailField(
        read_only=True, help_text=_("The actor's business e-mail address.")
    )
    labels = ActorLabelSerializer(source="actor_labels", many=True, read_only=True)
    products = serializers.SerializerMethodField(
        help_text=_("Product categories of the actor's active offers.")
    )
    channels = serializers.SerializerMethodField(
        help_text=_("Where to buy: the channels of the actor's active sales points.")
    )
    url = serializers.SerializerMethodField(help_text=_("The actor's page in the directory."))
    distance_km = serializers.SerializerMethodField(
        help_text=_(
            "Distance from the place asked for with near or place, in km, rounded to 0.1; "
            "null when no place was given."
        )
    )

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "kind_display",
            "kitchen_type",
            "initiative_type",
            "description",
            "municipality",
            "postcode",
            "street_address",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "photo",
            "kbo_number",
            "founded_year",
            "labels",
            "products",
            "channels",
            "is_public",
            "open_data_consent",
            "updated",
            "url",
            "distance_km",
        ]
        read_only_fields = fields

    def to_representation(self, actor) -> dict:
        """The row written out by hand, in the declared order and formats.

        DRF's field-by-field loop (a bound field, a source lookup and a method call per value,
        nested serializers for municipality and labels) took 8 ms of a 25 ms directory page of
        20 at Flanders scale. The declared fields still document the schema and serialize the
        detail's extra fields; tests/actors/test_api_actor_rows.py keeps both paths equal.
        """
        fields = self.fields
        municipality = actor.municipality
        photo = actor.photo
        return {
            "id": actor.id,
            "slug": actor.slug,
            "name": actor.name,
            "kind": actor.kind,
            "kind_display": str(actor.get_kind_display()),
            "kitchen_type": actor.kitchen_type,
            "initiative_type": actor.initiative_type,
            "description": actor.description,
            "municipality": None
            if municipality is None
            else {"nis_code": municipality.nis_code, "name": municipality.name},
            "postcode": actor.postcode,
            "street_address": actor.street_address,
            "latitude": actor.latitude,
            "longitude": actor.longitude,
            "phone": actor.phone,
            "email": actor.email,
            "website": actor.website,
            "photo": fields["photo"].to_representation(photo) if photo else None,
            "kbo_number": actor.kbo_number,
            "founded_year": actor.founded_year,
            "labels": actor_labels(actor),
            "products": actor_products(actor),
            "channels": actor_channels(actor),
            "is_public": actor.is_public,
            "open_data_consent": actor.open_data_consent,
            "updated": fields["updated"].to_representation(actor.updated),
            "url": self.get_url(actor),
            "distance_km": self.get_distance_km(actor),
        }

    @extend_schema_field(ProductRefSerializer(many=True))
    def get_products(self, actor) -> list[dict]:
        return actor_products(actor)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(Channel.choices)))
    def get_channels(self, actor) -> list[str]:
        return actor_channels(actor)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, actor) -> str:
        request = self.context.get("request")
        path = actor.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_distance_km(self, actor) -> float | None:
        distance = getattr(actor, "distance_km", None)
        return None if distance is None else round(distance, 1)


class OpeningHoursSerializer(serializers.ModelSerializer):
    """One opening period: weekday 0 (Monday) to 6 (Sunday), from `opens` until `closes`."""

    weekday = serializers.IntegerField(
        min_value=0, max_value=6, help_text=_("0 is Monday, 6 is Sunday.")
    )

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]

    def validate(self, attrs):
        if attrs["closes"] <= attrs["opens"]:
            raise serializers.ValidationError(
                {"closes": _("Closing time must be after opening time.")}
            )
        return attrs


class OpeningExceptionSerializer(serializers.ModelSerializer):
    """A date with other hours than usual: closed all day, or open from `opens` to `closes`."""

    is_closed = serializers.BooleanField(default=True, help_text=_("Closed all day."))

    class Meta:
        model = OpeningException
        fields = ["date", "is_closed", "opens", "closes", "note"]
        # Today or later on input (as on the page); a recorded past date still reads back.
        extra_kwargs = {"date": {"validators": [validate_plausible_date, validate_today_or_later]}}

    def validate(self, attrs):
        if not attrs.get("is_closed", True):
            opens, closes = attrs.get("opens"), attrs.get("closes")
            errors = {}
            if opens is None:
                errors["opens"] = _("Give the opening time, or mark the day closed.")
            if closes is None:
                errors["closes"] = _("Give the closing time, or mark the day closed.")
            if not errors and closes <= opens:
                errors["closes"] = _("Closing time must be after opening time.")
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class SalesPointSummarySerializer(serializers.ModelSerializer):
    """A sales point as part of an actor's detail: where, how and when."""

    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    municipality = ActorMunicipalitySerializer(read_only=True, allow_null=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    opening_exceptions = OpeningExceptionSerializer(many=True, read_only=True)
    is_open_now = serializers.SerializerMethodField()

    class Meta:
        model = SalesPoint
        fields = [
            "id",
            "channel",
            "channel_display",
            "name",
            "description",
            "street_address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "is_active",
            "opening_hours",
            "opening_exceptions",
            "is_open_now",
        ]
        read_only_fields = fields

    def get_is_open_now(self, sales_point) -> bool:
        return sales_point.is_active and sales_point.is_open_at(timezone.now())


class OfferSummarySerializer(serializers.ModelSerializer):
    category = ProductRefSerializer(read_only=True)
    months = serializers.SerializerMethodField(help_text=_("Months in season, 1 to 12."))

    class Meta:
        model = Offer
        fields = [
            "id",
            "category",
            "description",
            "months",
            "volume_per_week",
            "unit",
            "for_citizens",
            "for_shops",
            "for_kitchens",
            "for_processors",
            "is_active",
        ]
        read_only_fields = fields

    def get_months(self, offer) -> list[int]:
        return season_months_to_list(offer.season_months)


class NeedSummarySerializer(serializers.ModelSerializer):
    category = ProductRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "kind",
            "category",
            "service",
            "description",
            "volume",
            "unit",
            "frequency",
            "max_distance_km",
            "start_date",
            "is_active",
        ]
        read_only_fields = fields


class ActorDetailSerializer(ActorSerializer):
    """An actor with its sales points (and hours), offers and needs: its page as data."""

    sales_points = SalesPointSummarySerializer(many=True, read_only=True)
    offers = OfferSummarySerializer(many=True, read_only=True)
    needs = NeedSummarySerializer(many=True, read_only=True)

    class Meta(ActorSerializer.Meta):
        fields = [*ActorSerializer.Meta.fields, "sales_points", "offers", "needs"]
        read_only_fields = fields

    def to_representation(self, actor) -> dict:
        row = super().to_representation(actor)
        for name in ("sales_points", "offers", "needs"):
            field = self.fields[name]
            row[name] = field.to_representation(field.get_attribute(actor))
        return row


class ActorLabelWriteSerializer(serializers.Serializer):
    label = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Label.objects.all(),
        help_text=_("Slug of a label, see /api/v1/labels/."),
        error_messages={"does_not_exist": _("No label has slug {value}.")},
    )
    certifier = serializers.CharField(max_length=100, allow_blank=True, default="")


class ActorWriteSerializer(serializers.ModelSerializer):
    """What a manager may set on an actor. Its slug follows from the name on creation."""

    municipality = municipality_field()
    kbo_number = serializers.CharField(
        max_length=20,
        allow_blank=True,
        required=False,
        validators=[validate_kbo_number],
        help_text=_("Optional enterprise number (KBO), e.g. 0123.456.749."),
    )
    labels = ActorLabelWriteSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the actor's labels when given."),
    )

    class Meta:
        model = Actor
        fields = [
            "kind",
            "kitchen_type",
            "initiative_type",
            "name",
            "description",
            "street_address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "kbo_number",
            "founded_year",
            "is_public",
            "open_data_consent",
            "labels",
        ]

    def validate_kbo_number(self, value: str) -> str:
        return normalize_kbo(value) if value else ""

    def validate_labels(self, value: list[dict]) -> list[dict]:
        slugs = [item["label"].slug for item in value]
        if len(slugs) != len(set(slugs)):
            raise serializers.ValidationError(_("Give each label once."))
        return value

    def validate(self, attrs):
        """Kitchen type only for kitchens, initiative type only for citizens' initiatives."""

        def current(name, default=""):
            if name in attrs:
                return attrs[name]
            return getattr(self.instance, name) if self.instance is not None else default

        kind = current("kind", None)
        errors = {}
        if current("kitchen_type") and kind != ActorKind.KITCHEN:
            errors["kitchen_type"] = _("Only a kitchen has a kitchen type; leave it empty.")
        if current("initiative_type") and kind != ActorKind.CITIZENS_INITIATIVE:
            errors["initiative_type"] = _(
                "Only a citizens' initiative has an initiative type; leave it empty."
            )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


# --- Sales points -----------------------------------------------------------------------------


class SalesPointSerializer(SalesPointSummarySerializer):
    """A sales point with the actor it belongs to, for the sales-points list."""

    actor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta(SalesPointSummarySerializer.Meta):
        fields = ["id", "actor", "actor_name", *SalesPointSummarySerializer.Meta.fields[1:]]
        read_only_fields = fields


class SalesPointWriteSerializer(serializers.ModelSerializer):
    """A sales point as its actor's manager enters it; `opening_hours` replaces the week."""

    actor = VisibleActorField()
    municipality = municipality_field(required=False, allow_null=True)
    opening_hours = OpeningHoursSerializer(
        many=True,
        required=False,
        help_text=_("When given, replaces every weekly opening period of the sales point."),
    )

    class Meta:
        model = SalesPoint
        fields = [
            "actor",
            "channel",
            "name",
            "description",
            "street_address",
            "postcode",
            "municipality",
            "latitude",
            "longitude",
            "is_active",
            "opening_hours",
        ]

    def validate(self, attrs):
        attrs = validate_same_actor(self, attrs)
        lat = attrs.get("latitude", getattr(self.instance, "latitude", None))
        lon = attrs.get("longitude", getattr(self.instance, "longitude", None))
        if (lat is None) != (lon is None):
            missing = "longitude" if lon is None else "latitude"
            raise serializers.ValidationError(
                {missing: _("Give both latitude and longitude, or neither.")}
            )
        return attrs


def validate_same_actor(serializer, attrs):
    """A row stays with its actor: moving it to another actor is refused, not ignored."""
    instance = serializer.instance
    if instance is not None and "actor" in attrs:
        if attrs["actor"].pk != instance.actor_id:
            raise serializers.ValidationError(
                {"actor": _("This cannot be moved to another actor.")}
            )
        del attrs["actor"]
    return attrs


# --- Offers and needs -------------------------------------------------------------------------


def season_months_to_list(mask: int) -> list[int]:
    return [month for month in range(1, 13) if mask & (1 << (month - 1))]


class OfferSerializer(OfferSummarySerializer):
    actor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta(OfferSummarySerializer.Meta):
        fields = [
            "id",
            "actor",
            "actor_name",
            *OfferSummarySerializer.Meta.fields[1:],
            "updated",
        ]
        read_only_fields = fields


class OfferWriteSerializer(serializers.ModelSerializer):
    actor = VisibleActorField()
    category = category_field()
    months = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=12),
        allow_empty=False,
        max_length=12,
        required=False,
        help_text=_("Months in season, 1 to 12; all year when not given on creation."),
    )

    class Meta:
        model = Offer
        fields = [
            "actor",
            "category",
            "description",
            "months",
            "volume_per_week",
            "unit",
            "for_citizens",
            "for_shops",
            "for_kitchens",
            "for_processors",
            "is_active",
        ]

    def validate(self, attrs):
        attrs = validate_same_actor(self, attrs)
        if "months" in attrs:
            mask = 0
            for month in attrs.pop("months"):
                mask |= 1 << (month - 1)
            attrs["season_months"] = mask & ALL_MONTHS
        return attrs


class NeedSerializer(NeedSummarySerializer):
    actor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor_name = serializers.CharField(source="actor.name", read_only=True)

    class Meta(NeedSummarySerializer.Meta):
        fields = [
            "id",
            "actor",
            "actor_name",
            *NeedSummarySerializer.Meta.fields[1:],
            "updated",
        ]
        read_only_fields = fields


class NeedWriteSerializer(serializers.ModelSerializer):
    actor = VisibleActorField()
    category = category_field(required=False, allow_null=True)

    class Meta:
        model = Need
        fields = [
            "actor",
            "kind",
            "category",
            "service",
            "description",
            "volume",
            "unit",
            "frequency",
            "max_distance_km",
            "start_date",
            "is_active",
        ]

    def validate(self, attrs):
        return validate_same_actor(self, attrs)


# --- GeoJSON (documentation only: the features are built by actors.api.geojson) ---------------


class PointGeometrySerializer(serializers.Serializer):
    type = serializers.CharField(read_only=True, help_text='Always "Point".')
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        read_only=True,
        help_text=_("[longitude, latitude] (WGS84), as GeoJSON orders them."),
    )


class ActorFeaturePropertiesSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ActorKind.choices, read_only=True)
    municipality = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)
    products = ProductRefSerializer(many=True, read_only=True)
    channels = serializers.ListField(child=serializers.ChoiceField(Channel.choices), read_only=True)
    url = serializers.URLField(read_only=True, help_text=_("The actor's page in the directory."))
    # Not read-only: the schema marks every read-only field required, and this one is absent
    # without a place. The serializer only documents the shape; it never parses input.
    distance_km = serializers.FloatField(
        required=False, help_text=_("Only when near or place was given.")
    )


class ActorFeatureSerializer(serializers.Serializer):
    type = serializers.CharField(read_only=True, help_text='Always "Feature".')
    id = serializers.CharField(read_only=True, help_text=_("The actor's slug."))
    geometry = PointGeometrySerializer(read_only=True)
    properties = ActorFeaturePropertiesSerializer(read_only=True)


@extend_schema_serializer(many=False)  # one collection, never paginated
class ActorFeatureCollectionSerializer(serializers.Serializer):
    type = serializers.CharField(read_only=True, help_text='Always "FeatureCollection".')
    features = ActorFeatureSerializer(many=True, read_only=True)
    # camelCase: the member names of OGC API Features, which GIS clients understand.
    numberMatched = serializers.IntegerField(
        read_only=True, help_text=_("How many actors match the filters.")
    )
    numberReturned = serializers.IntegerField(
        read_only=True,
        help_text=_("How many features this collection holds: at most the limit."),
    )
    limit = serializers.IntegerField(read_only=True)
