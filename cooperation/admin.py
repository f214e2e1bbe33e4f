"""Admin for cooperation: forms are reference data (read-only), the rest for staff support."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cooperation.models import (
    ChainLink,
    ConsumerMembership,
    Cooperation,
    CooperationForm,
    Membership,
    PartnershipRequest,
)


@admin.register(CooperationForm)
class CooperationFormAdmin(admin.ModelAdmin):
    list_display = ["position", "slug", "name_nl", "name_fr", "name_en", "consumers_can_join"]
    ordering = ["position"]

    # The seven forms come from a data migration; edits there, not here.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["actor", "created_by", "decided_by"]
    readonly_fields = ["decided_at", "notified_at"]


class ChainLinkInline(admin.TabularInline):
    model = ChainLink
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(Cooperation)
class CooperationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "form", "status", "legal_form", "accepts_new_members", "is_public"]
    list_filter = ["form", "status", "legal_form", "is_public", "accepts_new_members"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
    inlines = [MembershipInline, ChainLinkInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["cooperation", "actor", "role", "status", "since", "until"]
    list_filter = ["status", "role"]
    search_fields = ["cooperation__name", "actor__name"]
    raw_id_fields = ["cooperation", "actor", "created_by", "decided_by"]


@admin.register(ConsumerMembership)
class ConsumerMembershipAdmin(admin.ModelAdmin):
    # Citizens' identities stay private: staff see the count per cooperation, not names.
    list_display = ["pk", "cooperation", "created"]
    list_filter = ["cooperation"]
    fields = ["cooperation", "created"]
    readonly_fields = ["cooperation", "created"]

    def has_add_permission(self, request):
        return False


@admin.register(PartnershipRequest)
class PartnershipRequestAdmin(admin.ModelAdmin):
    list_display = ["from_actor", "to_actor", "form", "status", "created", "decided_at"]
    list_filter = ["status", "form"]
    search_fields = ["from_actor__name", "to_actor__name"]
    raw_id_fields = ["from_actor", "to_actor", "created_by", "decided_by"]
    readonly_fields = ["request_notified_at", "decision_notified_at"]
