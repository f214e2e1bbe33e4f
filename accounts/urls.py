"""Pages of the accounts app, under the language prefix with translated paths."""

from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import views

app_name = "accounts"

# Converters stay outside the translated text, so a translation cannot break a route.
urlpatterns = [
    path(_("account/"), views.AccountView.as_view(), name="account"),
    path(_("account/sign-up/"), views.SignUpView.as_view(), name="signup"),
    path(_("account/login/"), views.LoginView.as_view(), name="login"),
    path(_("account/logout/"), views.LogoutView.as_view(), name="logout"),
    path(_("account/name/"), views.ProfileUpdateView.as_view(), name="profile_update"),
    path(_("account/password/"), views.PasswordChangeView.as_view(), name="password_change"),
    path(
        _("account/password/reset/"),
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        _("account/password/reset/sent/"),
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        format_lazy("{}<uidb64>/<token>/", _("account/password/reset/")),
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("account/password/reset/complete/"),
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(_("account/data/"), views.PersonalDataDownloadView.as_view(), name="data_download"),
    path(_("account/delete/"), views.AccountDeleteView.as_view(), name="delete"),
    path(_("privacy/"), views.PrivacyView.as_view(), name="privacy"),
    path(_("account/tokens/"), views.ApiTokenCreateView.as_view(), name="token_create"),
    path(
        format_lazy("{}{}", _("account/tokens/"), _("revoke-all/")),
        views.ApiTokenRevokeAllView.as_view(),
        name="token_revoke_all",
    ),
    path(
        format_lazy("{}<str:token_key>/{}", _("account/tokens/"), _("revoke/")),
        views.ApiTokenRevokeView.as_view(),
        name="token_revoke",
    ),
]
