"""Admin for municipal support: staff appoint officers here; the rest is for staff support.

Survey answers are private: staff see that a farm answered, not what (no change view fields).
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from municipality.models import (
    EventRegistration,
    FoodStrategyGoal,
    OfficerRole,
    Outcome,
    SupportAction,
    SurveyResponse,
)


@admin.register(OfficerRole)
class OfficerRoleAdmin(admin.ModelAdmin):
    """Grant a user the officer role for a municipality or an intermunicipal region."""

    list_display = ["user", "municipality", "region", "created"]
    list_filter = ["region"]
    search_fields = ["user__email", "municipality__name_nl", "municipality__nis_code"]
    raw_id_fields = ["user", "municipality"]


@admin.register(FoodStrategyGoal)
class FoodStrategyGoalAdmin(admin.ModelAdmin):
    list_display = ["title", "municipality", "standard_key", "indicator", "target_value"]
    list_filter = ["standard_key"]
    search_fields = ["title", "municipality__name_nl"]
    raw_id_fields = ["municipality"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    raw_id_fields = ["cooperation", "membership", "partnership_request", "kitchen"]


@admin.register(SupportAction)
class SupportActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "municipality", "action_type", "status", "start_date", "is_public"]
    list_filter = ["action_type", "status", "funding_source", "is_public"]
    search_fields = ["title", "municipality__name_nl"]
    date_hierarchy = "start_date"
    raw_id_fields = [
        "municipality",
        "partners",
        "actors_reached",
        "cooperations_reached",
        "goals",
        "led_to_by",
        "created_by",
    ]
    inlines = [OutcomeInline]


@admin.register(EventRegistration)
class EventRegistrationAdmin(admin.ModelAdmin):
    list_display = ["action", "actor", "attended", "created"]
    raw_id_fields = ["action", "actor", "user", "registered_by"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["farmer", "year", "created"]
    list_filter = ["year"]
    fields = ["farmer", "year", "created"]
    readonly_fields = ["farmer", "year", "created"]

    def has_add_permission(self, request):
        return False
