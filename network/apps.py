from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """The region as a whole: geography, shared building blocks and the overview pages."""

    name = "network"
    verbose_name = _("Network and geography")
