from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    """Who is in the network: actors of every kind, products, offers and needs."""

    name = "actors"
    verbose_name = _("Actors")

    def ready(self):
        from actors import signals

        # Cached directory answers are invalidated when their data change.
        signals.connect()
