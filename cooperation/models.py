"""Cooperation between actors of the short chain.

The seven *forms* of cooperation (ILVO research) are reference data. A *cooperation* takes one
form and has *members* (actors with a role, added only with their consent), citizens who are
*consumer members* (counted, never listed), and for a field-to-fork chain an ordered list of
*chain links*. A *partnership request* is how two actors start working together one to one;
accepted, it is a link in the network.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.choices import (
    COORDINATING_ROLES,
    OPEN_MEMBERSHIP_STATUSES,
    OPEN_STATUSES,
    ChainStepKind,
    CooperationStatus,
    DecisionMaking,
    LegalForm,
    MemberRole,
    MembershipStatus,
    Mindset,
    PartnershipStatus,
    PriceSetting,
    SupportMeans,
)
from network.geo import GeoQuerySet
from network.models import LocalizedNameMixin
from network.validators import (
    REGION_LATITUDE_VALIDATORS,
    REGION_LONGITUDE_VALIDATORS,
    validate_plausible_date,
)


class CooperationForm(LocalizedNameMixin, models.Model):
    """One of the seven forms of cooperation, with the mindsets it answers and means behind it.

    Fixed reference data, loaded (and kept up to date) by a data migration; people choose a
    form for their cooperation and the form guide explains them.
    """

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    explanation_nl = models.TextField(_("explanation (Dutch)"))
    explanation_fr = models.TextField(_("explanation (French)"))
    explanation_en = models.TextField(_("explanation (English)"))
    # Lists of Mindset / SupportMeans values: seven rows, read whole, never filtered in SQL.
    mindsets = models.JSONField(_("mindsets it answers"), default=list)
    means = models.JSONField(_("means that support it"), default=list)
    consumers_can_join = models.BooleanField(
        _("citizens can join as consumer members"), default=False
    )

    class Meta:
        verbose_name = _("form of cooperation")
        verbose_name_plural = _("forms of cooperation")
        ordering = ["position"]

    def __str__(self):
        return self.name

    @property
    def explanation(self) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"explanation_{language}", "") or self.explanation_nl

    def get_mindsets_display(self) -> list[str]:
        return [str(Mindset(value).label) for value in self.mindsets if value in Mindset.values]

    def get_means_display(self) -> list[str]:
        return [
            str(SupportMeans(value).label) for value in self.means if value in SupportMeans.values
        ]


class CooperationQuerySet(GeoQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def open_to_members(self):
        """Public cooperations that are going and take new members."""
        return self.filter(is_public=True, accepts_new_members=True, status__in=OPEN_STATUSES)


class Cooperation(models.Model):
    """Actors working together in one of the seven forms: a co-op, a shared kitchen, a chain…

    Its place (latitude/longitude) is the centre of its municipalities, kept by the services,
    so the list can filter "near" on an indexed pair like everything else.
    """

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True)
    form = models.ForeignKey(
        CooperationForm,
        verbose_name=_("form of cooperation"),
        on_delete=models.PROTECT,
        related_name="cooperations",
    )
    description = models.TextField(
        _("description"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CooperationStatus.choices,
        default=CooperationStatus.IDEA,
    )
    started_on = models.DateField(
        _("started on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, validators=[validate_plausible_date]
    )
    legal_form = models.CharField(
        _("legal form"), max_length=15, choices=LegalForm.choices, default=LegalForm.INFORMAL
    )
    municipalities = models.ManyToManyField(
        "network.Municipality",
        verbose_name=_("municipalities"),
        related_name="cooperations",
        blank=True,
    )
    latitude = models.FloatField(
        _("latitude"), validators=REGION_LATITUDE_VALIDATORS, null=True, blank=True
    )
    longitude = models.FloatField(
        _("longitude"), validators=REGION_LONGITUDE_VALIDATORS, null=True, blank=True
    )
    website = models.URLField(_("website"), max_length=255, blank=True)
    shared_assets = models.TextField(
        _("shared assets"),
        max_length=2000,
        blank=True,
        validators=[MaxLengthValidator(2000)],
        help_text=_("What the members share: a processing kitchen, a cold store, a van, a shop…"),
    )
    price_setting = models.CharField(
        _("price setting"),
        max_length=20,
        choices=PriceSetting.choices,
        default=PriceSetting.PRODUCER_OWN,
    )
    decision_making = models.CharField(
        _("decision making"),
        max_length=25,
        choices=DecisionMaking.choices,
        default=DecisionMaking.CONSENSUS,
    )
    decision_notes = models.TextField(
        _("how decisions are made"),
        max_length=2000,
        blank=True,
        validators=[MaxLengthValidator(2000)],
    )
    accepts_new_members = models.BooleanField(_("accepts new members"), default=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown in the list of cooperations and on the map."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CooperationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated"])

    class Meta:
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        ordering = ["name"]
        indexes = [
            # "Near + radius": bounding box on the pair first (network.geo).
            models.Index(fields=["latitude", "longitude"], name="cooperation_latlon"),
            models.Index(fields=["form", "status"], name="cooperation_form_status"),
            models.Index(fields=["is_public", "status"], name="cooperation_public_status"),
            models.Index(fields=["name"], name="cooperation_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="cooperation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="cooperation_point_complete",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cooperation:detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def coordinating(self):
        return self.active().filter(role__in=COORDINATING_ROLES)


class Membership(models.Model):
    """That an actor takes part in a cooperation, with a role, from when and until when.

    Created as a request (the actor asks; coordinators accept) or an invitation (coordinators
    ask; the actor's managers accept): an actor is never added without its own consent.
    """

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="memberships"
    )
    actor = models.ForeignKey(
        "actors.Actor", on_delete=models.CASCADE, related_name="cooperation_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    since = models.DateField(
        _("since"), null=True, blank=True, validators=[validate_plausible_date]
    )
    until = models.DateField(
        _("until"), null=True, blank=True, validators=[validate_plausible_date]
    )
    message = models.CharField(_("message"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Set when the notification was queued in the outbox (cooperation.notifications): once.
    notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()
    # The person who asked or decided is the history row's own author (history_user, set to
    # null when that account is deleted); copying created_by/decided_by would keep their id.
    history = HistoricalRecords(excluded_fields=["created_by", "decided_by", "notified_at"])

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["cooperation", "role", "id"]
        indexes = [
            models.Index(fields=["actor", "status"], name="membership_actor_status"),
            models.Index(fields=["cooperation", "status", "role"], name="membership_coop_status"),
        ]
        constraints = [
            # At most one open request, invitation or membership per actor and cooperation:
            # the database, not only the service, refuses a duplicate made concurrently.
            models.UniqueConstraint(
                fields=["cooperation", "actor"],
                condition=Q(status__in=OPEN_MEMBERSHIP_STATUSES),
                name="membership_one_open_per_actor",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]

    def __str__(self):
        return f"{self.actor} in {self.cooperation} ({self.role}, {self.status})"


class ConsumerMembership(models.Model):
    """A citizen who is a consumer member of a farmers–consumers co-operative.

    Private: counted on the cooperation's page and in its scorecard, never listed publicly.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consumer_memberships"
    )
    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="consumer_memberships"
    )
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("consumer membership")
        verbose_name_plural = _("consumer memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "cooperation"], name="consumermembership_unique"
            )
        ]

    def __str__(self):
        return f"consumer member {self.pk} of {self.cooperation_id}"


