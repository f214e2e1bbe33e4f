"""A farmer finds a partner and sends a request; the other farmer accepts; both see the contact."""

import pytest
from django.urls import reverse
from django.utils import translation

from actors.choices import ManagerRole
from actors.models import ActorManager
from cooperation.choices import PartnershipStatus
from cooperation.models import PartnershipRequest
from tests.factories import (
    GENT,
    ActorFactory,
    NeedFactory,
    OfferFactory,
    ProductCategoryFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-Ketenwerk-2026"


def path(name: str) -> str:
    with translation.override("en"):
        return reverse(name)


def log_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + path("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def test_a_farmer_sends_a_partner_request_and_the_other_accepts(page, live_server):
    # Given two farms near each other: one grows potatoes, the other's shop needs them
    potatoes = ProductCategoryFactory(slug="potatoes", name_nl="aardappelen", name_en="potatoes")
    grower = UserFactory(email="an@hoeve-noord.be")
    buyer = UserFactory(email="bart@hoeve-zuid.be")
    north = ActorFactory(name="Hoeve Noord", email="info@hoeve-noord.be", latitude=GENT[0] + 0.05)
    south = ActorFactory(name="Hoeve Zuid", email="info@hoeve-zuid.be", phone="09 222 33 44")
    ActorManager.objects.create(actor=north, user=grower, role=ManagerRole.OWNER)
    ActorManager.objects.create(actor=south, user=buyer, role=ManagerRole.OWNER)
    OfferFactory(actor=north, category=potatoes, volume_per_week=40, unit="kg")
    NeedFactory(actor=south, category=potatoes, volume=20, unit="kg", max_distance_km=20)

    # When the grower opens the partner finder and sends Hoeve Zuid a request
    log_in(page, live_server, grower.email)
    page.goto(live_server.url + path("cooperation:partner_finder") + f"?actor={north.slug}")
    match = page.locator("#match-actor-" + south.slug)
    assert "20 kg" in match.inner_text()
    match.locator("summary").click()
    match.locator("textarea").fill("Wij hebben aardappelen voor uw winkel.")
    match.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1
    assert PartnershipRequest.objects.get().status == PartnershipStatus.PENDING

    # Then the other farmer sees it, without the grower's contact yet, and accepts
    log_in(page, live_server, buyer.email)
    page.goto(live_server.url + path("cooperation:partnership_requests"))
    row = page.locator("article.partnership-row").first
    assert "Wij hebben aardappelen voor uw winkel." in row.inner_text()
    assert "info@hoeve-noord.be" not in page.content()
    row.locator("form[action*='accept'] button").click()
    page.wait_for_load_state()

    # And both now see each other's business contact
    assert "info@hoeve-noord.be" in page.locator("main").inner_text()
    log_in(page, live_server, grower.email)
    page.goto(live_server.url + path("cooperation:partnership_requests"))
    main = page.locator("main").inner_text()
    assert "info@hoeve-zuid.be" in main
    assert "09 222 33 44" in main
    assert PartnershipRequest.objects.get().status == PartnershipStatus.ACCEPTED
