"""Pages of the accounts app (under the language prefix). Placeholder until accounts lands."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

app_name = "accounts"

urlpatterns = [
    path(_("account/login/"), auth_views.LoginView.as_view(), name="login"),
    path(_("account/"), auth_views.LoginView.as_view(), name="account"),
]
