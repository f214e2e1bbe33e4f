"""Who is in the network and what they offer and need.

An *actor* is a business or organisation of the short chain: a farm, a processor, a shop, a
school kitchen, a food team, an adviser. Citizens and consumers are not actors: they are users
with a private profile. Actors sell through *sales points* (a farm shop, a market stall, a
vending machine) with opening hours, and publish *offers* and *needs* — the raw material the
partner finder matches.
"""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.choices import (
    ALL_MONTHS,
    ActorKind,
    Channel,
    Frequency,
    InitiativeType,
    KitchenType,
    LabelKind,
    ManagerRole,
    NeedKind,
    ServiceKind,
    Unit,
    Weekday,
)
from actors.validators import validate_kbo_number, validate_postcode
from network.geo import GeoQuerySet
from network.models import LocalizedNameMixin
from network.validators import (
    REGION_LATITUDE_VALIDATORS,
    REGION_LONGITUDE_VALIDATORS,
    validate_plausible_date,
)


class ProductCategory(LocalizedNameMixin, models.Model):
    """A two-level taxonomy of food (vegetables → potatoes) used by offers, needs and search.

    Each category records the Data Food Consortium product type it corresponds to, where one
    exists, so offers can later be exchanged with other short-chain platforms.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    dfc_uri = models.URLField(_("DFC product type"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["position", "name_nl"]

    def __str__(self):
        return self.name


class Label(LocalizedNameMixin, models.Model):
    """A label or certification an actor can carry (organic, Fair Trade, Hoeveproducten…)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=LabelKind.choices)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["name_nl"]

    def __str__(self):
        return self.name


class ActorQuerySet(GeoQuerySet):
    def listed(self):
        """Actors that chose to appear in the public directory."""
        return self.filter(is_public=True)

    def open_data(self):
        """Listed actors that also consented to publication as open data (GeoJSON, exports)."""
        return self.filter(is_public=True, open_data_consent=True)

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(managers__user=user)


