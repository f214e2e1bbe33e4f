"""The platform's URLs plus the benchmark's ceiling view; only bench.settings uses this."""

from django.urls import path

from bench.views import ceiling
from network.urls import urlpatterns as platform_urlpatterns

urlpatterns = [path("bench/ceiling/", ceiling, name="bench-ceiling"), *platform_urlpatterns]
