"""JSON shapes of the geography: municipalities by NIS code, regions by slug."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from network.models import Municipality, Region

LOCALIZED_NAME_HELP = _("Name in the language of the request (French or Dutch).")


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)

    class Meta:
        model = Region
        fields = ["slug", "kind", "name", "name_nl", "name_fr", "code"]
        read_only_fields = fields


class MunicipalitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text=LOCALIZED_NAME_HELP)
    province = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    regions = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "nis_code",
            "name",
            "name_nl",
            "name_fr",
            "slug",
            "province",
            "regions",
            "latitude",
            "longitude",
            "population",
        ]
        read_only_fields = fields
