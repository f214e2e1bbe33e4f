"""The network-wide pages and the health endpoint."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from network.health import readiness
from network.selectors import network_counts


@never_cache
def health(request):
    """200 when every configured part answers; 503 naming the part that does not."""
    healthy, parts = readiness()
    failing = [name for name, part in parts.items() if part["status"] == "down"]
    body = {"status": "ok" if healthy else "unavailable", "failing": failing, "checks": parts}
    return JsonResponse(body, status=200 if healthy else 503)


class HomeView(TemplateView):
    """What Ketenwerk is and for whom, with the network's size counted live."""

    template_name = "network/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = network_counts()
        return context


class AboutView(TemplateView):
    """The short chain explained: principles, forms of cooperation, municipal support."""

    template_name = "network/about.html"
