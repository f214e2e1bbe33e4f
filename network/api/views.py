"""API of the geography: regions and municipalities, read-only public reference data."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import viewsets

from network.api.serializers import MunicipalitySerializer, RegionSerializer
from network.filters import MunicipalityFilterSet, RegionFilterSet
from network.selectors import municipality_list, region_list


class MunicipalityViewSet(viewsets.ReadOnlyModelViewSet):
    """Flemish and Brussels municipalities (2025 list), looked up by NIS code: /44021/."""

    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilterSet
    lookup_field = "nis_code"
    lookup_value_regex = r"[0-9]{5}"

    def get_queryset(self):
        return municipality_list()


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Provinces, streken and intermunicipal regions, looked up by slug: /meetjesland/."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "slug"
    lookup_value_regex = r"[-a-z0-9]+"

    def get_queryset(self):
        return region_list()


@csrf_exempt  # a 404 changes nothing; the CSRF check would answer an HTML 403 first
def api_not_found(request, *args, **kwargs):
    """No endpoint or no such row at this address: the API's JSON 404, whatever the method."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


def register(router):
    """Add the network's viewsets to the shared router."""
    router.register("municipalities", MunicipalityViewSet, basename="municipality")
    router.register("regions", RegionViewSet, basename="region")
