"""The network-wide pages and the health endpoint."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from network.health import readiness


@never_cache
def health(request):
    """200 when every configured part answers; 503 naming the part that does not."""
    healthy, parts = readiness()
    failing = [name for name, part in parts.items() if part["status"] == "down"]
    body = {"status": "ok" if healthy else "unavailable", "failing": failing, "checks": parts}
    return JsonResponse(body, status=200 if healthy else 503)


class HomeView(TemplateView):
    template_name = "network/home.html"


class AboutView(TemplateView):
    template_name = "network/about.html"
