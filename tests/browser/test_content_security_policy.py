"""The Content-Security-Policy in a real browser: no page breaks a directive while it works.

Chromium reports every refused script, style or image in the console ("Refused to …"). The
pages that run the most of our JavaScript are visited — the directory with its map and live
filtering, an actor's page, the dashboard with map and charts, a sales-point form with the
location picker, the API documentation — and the console must stay free of such reports.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from municipality.models import OfficerRole
from tests.factories import ActorFactory, MunicipalityFactory, SalesPointFactory, UserFactory

pytestmark = pytest.mark.browser


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


PASSWORD = "pw-Ketenwerk-2026"  # tests.factories.UserFactory's


def log_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server.url}{url('accounts:login')}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_the_main_pages_break_no_csp_directive(page, live_server, transactional_db):
    gent = MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent")
    owner = UserFactory(email="boer@example.org")
    OfficerRole.objects.create(user=owner, municipality=gent)
    farm = ActorFactory(
        name="Hoeve De Kouter", slug="hoeve-de-kouter", municipality=gent, owner=owner
    )
    point = SalesPointFactory(actor=farm)
    reports = []
    page.on(
        "console",
        lambda message: (
            reports.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: reports.append(f"{page.url}: {error}"))

    # The listener is not blind: an injected inline style is reported and refused.
    page.goto(f"{live_server.url}{url('network:home')}")
    page.evaluate("document.head.insertAdjacentHTML('beforeend', '<style>body{color:red}</style>')")
    page.wait_for_timeout(200)
    assert any("style" in report for report in reports), reports
    reports.clear()

    for address in (
        url("network:home"),
        url("actors:directory"),
        url("actors:actor_detail", slug=farm.slug),
        url("municipality:dashboard", nis="44021"),
        url("cooperation:list"),
        "/api/v1/docs/",
    ):
        page.goto(f"{live_server.url}{address}")
        page.wait_for_load_state("networkidle")
    # Live filtering: htmx swaps the results in without a reload.
    page.goto(f"{live_server.url}{url('actors:directory')}")
    page.fill("#id_q", "Kouter")
    page.wait_for_load_state("networkidle")
    log_in(page, live_server, owner.email)
    page.goto(f"{live_server.url}{url('actors:sales_point_edit', slug=farm.slug, pk=point.pk)}")
    page.wait_for_load_state("networkidle")

    assert not reports, "\n".join(reports)
