"""The actors endpoints, registered on the one /api/v1/ router by network.api.urls."""

from actors.api.views import (
    ActorViewSet,
    LabelViewSet,
    NeedViewSet,
    OfferViewSet,
    ProductCategoryViewSet,
    SalesPointViewSet,
)


def register(router):
    """Add this app's viewsets to the shared router."""
    router.register("actors", ActorViewSet, basename="actor")
    router.register("product-categories", ProductCategoryViewSet, basename="product-category")
    router.register("labels", LabelViewSet, basename="label")
    router.register("sales-points", SalesPointViewSet, basename="sales-point")
    router.register("offers", OfferViewSet, basename="offer")
    router.register("needs", NeedViewSet, basename="need")
