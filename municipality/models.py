"""Municipal support for the short chain.

*Officers* act for one or more municipalities (or a whole intermunicipal region). They log
*support actions* — the seven kinds the ILVO presentation names — tie them to the goals of the
municipality's *food strategy*, and record what each led to: the next action (a chain
reaction) and *outcomes* linked to records of the network (a new cooperation, membership,
accepted partnership, a kitchen taking up short-chain supply). Connection meetings and work
sessions are *events* people register for. Farmers answer the yearly *survey* "Boeren en
Burgers", shown only in aggregate.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipality.choices import (
    EVENT_TYPES,
    OUTCOME_FIELD,
    FundingSource,
    OutcomeKind,
    StandardGoal,
    SupportActionStatus,
    SupportActionType,
)
from network.validators import validate_plausible_date


class OfficerRole(models.Model):
    """That a user is a municipal officer for one municipality or one intermunicipal region.

    Granted by staff in the admin. An officer writes support actions, goals and events only for
    their own municipalities; a region role covers all its municipalities.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="officer_roles",
    )
    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="officer_roles",
    )
    region = models.ForeignKey(
        "network.Region",
        verbose_name=_("intermunicipal region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="officer_roles",
        limit_choices_to={"kind": "intermunicipal"},
    )
    created = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("officer role")
        verbose_name_plural = _("officer roles")
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(region__isnull=True))
                | (Q(municipality__isnull=True) & Q(region__isnull=False)),
                name="officerrole_municipality_xor_region",
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"], name="officerrole_unique_municipality"
            ),
            models.UniqueConstraint(fields=["user", "region"], name="officerrole_unique_region"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.municipality or self.region}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if bool(self.municipality_id) == bool(self.region_id):
            raise ValidationError(_("Choose either a municipality or an intermunicipal region."))
        if self.region_id and self.region.kind != "intermunicipal":
            raise ValidationError(
                {"region": _("Officers are appointed for an intermunicipal region only.")}
            )


class FoodStrategyGoal(models.Model):
    """A goal of a municipality's local food strategy (lokaal voedselbeleid).

    Six standard goals are created with the strategy; a municipality adds its own. An optional
    target indicator (text, number, unit) says how the goal is measured.
    """

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="food_strategy_goals",
    )
    standard_key = models.CharField(
        _("standard goal"), max_length=30, choices=StandardGoal.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=3000, blank=True, validators=[MaxLengthValidator(3000)]
    )
    indicator = models.CharField(_("target indicator"), max_length=200, blank=True)
    target_value = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    target_unit = models.CharField(_("unit"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)

    class Meta:
        verbose_name = _("food-strategy goal")
        verbose_name_plural = _("food-strategy goals")
        ordering = ["municipality", "position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "standard_key"],
                condition=~Q(standard_key=""),
                name="goal_one_standard_per_municipality",
            )
        ]

    def __str__(self):
        return self.title


# The most places an event can offer: a regional fair, not a stadium.
MAX_CAPACITY = 10_000


class SupportActionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def events(self):
        return self.filter(action_type__in=EVENT_TYPES)


