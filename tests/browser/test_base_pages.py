"""The base pages in a real browser: keyboard first, language switching, and the phone menu."""

import re
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
# Screenshots of the home page, left behind for a person to look at the design.
SCREENSHOTS = Path(tempfile.gettempdir())


def localised(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def about_url(language: str) -> str:
    with translation.override(language):
        return reverse("network:about")


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_jumps_to_the_content(
    page, live_server
):
    page.goto(f"{live_server.url}/nl/")

    page.keyboard.press("Tab")

    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href')})"
    )
    assert focused == {"text": localised("nl", "Skip to content"), "href": "#main"}
    expect(page.locator(".skip-link")).to_be_in_viewport()

    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_keyboard_focus_is_drawn_around_links(page, live_server):
    page.goto(f"{live_server.url}/nl/")

    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    outline = page.evaluate(
        "() => { const style = getComputedStyle(document.activeElement);"
        " return [style.outlineStyle, parseFloat(style.outlineWidth)]; }"
    )
    assert outline[0] == "solid"
    assert outline[1] >= 2


def test_a_visitor_switches_to_french_by_clicking_its_name(page, live_server):
    page.goto(f"{live_server.url}{about_url('nl')}")

    page.get_by_role("link", name="Français").click()

    expect(page).to_have_url(f"{live_server.url}{about_url('fr')}")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator('.language-list a[aria-current="true"]')).to_have_text("Français")


def test_on_a_phone_the_menu_opens_without_javascript_and_leads_to_the_about_page(
    browser, live_server
):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/en/")
        about = page.locator(f'.main-nav a[href="{about_url("en")}"]')
        # A closed <details> skips rendering its content; checkVisibility() knows, while
        # Playwright's own visibility check only looks at the box.
        assert about.evaluate("link => link.checkVisibility()") is False

        page.get_by_text("Menu", exact=True).click()

        assert about.evaluate("link => link.checkVisibility()") is True
        about.click()
        expect(page).to_have_url(f"{live_server.url}{about_url('en')}")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/nl/", "about"])
def test_pages_fit_a_360_pixel_phone_without_sideways_scrolling(page, live_server, path):
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}{about_url('nl') if path == 'about' else path}")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_on_a_wide_screen_the_navigation_shows_without_opening_a_menu(page, live_server):
    page.goto(f"{live_server.url}/en/")

    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    about = page.locator(".main-nav").get_by_role("link", name="About the short chain")
    assert about.evaluate("link => link.checkVisibility()") is True
    expect(page.get_by_role("link", name="Nederlands")).to_be_visible()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_motion_is_switched_off_for_visitors_who_ask_for_less(page, live_server):
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/en/")

    duration = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.button')).transitionDuration)"
    )
    assert duration < 0.001


def test_home_renders_completely_on_desktop_and_phone(page, live_server):
    """Also leaves screenshots behind, to look at the design by eye."""
    page.goto(f"{live_server.url}/en/")
    expect(page.locator(".hero h1")).to_have_text(re.compile("a chain of short chains"))
    icons_loaded = page.evaluate(
        "() => [...document.images].every(image => image.complete && image.naturalWidth > 0)"
    )
    assert icons_loaded
    sprite = page.locator(".chain use").first.get_attribute("href").split("#")[0]
    assert page.request.get(f"{live_server.url}{sprite}").ok
    page.screenshot(path=SCREENSHOTS / "ketenwerk-home.png", full_page=True)

    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "ketenwerk-home-360.png", full_page=True)