class ChainLink(models.Model):
    """One step of a field-to-fork chain: which actor does what with which product, in order.

    The consumer step names no actor. Principle 2 counts the intermediaries from these links.
    """

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="chain_links"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    step_kind = models.CharField(_("step"), max_length=10, choices=ChainStepKind.choices)
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="chain_links",
    )
    category = models.ForeignKey(
        "actors.ProductCategory",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["cooperation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "position"], name="chainlink_unique_position"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.get_step_kind_display()}"


class PartnershipRequestQuerySet(models.QuerySet):
    def accepted(self):
        return self.filter(status=PartnershipStatus.ACCEPTED)

    def between(self, actor_a, actor_b):
        return self.filter(
            Q(from_actor=actor_a, to_actor=actor_b) | Q(from_actor=actor_b, to_actor=actor_a)
        )


class PartnershipRequest(models.Model):
    """One actor's proposal to another to work together, perhaps in a named form.

    Private to the managers of the two actors (and staff). Once accepted, both see each other's
    business contact details and the pair is a link in the regional network.
    """

    from_actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("from"),
        on_delete=models.CASCADE,
        related_name="partnership_requests_sent",
    )
    to_actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("to"),
        on_delete=models.CASCADE,
        related_name="partnership_requests_received",
    )
    form = models.ForeignKey(
        CooperationForm,
        verbose_name=_("form of cooperation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(
        _("message"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PENDING,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Set when each notification was queued in the outbox (cooperation.notifications): once.
    request_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnershipRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership request")
        verbose_name_plural = _("partnership requests")
        ordering = ["-created"]
        indexes = [
            models.Index(fields=["to_actor", "status"], name="partnership_to_status"),
            models.Index(fields=["from_actor", "status"], name="partnership_from_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_actor=models.F("to_actor")), name="partnership_not_self"
            ),
            models.UniqueConstraint(
                fields=["from_actor", "to_actor"],
                condition=Q(status=PartnershipStatus.PENDING),
                name="partnership_one_pending_per_pair",
            ),
        ]

    def __str__(self):
        return f"{self.from_actor} → {self.to_actor} ({self.status})"
