"""The network-wide pages: home and about (and, later, the overview)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from network import import_views, views

app_name = "network"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(_("about/"), views.AboutView.as_view(), name="about"),
    # CSV imports (network/import_views.py): officers import actors, staff municipalities.
    path(_("imports/<int:pk>/"), import_views.ImportJobView.as_view(), name="import_job"),
    path(
        _("imports/<int:pk>/progress/"),
        import_views.ImportJobProgressView.as_view(),
        name="import_job_progress",
    ),
    path(
        _("imports/<int:pk>/confirm/"),
        import_views.ImportJobConfirmView.as_view(),
        name="import_job_confirm",
    ),
    path(_("imports/<str:kind>/"), import_views.ImportStartView.as_view(), name="import_start"),
]
