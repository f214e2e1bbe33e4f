from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """The seven forms of cooperation, cooperations, partner finding and the scorecard."""

    name = "cooperation"
    verbose_name = _("Cooperation")
