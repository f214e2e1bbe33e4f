"""/api/v1/: every app's endpoints on one router, plus the OpenAPI schema and its docs."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api.urls import register as register_accounts
from actors.api.urls import register as register_actors
from cooperation.api.urls import register as register_cooperation
from municipality.api.urls import register as register_municipality
from network.api.views import api_not_found
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
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path("", include("accounts.api.urls")),  # /me/: GET and DELETE on one address
    path("", include(router.urls)),
    # Last: any other address under /api/v1/ ending in a slash is a JSON 404, never the HTML
    # page (an id that is no number, a slug with odd characters). Without the slash Django's
    # APPEND_SLASH redirect still applies, so this cannot swallow /api/v1/actors.
    # (?s): an encoded newline (%0A) in the address is still an address under /api/v1/.
    re_path(r"^[\s\S]*/$", api_not_found, name="api-not-found"),
]
