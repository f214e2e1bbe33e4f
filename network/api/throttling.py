"""API throttles whose rates are read when a request comes, not when the module is imported.

DRF's own classes copy `DEFAULT_THROTTLE_RATES` once at import, so a changed setting (a test, or
settings reloaded) would not apply. Counts live in the default cache: Redis in production, so
every gunicorn worker shares them; if the cache is down, the fail-safe cache lets requests
through rather than failing them.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettingsMixin:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(RatesFromSettingsMixin, throttling.AnonRateThrottle):
    """Anonymous clients, counted per address."""


class UserRateThrottle(RatesFromSettingsMixin, throttling.UserRateThrottle):
    """Signed-in users (session or token), counted per user."""
