"""The base pages every visitor sees: home, about, the header and footer, and the error pages."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from network.models import Municipality
from network.selectors import network_counts
from tests.factories import ActorFactory, SalesPointFactory

LANGUAGES = ["nl", "fr", "en"]

# One COUNT per counted thing (network_counts) and nothing per row; an anonymous visitor
# costs no session or user query.
HOME_QUERIES = 3


def url(name: str, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name)


def make_municipalities(count: int) -> None:
    Municipality.objects.bulk_create(
        Municipality(
            nis_code=f"{90000 + number:05d}",
            slug=f"gemeente-{number}",
            name_nl=f"Gemeente {number}",
            latitude=51.0 + number / 1000,
            longitude=3.7,
        )
        for number in range(count)
    )


def language_hrefs(html: str) -> dict[str, str]:
    """hreflang → href of the language switcher's links."""
    switcher = re.search(r'<ul class="language-list">(.*?)</ul>', html, re.S).group(1)
    return dict(
        (code, href)
        for href, code in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', switcher)
    )


# ---------- Home ----------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_answers_in_each_language_with_the_language_on_the_html_element(client, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.django_db
def test_home_shows_the_live_number_of_municipalities(client):
    make_municipalities(3)

    html = client.get("/en/").content.decode()

    assert '<span class="stat-number">3</span>' in html
    assert '<span class="stat-label">municipalities</span>' in html


@pytest.mark.django_db
def test_home_says_municipality_in_the_singular_for_one(client):
    make_municipalities(1)

    html = client.get("/en/").content.decode()

    assert '<span class="stat-number">1</span>' in html
    assert '<span class="stat-label">municipality</span>' in html


@pytest.mark.django_db
@pytest.mark.parametrize("municipalities", [3, 30])
def test_home_costs_the_same_queries_however_many_municipalities(
    client, django_assert_num_queries, municipalities
):
    make_municipalities(municipalities)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/nl/")

    assert response.status_code == 200


@pytest.mark.django_db
def test_home_says_what_ketenwerk_is_and_calls_to_join(client):
    html = client.get("/en/").content.decode()

    assert "a chain of short chains" in html
    for actor in ("Farmers", "Processors", "Traders", "Neighbourhood shops", "Kitchens"):
        assert actor in html
    assert f'href="{url("accounts:signup")}"' in html
    assert f'href="{reverse("api-docs")}"' in html


@pytest.mark.django_db
def test_network_counts_counts_public_actors_by_kind_in_three_queries(
    django_assert_num_queries,
):
    make_municipalities(4)
    farm = ActorFactory(kind="farmer")
    ActorFactory(kind="farmer", is_public=False)
    ActorFactory(kind="kitchen", kitchen_type="school")
    SalesPointFactory(actor=farm)
    SalesPointFactory(actor=farm, is_active=False)

    with django_assert_num_queries(3):
        counts = network_counts()

    assert counts == {
        "farmers": 1,
        "food_businesses": 1,
        "sales_points": 1,
        "municipalities": Municipality.objects.count(),
    }


