"""/api/v1/: every app's endpoints on one router, plus the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from accounts.api.urls import register as register_accounts
from actors.api.urls import register as register_actors
from cooperation.api.urls import register as register_cooperation
from municipality.api.urls import register as register_municipality
from network.api.views import register as register_network

router = DefaultRouter()
for register in (
    register_network,
    register_accounts,
    register_actors,
    register_cooperation,
    register_municipality,
):
    register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
