from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Accounts and API tokens of the people who use the platform."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Registers the OpenAPI description of our token authentication with drf-spectacular.
        from accounts.api import schema  # noqa: F401
