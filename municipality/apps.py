from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    """Municipal support: officers, support actions, food strategy, events."""

    name = "municipality"
    verbose_name = _("Municipal support")
