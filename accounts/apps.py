from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts and API tokens of the people who use the platform."""

    name = "accounts"
    verbose_name = _("Accounts")