class SupportAction(models.Model):
    """Something a municipality does for the short chain: one of the seven support actions.

    The public record of municipal support; officers of the municipality write it. Connection
    meetings and work sessions are events (date and time, place, capacity, registrations).
    `led_to_by` records the chain reaction: the earlier actions that led to this one.
    """

    municipality = models.ForeignKey(
        "network.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="support_actions",
    )
    action_type = models.CharField(_("type"), max_length=30, choices=SupportActionType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        _("description"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )
    start_date = models.DateField(_("start date"), validators=[validate_plausible_date])
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=[validate_plausible_date]
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SupportActionStatus.choices,
        default=SupportActionStatus.PLANNED,
    )
    budget = models.DecimalField(
        _("budget (euro)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    staff_hours = models.DecimalField(
        _("staff hours"),
        max_digits=8,
        decimal_places=1,
        default=0,
        validators=[MinValueValidator(0)],
    )
    funding_source = models.CharField(
        _("funding source"),
        max_length=15,
        choices=FundingSource.choices,
        default=FundingSource.OWN_BUDGET,
    )
    partners = models.ManyToManyField(
        "actors.Actor",
        verbose_name=_("partner organisations"),
        related_name="support_actions_as_partner",
        blank=True,
        help_text=_("Knowledge institutions and advisers that take part."),
    )
    actors_reached = models.ManyToManyField(
        "actors.Actor",
        verbose_name=_("actors reached"),
        related_name="support_actions_reached",
        blank=True,
    )
    cooperations_reached = models.ManyToManyField(
        "cooperation.Cooperation",
        verbose_name=_("cooperations reached"),
        related_name="support_actions_reached",
        blank=True,
    )
    goals = models.ManyToManyField(
        FoodStrategyGoal,
        verbose_name=_("food-strategy goals"),
        related_name="actions",
        blank=True,
    )
    led_to_by = models.ManyToManyField(
        "self",
        verbose_name=_("led to by"),
        symmetrical=False,
        related_name="led_to",
        blank=True,
        help_text=_("The earlier actions that led to this one (a chain reaction)."),
    )
    outcomes = models.TextField(
        _("outcomes"), max_length=5000, blank=True, validators=[MaxLengthValidator(5000)]
    )
    is_public = models.BooleanField(_("public"), default=True)

    # Events (connection meetings and work sessions) only.
    starts_at = models.DateTimeField(
        _("starts at"), null=True, blank=True, validators=[validate_plausible_date]
    )
    ends_at = models.DateTimeField(
        _("ends at"), null=True, blank=True, validators=[validate_plausible_date]
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    # A meeting of more than MAX_CAPACITY places is a typing error (and 2**40 places would not
    # fit PostgreSQL's integer column).
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = SupportActionQuerySet.as_manager()
    # The author is the first history row's history_user; registrations (citizens' names) are
    # another model and are not tracked.
    history = HistoricalRecords(excluded_fields=["created_by", "updated"])

    class Meta:
        verbose_name = _("support action")
        verbose_name_plural = _("support actions")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-start_date"], name="action_municipality_date"),
            models.Index(fields=["action_type", "status"], name="action_type_status"),
            models.Index(fields=["is_public", "starts_at"], name="action_public_starts"),
            models.Index(fields=["funding_source"], name="action_funding"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="action_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="action_budget_positive"),
            models.CheckConstraint(condition=Q(staff_hours__gte=0), name="action_hours_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("municipality:action_detail", kwargs={"pk": self.pk})

    @property
    def is_event(self) -> bool:
        return self.action_type in EVENT_TYPES

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        if self.is_event:
            if not self.starts_at:
                errors["starts_at"] = _("An event needs a date and time.")
            if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
                errors["ends_at"] = _("An event cannot end before it starts.")
        elif self.capacity:
            errors["capacity"] = _("Only connection meetings and work sessions take registrations.")
        if errors:
            raise ValidationError(errors)


def _one_record_per_kind() -> Q:
    """Each kind of outcome links exactly its own record (OUTCOME_FIELD) and no other."""
    condition = Q()
    for kind, own in OUTCOME_FIELD.items():
        nulls = {f"{field}__isnull": field != own for field in OUTCOME_FIELD.values()}
        condition |= Q(kind=kind, **nulls)
    return condition


class Outcome(models.Model):
    """A record of the network that a support action led to: a linked row, not free text only.

    Exactly the field that matches the kind is set (a new cooperation, a new membership, an
    accepted partnership request, or the kitchen that took up short-chain supply).
    """

    action = models.ForeignKey(
        SupportAction, on_delete=models.CASCADE, related_name="outcome_records"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    cooperation = models.ForeignKey(
        "cooperation.Cooperation",
        verbose_name=_("cooperation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    membership = models.ForeignKey(
        "cooperation.Membership",
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    partnership_request = models.ForeignKey(
        "cooperation.PartnershipRequest",
        verbose_name=_("partnership request"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kitchen = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("kitchen"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "kitchen"},
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["action", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=_one_record_per_kind(),
                name="outcome_links_record_of_its_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ← {self.action_id}"

    @property
    def record(self):
        return getattr(self, OUTCOME_FIELD[OutcomeKind(self.kind)])


class EventRegistration(models.Model):
    """A place taken at a connection meeting or work session, by an actor or a citizen.

    A citizen's name is private: only the officers of the municipality see it. After the event
    the officer records attendance; attending actors' new partnerships and memberships within
    90 days count as the event's outcome (municipality.selectors.event_outcomes).
    """

    action = models.ForeignKey(
        SupportAction, on_delete=models.CASCADE, related_name="registrations"
    )
    actor = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("actor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["action", "created", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(actor__isnull=False) & Q(user__isnull=True))
                | (Q(actor__isnull=True) & Q(user__isnull=False)),
                name="registration_actor_xor_citizen",
            ),
            models.UniqueConstraint(
                fields=["action", "actor"],
                condition=Q(actor__isnull=False),
                name="registration_one_per_actor",
            ),
            models.UniqueConstraint(
                fields=["action", "user"],
                condition=Q(user__isnull=False),
                name="registration_one_per_citizen",
            ),
        ]

    def __str__(self):
        return f"registration {self.pk} for {self.action_id}"


class SurveyResponse(models.Model):
    """A farmer's yearly answer to the survey "Boeren en Burgers" (farmers and citizens).

    Private to the farm's managers; everyone else sees only aggregates over groups of at least
    `SURVEY_MIN_GROUP_SIZE` answers (a setting), so no single answer can be read off.
    """

    farmer = models.ForeignKey(
        "actors.Actor",
        verbose_name=_("farm"),
        on_delete=models.CASCADE,
        related_name="survey_responses",
        limit_choices_to={"kind": "farmer"},
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    # Lists of ContactChannel / MunicipalRole values: read whole, counted in Python.
    contact_channels = models.JSONField(_("contact with citizens"), default=list)
    municipality_important = models.BooleanField(
        _("the municipality has an important role in bringing farmers and citizens together")
    )
    municipal_roles = models.JSONField(_("important for"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["farmer", "year"], name="survey_one_per_farm_year")
        ]

    def __str__(self):
        return f"survey {self.year} · {self.farmer_id}"
