"""The network-wide pages: home and about (and, later, the overview)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from network import views

app_name = "network"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(_("about/"), views.AboutView.as_view(), name="about"),
]