def test_the_site_root_sends_a_visitor_without_preference_to_dutch(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/nl/"


# ---------- About ----------


@pytest.mark.django_db
def test_about_lists_the_five_short_chain_principles(client):
    html = client.get(url("network:about")).content.decode()

    principles = re.findall(r'<article class="card principle">.*?<h3>(.*?)</h3>', html, re.S)
    assert principles == [
        "Close to the customer, always in contact",
        "A limited number of links",
        "A say in setting the price",
        "A local character",
        "Ambassadors for farming",
    ]


@pytest.mark.django_db
def test_about_explains_forms_of_cooperation_support_actions_and_the_chain_reaction(client):
    html = client.get(url("network:about")).content.decode()

    for text in (
        "Mutual purchasing",
        "Field-to-fork chain",
        "Loss aversion".lower(),
        "Use the city as a lever",
        "Sustainable meals for everyone.",
        "Parents help organise work days on the local farm.",
    ):
        assert text in html
    assert len(re.findall(r"<li>", html.split('class="reaction')[1].split("</ol>")[0])) == 5


@pytest.mark.django_db
def test_about_has_its_name_in_the_title_and_is_current_in_the_navigation(client):
    html = client.get(url("network:about")).content.decode()

    assert "<title>About the short chain · Ketenwerk</title>" in html
    assert f'<a href="{url("network:about")}" aria-current="page">' in html


@pytest.mark.django_db
def test_home_title_is_the_site_name_alone(client):
    html = client.get("/en/").content.decode()

    assert "<title>Ketenwerk</title>" in html


# ---------- Header and footer ----------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_language_links_point_to_the_same_page_in_every_language(client, language):
    html = client.get(url("network:about", language)).content.decode()

    assert language_hrefs(html) == {code: url("network:about", code) for code in LANGUAGES}


@pytest.mark.django_db
def test_each_language_is_named_in_itself_and_the_current_one_is_marked(client):
    html = client.get("/fr/").content.decode()

    assert '<a href="/nl/" hreflang="nl" lang="nl">Nederlands</a>' in html
    assert '<a href="/fr/" hreflang="fr" lang="fr" aria-current="true">Français</a>' in html
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html


@pytest.mark.django_db
def test_language_links_keep_the_query_string(client):
    html = client.get("/en/?page=2").content.decode()

    assert language_hrefs(html)["fr"] == "/fr/?page=2"


@pytest.mark.django_db
def test_anonymous_header_offers_log_in_and_sign_up(client):
    html = client.get("/en/").content.decode()

    assert f'<a class="account-link" href="{url("accounts:login")}">Log in</a>' in html
    assert f'href="{url("accounts:signup")}">Sign up</a>' in html
    assert url("accounts:logout") not in html


@pytest.mark.django_db
def test_signed_in_header_offers_the_account_and_a_logout_form_that_posts(client, user):
    client.force_login(user)

    html = client.get("/en/").content.decode()

    assert f'href="{url("accounts:account")}"' in html
    assert "My account" in html
    assert f'<form method="post" action="{url("accounts:logout")}">' in html
    assert "Log in</a>" not in html
    assert user.email not in html


@pytest.mark.django_db
def test_footer_links_to_the_api_documentation(client):
    html = client.get("/en/").content.decode()

    footer = html.split('<footer class="site-footer">')[1]
    assert f'href="{reverse("api-docs")}"' in footer
    assert f'href="{url("network:about")}"' in footer


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["network:home", "network:about"])
def test_pages_carry_no_inline_script_or_style_for_a_strict_content_security_policy(client, page):
    html = client.get(url(page)).content.decode()

    assert " style=" not in html
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


# ---------- Error pages ----------


@pytest.mark.django_db
def test_unknown_page_answers_404_with_our_page_and_language_links_to_the_homes(client):
    response = client.get("/en/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "This page is not in the chain" in html
    assert language_hrefs(html) == {"nl": "/nl/", "fr": "/fr/", "en": "/en/no-such-page/"}


def test_server_error_page_renders_without_request_context_or_database():
    # No django_db mark: a single query would fail this test.
    request = RequestFactory().get("/en/")

    with translation.override("en"):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'href="/"' in html


# ---------- Shared partials ----------


class ChoiceForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As on the farm sign.")
    kind = forms.ChoiceField(
        label="Kind", choices=[("farmer", "Farmer"), ("shop", "Shop")], widget=forms.RadioSelect
    )
    public = forms.BooleanField(label="Show publicly", required=False)


def test_form_fields_tie_help_and_errors_to_their_input():
    form = ChoiceForm(data={"name": ""})

    html = render_to_string("includes/form_fields.html", {"form": form})

    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert '<p class="help" id="id_name_helptext">As on the farm sign.</p>' in html
    assert html.count('id="id_name_error"') == 1
    assert 'class="field field-error field-required"' in html


def test_form_fields_put_a_group_of_radios_in_a_fieldset_with_a_legend():
    form = ChoiceForm(data={"name": "De Hoeve"})

    html = render_to_string("includes/form_fields.html", {"form": form})

    assert re.search(r'<fieldset aria-describedby="id_kind_error">\s*<legend>Kind</legend>', html)
    assert '<label class="checkbox" for="id_public">' in html


@pytest.mark.django_db
def test_a_refusal_explains_itself_on_a_styled_page(client):
    from tests.factories import ActorFactory, UserFactory

    actor = ActorFactory()
    client.force_login(UserFactory())

    response = client.get(reverse("actors:actor_edit", kwargs={"slug": actor.slug}))

    assert response.status_code == 403
    assert "Only the people who manage this business" in response.content.decode()
