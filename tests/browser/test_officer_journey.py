"""An officer of Gent logs a connection meeting that follows an earlier action, tied to a goal
of the food strategy, and follows the chain reaction on the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from municipality import services
from municipality.models import OfficerRole, SupportAction
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-Ketenwerk-2026"


def path(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_an_officer_logs_a_connection_meeting_and_sees_it_in_the_chain(page, live_server):
    # Given an officer of Gent, the food strategy, and an earlier training
    gent = MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent")
    officer = UserFactory(email="officer@gent.example.org")
    OfficerRole.objects.create(user=officer, municipality=gent)
    goals = {g.standard_key: g for g in services.food_strategy_ensure(municipality=gent)}
    training = services.support_action_log(
        user=officer,
        municipality=gent,
        action_type="knowledge",
        title="Training voedselgeletterdheid",
        start_date=datetime.date(2026, 2, 1),
        status="done",
    )

    # When the officer logs in…
    page.goto(live_server.url + path("accounts:login"))
    page.fill("input[name=username]", officer.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # …and logs a connection meeting tied to a goal and to the training that led to it
    page.goto(live_server.url + path("municipality:action_create"))
    page.select_option("#id_municipality", str(gent.pk))
    page.select_option("#id_action_type", "connection_meeting")
    page.fill("#id_title", "Boeren en scholen ontmoeten elkaar")
    page.fill("#id_start_date", "2026-12-10")
    page.fill("#id_starts_at", "2026-12-10T19:30")
    page.fill("#id_place", "Stadhuis Gent")
    page.fill("#id_capacity", "40")
    page.fill("#id_budget", "350")
    page.select_option("#id_goals", str(goals["schools"].pk))
    page.select_option("#id_led_to_by", str(training.pk))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # Then the meeting is saved with its goal and its place in the chain
    meeting = SupportAction.objects.get(title="Boeren en scholen ontmoeten elkaar")
    assert page.url.endswith(f"/{meeting.pk}/")
    assert list(meeting.led_to_by.all()) == [training]
    assert list(meeting.goals.all()) == [goals["schools"]]

    # And on the dashboard the chain leads from the training to the meeting
    page.goto(live_server.url + path("municipality:dashboard", nis="44021"))
    root = page.locator(".chain-root").first
    assert root.locator("a").first.inner_text() == "Training voedselgeletterdheid"
    assert root.locator(".chain-next a").first.inner_text() == "Boeren en scholen ontmoeten elkaar"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_action_list_and_the_dashboard_fit_a_360_pixel_phone(page, live_server, language):
    """Long Dutch and French titles, the filter column and the charts' hidden data tables once
    made these pages 19 to 770 pixels wider than a phone."""
    gent = MunicipalityFactory(nis_code="44021", slug="gent", name_nl="Gent", name_fr="Gand")
    officer = UserFactory()
    OfficerRole.objects.create(user=officer, municipality=gent)
    services.food_strategy_ensure(municipality=gent)
    for kind in ("knowledge", "promotion", "place"):
        services.support_action_log(
            user=officer,
            municipality=gent,
            action_type=kind,
            title=f"Samenwerkingsbevorderingsinitiatief {kind}",
            start_date=datetime.date(2026, 3, 1),
            status="done",
        )
    page.set_viewport_size({"width": 360, "height": 740})
    with translation.override(language):
        pages = [
            reverse("municipality:action_list"),
            reverse("municipality:dashboard", kwargs={"nis": "44021"}),
        ]
    for address in pages:
        page.goto(live_server.url + address)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, address
