"""The URL root: pages under a language prefix (/nl/, /fr/, /en/); API, health and admin without."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from network import views

urlpatterns = [
    path("health/", views.health, name="health"),
    path("api/v1/", include("network.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("network.urls_pages")),
    path("", include("accounts.urls")),
    path("", include("actors.urls")),
    path("", include("cooperation.urls")),
    path("", include("municipality.urls")),
    prefix_default_language=True,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
