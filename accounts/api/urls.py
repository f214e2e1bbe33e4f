"""The accounts endpoints, registered on the one /api/v1/ router by network.api.urls."""

from accounts.api.views import ApiTokenViewSet, MeViewSet


def register(router):
    """Add this app's viewsets to the shared router."""
    router.register("me", MeViewSet, basename="me")
    router.register("tokens", ApiTokenViewSet, basename="api-token")
