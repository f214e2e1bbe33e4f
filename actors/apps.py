from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActorsConfig(AppConfig):
    """Who is in the network: actors of every kind, products, offers and needs."""

    name = "actors"
    verbose_name = _("Actors")
