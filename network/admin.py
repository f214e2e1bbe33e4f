"""Admin of the geography: reference data, normally loaded with `load_municipalities`."""

from django.contrib import admin

from network.models import Municipality, Region


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
