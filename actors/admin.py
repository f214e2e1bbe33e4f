"""Admin of the actors app: for staff who support the network, not for the actors themselves.

Actors manage their own pages on the site; staff use this to help, correct and moderate.
"""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from actors.models import (
    Actor,
    ActorInvitation,
    ActorLabel,
    ActorManager,
    CitizenProfile,
    Label,
    Need,
    Offer,
    OpeningException,
    OpeningHours,
    ProductCategory,
    SalesPoint,
)

# Web addresses typed without a scheme are read as https (Django 6's default, chosen now).
URL_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class ProductCategoryChildInline(admin.TabularInline):
    model = ProductCategory
    fk_name = "parent"
    fields = ["position", "slug", "name_nl", "name_fr", "name_en", "dfc_uri"]
    extra = 0
    formfield_overrides = URL_HTTPS
    verbose_name = _("sub-category")
    verbose_name_plural = _("sub-categories")


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "name_en", "slug", "parent", "position"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name_nl", "name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}
    ordering = ["parent__position", "position", "name_nl"]
    formfield_overrides = URL_HTTPS
    inlines = [ProductCategoryChildInline]


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "name_en", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_nl", "name_fr", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


class ActorLabelInline(admin.TabularInline):
    model = ActorLabel
    extra = 0
    autocomplete_fields = ["label"]


class ActorManagerInline(admin.TabularInline):
    model = ActorManager
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created"]


class SalesPointInline(admin.StackedInline):
    model = SalesPoint
    extra = 0
    show_change_link = True  # opening hours are edited on the sales point's own admin page
    fields = [
        ("channel", "name", "is_active"),
        "description",
        ("street_address", "postcode", "municipality"),
        ("latitude", "longitude"),
    ]
    autocomplete_fields = ["municipality"]


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    fields = [
        "category",
        "description",
        "season_months",
        "volume_per_week",
        "unit",
        "for_citizens",
        "for_shops",
        "for_kitchens",
        "for_processors",
        "is_active",
    ]
    autocomplete_fields = ["category"]


class NeedInline(admin.TabularInline):
    model = Need
    extra = 0
    fields = [
        "kind",
        "category",
        "service",
        "volume",
        "unit",
        "frequency",
        "max_distance_km",
        "start_date",
        "is_active",
    ]
    autocomplete_fields = ["category"]


class HasManagerFilter(admin.SimpleListFilter):
    """Actors left without a manager (their last manager deleted their account) wait here for
    staff to hand them to someone or delete them (accounts.services.user_delete)."""

    title = _("manager")
    parameter_name = "managed"

    def lookups(self, request, model_admin):
        return [("yes", _("has a manager")), ("no", _("no manager"))]

    def queryset(self, request, queryset):
        managed = models.Exists(ActorManager.objects.filter(actor=models.OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(managed)
        if self.value() == "no":
            return queryset.filter(~managed)
        return queryset


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality", "is_public", "open_data_consent", "updated"]
    list_filter = [
        "kind",
        "is_public",
        "open_data_consent",
        HasManagerFilter,
        ("municipality__province", admin.RelatedOnlyFieldListFilter),
        ("labels", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["municipality"]
    search_fields = ["name", "slug", "description", "municipality__name_nl", "kbo_number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["municipality"]
    readonly_fields = ["open_data_consent_at", "created", "updated"]
    date_hierarchy = "created"
    formfield_overrides = URL_HTTPS
    inlines = [ActorLabelInline, SalesPointInline, OfferInline, NeedInline, ActorManagerInline]
    fieldsets = [
        (None, {"fields": ["kind", "kitchen_type", "initiative_type", "name", "slug"]}),
        (_("What"), {"fields": ["description", "photo", "founded_year", "kbo_number"]}),
        (
            _("Where"),
            {"fields": ["street_address", "postcode", "municipality", ("latitude", "longitude")]},
        ),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (
            _("Publication"),
            {"fields": ["is_public", "open_data_consent", "open_data_consent_at"]},
        ),
        (_("History"), {"fields": ["created", "updated"]}),
    ]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(SalesPoint)
class SalesPointAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "actor", "channel", "municipality", "is_active"]
    list_filter = ["channel", "is_active"]
    list_select_related = ["actor", "municipality"]
    search_fields = ["name", "actor__name", "municipality__name_nl", "street_address"]
    autocomplete_fields = ["actor", "municipality"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]


@admin.register(Offer)
class OfferAdmin(SimpleHistoryAdmin):
    list_display = ["actor", "category", "volume_per_week", "unit", "is_active", "updated"]
    list_filter = ["is_active", ("category", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["actor", "category"]
    search_fields = ["actor__name", "category__name_nl", "description"]
    autocomplete_fields = ["actor", "category"]


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["actor", "kind", "category", "service", "frequency", "is_active"]
    list_filter = ["kind", "service", "frequency", "is_active"]
    list_select_related = ["actor", "category"]
    search_fields = ["actor__name", "category__name_nl", "description"]
    autocomplete_fields = ["actor", "category"]


@admin.register(ActorInvitation)
class ActorInvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the site; here staff can see and withdraw them."""

    list_display = ["actor", "email", "created", "accepted_at"]
    list_filter = [("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["actor"]
    search_fields = ["actor__name", "email"]
    # The token is a secret: it grants access to whoever holds it.
    exclude = ["token"]
    readonly_fields = ["actor", "email", "invited_by", "created", "accepted_at", "accepted_by"]

    def has_add_permission(self, request):
        return False


@admin.register(CitizenProfile)
class CitizenProfileAdmin(admin.ModelAdmin):
    """Private data of citizens: listed for support, searched by nothing personal but the id."""

    list_display = ["__str__", "home_municipality"]
    list_select_related = ["home_municipality"]
    raw_id_fields = ["user"]
    filter_horizontal = ["favourites"]
    autocomplete_fields = ["home_municipality"]
