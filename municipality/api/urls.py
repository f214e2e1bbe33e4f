"""The municipality endpoints, registered on the one /api/v1/ router by network.api.urls."""


def register(router):
    """Add this app's viewsets to the shared router."""
