"""The accounts endpoints: /me/ (read, delete, download data) and /tokens/ on the shared router.

`/me/` answers GET and DELETE on one address, which the router's list route cannot map, so it
is routed here and included by network.api.urls before the router.
"""

from django.urls import path

from accounts.api.views import ApiTokenViewSet, MeViewSet

urlpatterns = [
    path("me/", MeViewSet.as_view({"get": "list", "delete": "destroy"}), name="me-list"),
    path("me/data/", MeViewSet.as_view({"get": "data"}), name="me-data"),
]


def register(router):
    """Add this app's viewsets to the shared router."""
    router.register("tokens", ApiTokenViewSet, basename="api-token")
