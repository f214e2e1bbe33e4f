"""Security headers and CSRF: what every page answers with, and what a forged form meets.

The Content-Security-Policy allows scripts and styles from our own origin only, so the pages
must carry no inline script, no event-handler attribute and no style attribute; each main page
is rendered and read for them. Every write page refuses a POST without a CSRF token.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from tests.network.security_world import (
    ANONYMOUS,
    CITIZEN,
    MANAGER,
    OFFICER,
    STAFF,
    build_world,
)
from tests.network.test_permission_matrix import PAGE_MATRIX

INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I
)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def page(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def main_pages(w):
    """(role, url) of the pages people use, anonymous and signed in."""
    farm, coop, action = w.farm.slug, w.coop.slug, w.action.pk
    return [
        (ANONYMOUS, page("network:home")),
        (ANONYMOUS, page("network:about")),
        (ANONYMOUS, page("actors:directory")),
        (ANONYMOUS, page("actors:directory") + "?near=51.05,3.72&radius_km=10"),
        (ANONYMOUS, page("actors:actor_detail", slug=farm)),
        (ANONYMOUS, page("cooperation:list")),
        (ANONYMOUS, page("cooperation:detail", slug=coop)),
        (ANONYMOUS, page("cooperation:form_guide")),
        (ANONYMOUS, page("municipality:action_list")),
        (ANONYMOUS, page("municipality:action_detail", pk=action)),
        (ANONYMOUS, page("municipality:dashboard_index")),
        (ANONYMOUS, page("municipality:dashboard", nis=w.gent.nis_code)),
        (ANONYMOUS, page("municipality:goal_list", nis=w.gent.nis_code)),
        (ANONYMOUS, page("accounts:login")),
        (ANONYMOUS, page("accounts:signup")),
        (ANONYMOUS, page("accounts:password_reset")),
        (ANONYMOUS, "/api/v1/docs/"),
        (CITIZEN, page("accounts:account")),
        (CITIZEN, page("actors:profile")),
        (MANAGER, page("actors:my_actors")),
        (MANAGER, page("actors:register")),
        (MANAGER, page("actors:actor_manage", slug=farm)),
        (MANAGER, page("actors:actor_edit", slug=farm)),
        (MANAGER, page("actors:sales_point_edit", slug=farm, pk=w.sales_point.pk)),
        (MANAGER, page("actors:offer_create", slug=farm)),
        (MANAGER, page("cooperation:partner_finder") + f"?actor={farm}"),
        (MANAGER, page("cooperation:partnership_requests")),
        (MANAGER, page("cooperation:create")),
        (MANAGER, page("municipality:survey")),
        (OFFICER, page("municipality:action_create")),
        (OFFICER, page("municipality:action_detail", pk=w.event.pk)),
        (OFFICER, page("municipality:dashboard", nis=w.gent.nis_code)),
        (STAFF, "/admin/"),
    ]


@pytest.mark.django_db
def test_every_main_page_carries_the_csp_and_needs_no_inline_script_or_style():
    w = build_world()
    problems = []
    for role, url in main_pages(w):
        client = Client()
        if role != ANONYMOUS:
            client.force_login(w.user(role))
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if response.status_code != 200:
            problems.append(f"{url} as {role}: {response.status_code}")
            continue
        policy = response.get("Content-Security-Policy", "")
        html = response.content.decode()
        checks = {
            "no CSP header": not policy,
            "CSP allows inline": "unsafe-inline" in policy or "unsafe-eval" in policy,
            "inline <script>": INLINE_SCRIPT.search(html),
            "on*= handler": EVENT_HANDLER.search(html),
            "style= attribute": STYLE_ATTRIBUTE.search(html),
            "<style> element": STYLE_ELEMENT.search(html),
        }
        problems += [
            f"{url} as {role}: {name}"
            + (f" ({found.group(0)[:80]})" if hasattr(found, "group") else "")
            for name, found in checks.items()
            if found
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_policy_names_our_origin_and_the_map_tile_server(client, settings):
    response = client.get(page("network:home"))

    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "https://tile.openstreetmap.org" in directives["img-src"].split()


def test_a_tile_server_with_subdomains_becomes_a_wildcard_origin():
    from network.config import ConfigurationError, map_tiles_origin

    assert map_tiles_origin("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org"
    )
    assert map_tiles_origin("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png") == (
        "http://127.0.0.1:8080"
    )
    with pytest.raises(ConfigurationError):
        map_tiles_origin("tiles/{z}/{x}/{y}.png")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/nl/", "/api/v1/actors/", "/health/"])
def test_pages_and_api_deny_framing_and_sniffing(client, url):
    response = client.get(url)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_htmx_is_told_not_to_inject_its_indicator_style(client):
    html = client.get(page("network:home")).content.decode()

    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in html


# --- CSRF -------------------------------------------------------------------------------------

CSRF_CASES = sorted(PAGE_MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize("key", CSRF_CASES)
def test_every_write_page_refuses_a_post_without_csrf_token(key):
    """A role allowed to write sends the valid form, but without the token: 403, no change."""
    w = build_world()
    row = PAGE_MATRIX[key]
    role = next(r for r in (ANONYMOUS, CITIZEN, MANAGER, OFFICER, STAFF) if r in row.allowed)
    user = w.user(role)
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)

    method, url, data = row.call(w, user, client)
    response = client.post(url, data or {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403, f"{key}: {response.status_code}"
    if key not in ("POST accounts:login", "POST set_language", "POST accounts:logout"):
        assert not row.done(w, user), f"{key}: refused for CSRF, but changed"


@pytest.mark.django_db
def test_the_api_with_a_session_needs_the_csrf_token_but_a_token_does_not(client):
    from accounts.services import api_token_create

    w = build_world()
    payload = {"description": "Zonder token."}
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(w.user(MANAGER))

    refused = session.patch(f"/api/v1/actors/{w.farm.slug}/", payload, format="json")

    _token, raw = api_token_create(user=w.user(MANAGER), name="Script")
    machine = APIClient(enforce_csrf_checks=True)
    machine.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    accepted = machine.patch(f"/api/v1/actors/{w.farm.slug}/", payload, format="json")

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 200
