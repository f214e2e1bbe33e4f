"""Admin of the geography: reference data, normally loaded with `load_municipalities`."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import ImportJob, Municipality, OutboxEmail, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "slug", "kind", "code"]
    list_filter = ["kind"]
    search_fields = ["name_nl", "name_fr", "slug", "code"]
    prepopulated_fields = {"slug": ["name_nl"]}
    ordering = ["kind", "name_nl"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_fr", "nis_code", "province", "population"]
    list_filter = [
        ("province", admin.RelatedOnlyFieldListFilter),
        ("regions", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["province"]
    search_fields = ["name_nl", "name_fr", "nis_code", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}
    filter_horizontal = ["regions"]
    ordering = ["name_nl"]
    fieldsets = [
        (None, {"fields": ["nis_code", "name_nl", "name_fr", "slug"]}),
        (None, {"fields": ["province", "regions"]}),
        (None, {"fields": ["latitude", "longitude", "population"]}),
    ]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """CSV imports, read only: who imported what and with which report. The uploaded text is
    not shown (it lists businesses' contact details) and is dropped when a job ends."""

    list_display = ["file_name", "kind", "status", "created_by", "total_rows", "created"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
    exclude = ["content"]
    readonly_fields = [
        "kind",
        "status",
        "created_by",
        "municipality",
        "file_name",
        "language",
        "total_rows",
        "processed_rows",
        "report",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Did the mail go out? Read-only: rows are written by the actions that cause them."""

    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "dedupe_key"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = [
        "to",
        "subject",
        "body_text",
        "body_html",
        "status",
        "attempts",
        "last_error",
        "dedupe_key",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send again now (failed or pending)"))
    def retry_now(self, request, queryset):
        from network.outbox import outbox_send_one

        queryset.exclude(status=OutboxEmail.Status.SENT).update(
            status=OutboxEmail.Status.PENDING, next_attempt_at=timezone.now()
        )
        sent = sum(outbox_send_one(pk) for pk in queryset.values_list("pk", flat=True))
        self.message_user(request, _("%(count)d e-mail(s) sent.") % {"count": sent})