class Actor(models.Model):
    """A business or organisation in the food network: one row per farm, shop, kitchen…

    Managed by one or more users (see ActorManager); listed in the directory only when
    `is_public`, and in open-data exports only with `open_data_consent` as well.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ActorKind.choices)
    kitchen_type = models.CharField(
        _("kitchen type"), max_length=20, choices=KitchenType.choices, blank=True
    )
    initiative_type = models.CharField(
        _("initiative type"), max_length=20, choices=InitiativeType.choices, blank=True
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    description = models.TextField(
        _("description"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )

    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="actors",
    )
    # In or near Belgium (network.validators): every actor belongs to one of our municipalities.
    latitude = models.FloatField(_("latitude"), validators=REGION_LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=REGION_LONGITUDE_VALIDATORS)

    phone = models.CharField(_("business phone"), max_length=30, blank=True)
    email = models.EmailField(_("business e-mail"), blank=True)
    website = models.URLField(_("website"), max_length=255, blank=True)
    photo = models.ImageField(_("photo or logo"), upload_to="actors/", blank=True)

    kbo_number = models.CharField(
        _("enterprise number (KBO)"),
        max_length=10,
        blank=True,
        validators=[validate_kbo_number],
        help_text=_("Optional. Ten digits, e.g. 0123.456.749."),
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    labels = models.ManyToManyField(
        Label, verbose_name=_("labels"), through="ActorLabel", blank=True, related_name="actors"
    )

    is_public = models.BooleanField(
        _("listed in the directory"),
        default=False,
        help_text=_("Citizens and other actors can find you in the directory."),
    )
    open_data_consent = models.BooleanField(
        _("publish as open data"),
        default=False,
        help_text=_(
            "Your public business details may be reused by open-data portals and researchers."
        ),
    )
    # Set by the services when consent is given; never typed in by anyone.
    open_data_consent_at = models.DateTimeField(
        _("open-data consent given at"), null=True, blank=True, editable=False
    )

    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActorQuerySet.as_manager()
    # Who changed what and when (network.history), written on save() only: bulk inserts of
    # seed_demo stay fast. The business contact fields are tracked: they are public business
    # data. When an actor loses its last manager because that person deleted their account,
    # accounts.services.user_delete clears them from the actor and from its history.
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        indexes = [
            # "Within R km": bounding box on the pair first (network.geo).
            models.Index(fields=["latitude", "longitude"], name="actor_latlon"),
            models.Index(fields=["kind", "is_public"], name="actor_kind_public"),
            models.Index(fields=["municipality", "is_public"], name="actor_municipality_public"),
            models.Index(fields=["-updated"], name="actor_updated"),
            models.Index(fields=["name"], name="actor_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ActorKind.KITCHEN) | Q(kitchen_type=""),
                name="actor_kitchen_type_only_for_kitchens",
            ),
            models.CheckConstraint(
                condition=Q(kind=ActorKind.CITIZENS_INITIATIVE) | Q(initiative_type=""),
                name="actor_initiative_type_only_for_initiatives",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("actors:actor_detail", kwargs={"slug": self.slug})


class ActorLabel(models.Model):
    """That an actor carries a label, and who certified it (organic needs a certifier)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="actor_labels")
    label = models.ForeignKey(Label, on_delete=models.PROTECT, related_name="actor_labels")
    certifier = models.CharField(_("certifier"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("label of an actor")
        verbose_name_plural = _("labels of actors")
        constraints = [models.UniqueConstraint(fields=["actor", "label"], name="actorlabel_unique")]

    def __str__(self):
        return f"{self.actor} · {self.label}"


class ActorManager(models.Model):
    """A user who may change an actor: its owner, or an editor the owner invited.

    Every actor has at least one owner; only owners invite and remove editors.
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="managers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="actor_roles"
    )
    role = models.CharField(_("role"), max_length=10, choices=ManagerRole.choices)
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("actor manager")
        verbose_name_plural = _("actor managers")
        constraints = [
            models.UniqueConstraint(fields=["actor", "user"], name="actormanager_unique")
        ]

    def __str__(self):
        return f"{self.user_id} → {self.actor} ({self.role})"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class ActorInvitation(models.Model):
    """An owner's invitation to a person (by e-mail) to become an editor of an actor."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.actor} ← {self.email}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.created + datetime.timedelta(days=14)


class CitizenProfile(models.Model):
    """The private side of a citizen or consumer: home municipality and favourite producers.

    Never shown to anyone but its user; it only powers "near me" and their favourites.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citizen_profile"
    )
    home_municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    favourites = models.ManyToManyField(
        Actor, verbose_name=_("favourite producers"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")

    def __str__(self):
        return f"profile {self.pk}"


class SalesPointQuerySet(GeoQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def open_at(self, moment: datetime.datetime):
        """Active sales points open at `moment` (local time), exceptions taken into account.

        Open when the weekly hours say so and no exception is recorded for that date, or when
        an exception for that date gives other hours that include the moment.
        """
        local = timezone.localtime(moment)
        now_time, today = local.time(), local.date()
        weekly = OpeningHours.objects.filter(
            sales_point=models.OuterRef("pk"),
            weekday=local.weekday(),
            opens__lte=now_time,
            closes__gt=now_time,
        )
        any_exception = OpeningException.objects.filter(
            sales_point=models.OuterRef("pk"), date=today
        )
        open_by_exception = any_exception.filter(
            is_closed=False, opens__lte=now_time, closes__gt=now_time
        )
        return self.active().filter(
            (models.Exists(weekly) & ~models.Exists(any_exception))
            | models.Exists(open_by_exception)
        )

    def open_on(self, weekday: int):
        """Active sales points with weekly opening hours on `weekday` (0 = Monday)."""
        hours = OpeningHours.objects.filter(sales_point=models.OuterRef("pk"), weekday=weekday)
        return self.active().filter(models.Exists(hours))


class SalesPoint(models.Model):
    """Where and how a citizen can buy from an actor: a farm shop, market stall, automat…

    A sales point has its own place (a market is not at the farm) and its own opening hours.
    A webshop has no place; it may name the area it delivers to in its description.
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="sales_points")
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    name = models.CharField(_("name"), max_length=150, blank=True)
    description = models.TextField(
        _("description"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    street_address = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validate_postcode]
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="sales_points",
        null=True,
        blank=True,
    )
    latitude = models.FloatField(
        _("latitude"), validators=REGION_LATITUDE_VALIDATORS, null=True, blank=True
    )
    longitude = models.FloatField(
        _("longitude"), validators=REGION_LONGITUDE_VALIDATORS, null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = SalesPointQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sales point")
        verbose_name_plural = _("sales points")
        ordering = ["channel", "name"]
        indexes = [
            models.Index(fields=["channel", "actor"], name="salespoint_channel_actor"),
            # The directory's "where to buy" filter: Exists(active point of this channel) is
            # answered from this index alone (an index-only scan), not from the whole table.
            models.Index(
                fields=["channel", "actor"],
                condition=Q(is_active=True),
                name="salespoint_active_channel",
            ),
            models.Index(fields=["latitude", "longitude"], name="salespoint_latlon"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="salespoint_point_complete",
            )
        ]

    def __str__(self):
        return self.name or self.get_channel_display()

    def is_open_at(self, moment: datetime.datetime) -> bool:
        """The same rule as `SalesPointQuerySet.open_at`, on prefetched hours and exceptions."""
        local = timezone.localtime(moment)
        now_time, today = local.time(), local.date()
        for exception in self.opening_exceptions.all():
            if exception.date == today:
                return not exception.is_closed and exception.opens <= now_time < exception.closes
        return any(
            period.weekday == local.weekday() and period.opens <= now_time < period.closes
            for period in self.opening_hours.all()
        )


class OpeningHours(models.Model):
    """One opening period of a sales point on a weekday (a day may have two: morning, evening)."""

    sales_point = models.ForeignKey(
        SalesPoint, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        indexes = [
            # "Open now" / "open on Saturday": Exists() per sales point on weekday and time.
            models.Index(
                fields=["sales_point", "weekday", "opens", "closes"],
                name="openinghours_lookup",
            ),
            models.Index(fields=["weekday", "sales_point"], name="openinghours_weekday"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="openinghours_closes_after_opens"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A day that differs from the weekly hours: closed for a holiday, or other hours."""

    sales_point = models.ForeignKey(
        SalesPoint, on_delete=models.CASCADE, related_name="opening_exceptions"
    )
    date = models.DateField(_("date"), validators=[validate_plausible_date])
    is_closed = models.BooleanField(_("closed all day"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["sales_point", "date"], name="openingexception_one_per_day"
            ),
            models.CheckConstraint(
                condition=Q(is_closed=True)
                | (
                    Q(opens__isnull=False)
                    & Q(closes__isnull=False)
                    & Q(closes__gt=models.F("opens"))
                ),
                name="openingexception_hours_when_open",
            ),
        ]
        indexes = [models.Index(fields=["date", "sales_point"], name="openingexception_date")]

    def __str__(self):
        return f"{self.date}: {self.note or ('closed' if self.is_closed else 'other hours')}"


class Offer(models.Model):
    """A product category an actor supplies: in which months, roughly how much, for whom."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="offers")
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Bit m-1 set = available in month m; 4095 = all year. One indexed integer filters on SQLite
    # and PostgreSQL alike, where an array column would not.
    season_months = models.PositiveSmallIntegerField(
        _("season"), default=ALL_MONTHS, validators=[MaxValueValidator(ALL_MONTHS)]
    )
    volume_per_week = models.DecimalField(
        _("indicative volume per week"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.KG)
    for_citizens = models.BooleanField(_("for citizens"), default=True)
    for_shops = models.BooleanField(_("for shops"), default=False)
    for_kitchens = models.BooleanField(_("for kitchens"), default=False)
    for_processors = models.BooleanField(_("for processors"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["category__position", "id"]
        indexes = [
            models.Index(fields=["category", "actor"], name="offer_category_actor"),
            models.Index(fields=["actor", "is_active"], name="offer_actor_active"),
        ]

    def __str__(self):
        return f"{self.actor} · {self.category}"

    def in_season(self, month: int) -> bool:
        return bool(self.season_months & (1 << (month - 1)))


class Need(models.Model):
    """What an actor looks for: a product, or a service such as processing or cold storage."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind"), max_length=10, choices=NeedKind.choices)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="needs",
        null=True,
        blank=True,
    )
    service = models.CharField(_("service"), max_length=20, choices=ServiceKind.choices, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    volume = models.DecimalField(
        _("volume"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(300)],
    )
    start_date = models.DateField(
        _("from"), null=True, blank=True, validators=[validate_plausible_date]
    )
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["category", "actor"], name="need_category_actor"),
            models.Index(fields=["service", "actor"], name="need_service_actor"),
            models.Index(fields=["actor", "is_active"], name="need_actor_active"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=NeedKind.PRODUCT) & Q(category__isnull=False) & Q(service=""))
                | (Q(kind=NeedKind.SERVICE) & ~Q(service="")),
                name="need_product_or_service",
            )
        ]

    def __str__(self):
        what = self.category if self.kind == NeedKind.PRODUCT else self.get_service_display()
        return f"{self.actor} needs {what}"
