from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalityConfig(AppConfig):
    """Municipal support: officers, support actions, food strategy, events."""

    name = "municipality"
    verbose_name = _("Municipal support")

    def ready(self):
        # Principle 5 of the cooperation scorecard counts the support actions that reached a
        # cooperation; cooperation cannot import us (dependencies point one way), so we register.
        from cooperation.scorecard import register_ambassadorship_source
        from municipality.selectors import ambassadorship_activities

        register_ambassadorship_source(ambassadorship_activities)
