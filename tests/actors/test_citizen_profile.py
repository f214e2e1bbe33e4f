"""The citizen's private profile: home municipality, favourite producers, and their privacy."""

import html

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actors.models import CitizenProfile
from actors.services import citizen_profile_update, favourite_toggle
from tests.factories import (
    ActorFactory,
    MunicipalityFactory,
    OfferFactory,
    SalesPointFactory,
    UserFactory,
)


def url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def toggle_url(actor) -> str:
    return url("actors:favourite_toggle", slug=actor.slug)


def favourites_of(user) -> set[str]:
    return set(CitizenProfile.objects.get(user=user).favourites.values_list("slug", flat=True))


@pytest.fixture
def brugge(db):
    return MunicipalityFactory(
        nis_code="31005",
        slug="brugge",
        name_nl="Brugge",
        name_fr="Bruges",
        postcodes="8000",
        latitude=51.2093,
        longitude=3.2247,
    )


@pytest.fixture
def citizen(db):
    return UserFactory(email="burger.lies@example.org", first_name="Lies", last_name="Peeters")


@pytest.fixture
def unlisted(municipality):
    return ActorFactory(
        name="Stille Hoeve", slug="stille-hoeve", municipality=municipality, is_public=False
    )


@pytest.fixture
def bruges_farm(brugge):
    return ActorFactory(
        name="Polderhoeve",
        slug="polderhoeve",
        municipality=brugge,
        latitude=brugge.latitude,
        longitude=brugge.longitude,
    )


# --- Services ---------------------------------------------------------------------------------


def test_updating_the_home_municipality_creates_the_profile_on_first_use(citizen, municipality):
    profile = citizen_profile_update(user=citizen, home_municipality=municipality)

    assert CitizenProfile.objects.get(user=citizen).pk == profile.pk
    assert profile.home_municipality == municipality


def test_the_home_municipality_can_be_changed_and_cleared(citizen, municipality, brugge):
    citizen_profile_update(user=citizen, home_municipality=municipality)

    citizen_profile_update(user=citizen, home_municipality=brugge)
    assert CitizenProfile.objects.get(user=citizen).home_municipality == brugge

    citizen_profile_update(user=citizen, home_municipality=None)
    assert CitizenProfile.objects.get(user=citizen).home_municipality is None
    assert CitizenProfile.objects.filter(user=citizen).count() == 1


def test_anonymous_users_have_no_profile_to_update(municipality):
    with pytest.raises(PermissionDenied):
        citizen_profile_update(user=AnonymousUser(), home_municipality=municipality)
    assert CitizenProfile.objects.count() == 0


def test_toggling_a_favourite_turns_it_on_then_off(citizen, actor):
    assert favourite_toggle(user=citizen, actor=actor) is True
    assert favourites_of(citizen) == {"hoeve-de-kouter"}

    assert favourite_toggle(user=citizen, actor=actor) is False
    assert favourites_of(citizen) == set()


@pytest.mark.parametrize("wanted", [True, False])
def test_asking_for_the_same_favourite_state_twice_changes_nothing_more(citizen, actor, wanted):
    favourite_toggle(user=citizen, actor=actor, favourite=wanted)

    assert favourite_toggle(user=citizen, actor=actor, favourite=wanted) is wanted
    assert favourites_of(citizen) == ({"hoeve-de-kouter"} if wanted else set())


def test_an_unlisted_actor_cannot_be_a_favourite(citizen, unlisted):
    with pytest.raises(ValidationError) as error:
        favourite_toggle(user=citizen, actor=unlisted)

    assert "listed" in error.value.messages[0]
    assert not CitizenProfile.objects.filter(favourites=unlisted).exists()


def test_a_favourite_that_left_the_directory_can_still_be_taken_off(citizen, actor):
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    actor.is_public = False
    actor.save()

    assert favourite_toggle(user=citizen, actor=actor, favourite=False) is False
    assert favourites_of(citizen) == set()


# --- The toggle on the actor's page -----------------------------------------------------------


def test_a_signed_in_user_saves_and_removes_a_favourite_from_the_actor_page(client, citizen, actor):
    client.force_login(citizen)
    page = url("actors:actor_detail", slug=actor.slug)

    html_before = client.get(page).content.decode()
    assert "Save as favourite" in html_before
    assert 'name="csrfmiddlewaretoken"' in html_before

    response = client.post(toggle_url(actor), {"favourite": "1", "next": page})
    assert response.status_code == 302
    assert response.url == page
    assert favourites_of(citizen) == {"hoeve-de-kouter"}
    html_after = client.get(page).content.decode()
    assert "Remove from favourites" in html_after
    assert "Save as favourite" not in html_after
    assert "Hoeve De Kouter is saved in your favourites." in html_after

    client.post(toggle_url(actor), {"favourite": "0", "next": page})
    assert favourites_of(citizen) == set()


def test_sending_the_save_form_twice_keeps_the_favourite(client, citizen, actor):
    client.force_login(citizen)

    client.post(toggle_url(actor), {"favourite": "1"})
    client.post(toggle_url(actor), {"favourite": "1"})

    assert favourites_of(citizen) == {"hoeve-de-kouter"}


def test_the_toggle_checks_csrf(citizen, actor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)

    response = client.post(toggle_url(actor), {"favourite": "1"})

    assert response.status_code == 403
    assert not CitizenProfile.objects.filter(user=citizen, favourites=actor).exists()


def test_the_toggle_answers_post_only(client, citizen, actor):
    client.force_login(citizen)

    response = client.get(toggle_url(actor))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert not CitizenProfile.objects.filter(user=citizen).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_are_sent_to_log_in_and_back_to_the_actor_page(client, actor, method):
    response = getattr(client, method)(toggle_url(actor), {"favourite": "1"})

    assert response.status_code == 302
    login, _, query = response.url.partition("?")
    assert login == url("accounts:login")
    assert QueryDict(query)["next"] == url("actors:actor_detail", slug=actor.slug)
    assert CitizenProfile.objects.count() == 0


def test_an_unlisted_actor_is_not_found_by_the_toggle(client, citizen, unlisted):
    client.force_login(citizen)

    response = client.post(toggle_url(unlisted), {"favourite": "1"})

    assert response.status_code == 404
    assert not CitizenProfile.objects.filter(user=citizen, favourites=unlisted).exists()


def test_even_its_manager_cannot_favourite_an_unlisted_actor(client, unlisted, owner):
    unlisted.managers.create(user=owner, role="owner")
    client.force_login(owner)

    assert client.post(toggle_url(unlisted), {"favourite": "1"}).status_code == 404
    assert (
        "Save as favourite"
        not in client.get(url("actors:actor_detail", slug=unlisted.slug)).content.decode()
    )


def test_a_favourite_that_left_the_directory_is_removed_through_the_toggle(client, citizen, actor):
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    actor.is_public = False
    actor.save()
    client.force_login(citizen)

    response = client.post(toggle_url(actor), {"favourite": "0"})

    assert response.status_code == 302
    assert favourites_of(citizen) == set()


def test_an_unknown_actor_is_not_found_by_the_toggle(client, citizen, db):
    client.force_login(citizen)

    response = client.post(url("actors:favourite_toggle", slug="nobody-here"), {"favourite": "1"})

    assert response.status_code == 404


def test_a_bad_favourite_value_is_a_bad_request(client, citizen, actor):
    client.force_login(citizen)

    response = client.post(toggle_url(actor), {"favourite": "yes please"})

    assert response.status_code == 400
    assert not CitizenProfile.objects.filter(user=citizen, favourites=actor).exists()


def test_the_toggle_never_sends_people_to_another_site(client, citizen, actor):
    client.force_login(citizen)

    response = client.post(
        toggle_url(actor), {"favourite": "1", "next": "https://evil.example.com/"}
    )

    assert response.url == url("actors:actor_detail", slug=actor.slug)


def test_anonymous_visitors_see_a_link_to_log_in_instead_of_the_button(client, actor):
    page = url("actors:actor_detail", slug=actor.slug)

    content = client.get(page).content.decode()

    assert "Save as favourite" not in content
    assert toggle_url(actor) not in content
    assert f'href="{url("accounts:login")}?next={page}"' in content
    assert "Log in to save this producer as a favourite" in content


# --- My food profile --------------------------------------------------------------------------


def test_my_food_profile_needs_a_login(client, db):
    response = client.get(url("actors:profile"))

    assert response.status_code == 302
    assert response.url.startswith(url("accounts:login"))


def test_the_profile_path_is_not_taken_for_an_actor_slug(db):
    assert url("actors:profile") == "/en/producers/my-profile/"


def test_a_citizen_sets_the_home_municipality_on_the_profile_page(client, citizen, municipality):
    client.force_login(citizen)

    response = client.post(url("actors:profile"), {"home_municipality": municipality.pk})

    assert response.status_code == 302
    assert response.url == url("actors:profile")
    assert CitizenProfile.objects.get(user=citizen).home_municipality == municipality
    content = client.get(url("actors:profile")).content.decode()
    assert f'<option value="{municipality.pk}" selected>Gent</option>' in content
    assert "Your home municipality is saved." in content


def test_an_unknown_municipality_is_a_field_error(client, citizen, municipality):
    client.force_login(citizen)

    response = client.post(url("actors:profile"), {"home_municipality": "999999"})

    assert response.status_code == 200
    assert 'id="id_home_municipality_error"' in response.content.decode()
    assert not CitizenProfile.objects.filter(user=citizen).exists()


def test_the_profile_page_lists_favourites_with_a_link_and_a_remove_button(
    client, citizen, actor, bruges_farm
):
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    favourite_toggle(user=citizen, actor=bruges_farm, favourite=True)
    client.force_login(citizen)

    content = client.get(url("actors:profile")).content.decode()

    for farm, place in ((actor, "Gent"), (bruges_farm, "Brugge")):
        assert f'href="{url("actors:actor_detail", slug=farm.slug)}"' in content
        assert f'action="{toggle_url(farm)}"' in content
        assert f"<td>{place}</td>" in content
    assert content.index("Hoeve De Kouter") < content.index("Polderhoeve")
    assert content.count('<input type="hidden" name="favourite" value="0">') == 2

    client.post(toggle_url(actor), {"favourite": "0", "next": url("actors:profile")})
    assert favourites_of(citizen) == {"polderhoeve"}


def test_favourites_that_left_the_directory_are_not_listed(client, citizen, actor):
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    actor.is_public = False
    actor.save()
    client.force_login(citizen)

    content = client.get(url("actors:profile")).content.decode()

    assert "Hoeve De Kouter" not in content
    assert "You have no favourite producers yet." in content


def test_another_user_sees_only_their_own_profile(
    client, citizen, actor, municipality, brugge, bruges_farm
):
    citizen_profile_update(user=citizen, home_municipality=municipality)
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    neighbour = UserFactory(email="neighbour@example.org")
    citizen_profile_update(user=neighbour, home_municipality=brugge)
    favourite_toggle(user=neighbour, actor=bruges_farm, favourite=True)
    client.force_login(neighbour)

    content = client.get(url("actors:profile")).content.decode()

    assert "Polderhoeve" in content
    assert f'<option value="{brugge.pk}" selected>Brugge</option>' in content
    assert "Hoeve De Kouter" not in content
    assert f'<option value="{municipality.pk}" selected>' not in content
    assert "burger.lies@example.org" not in content


def test_the_account_page_links_to_my_food_profile(client, citizen):
    client.force_login(citizen)

    content = client.get(url("accounts:account")).content.decode()

    assert f'href="{url("actors:profile")}"' in content


# --- Privacy of favourites --------------------------------------------------------------------


@pytest.mark.parametrize("as_staff", [False, True])
def test_no_page_or_api_response_about_an_actor_names_who_favourited_it(
    client, api_client, citizen, actor, as_staff
):
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    visitor = UserFactory(email="curious@example.org", is_staff=as_staff)
    client.force_login(visitor)
    api_client.force_authenticate(visitor)

    pages = [
        client.get(url("actors:actor_detail", slug=actor.slug)),
        client.get(url("actors:directory")),
    ]
    api = [
        api_client.get(f"/api/v1/actors/{actor.slug}/"),
        api_client.get("/api/v1/actors/"),
    ]

    for response in pages + api:
        assert response.status_code == 200
        body = response.content.decode()
        assert "Hoeve De Kouter" in body
        assert "burger.lies@example.org" not in body
        assert "Peeters" not in body
    for response in api:
        assert "favourite" not in response.content.decode().lower()
    # The visitor is offered their own button only: no trace of the citizen's choice.
    assert "Save as favourite" in pages[0].content.decode()
    assert "Remove from favourites" not in pages[0].content.decode()


# --- Query count of the actor page ------------------------------------------------------------


def test_the_favourite_button_costs_one_query_and_stays_constant(client, citizen, actor):
    category = OfferFactory(actor=actor).category
    SalesPointFactory(actor=actor, name="Hoevewinkel")
    favourite_toggle(user=citizen, actor=actor, favourite=True)
    client.force_login(citizen)
    page = url("actors:actor_detail", slug=actor.slug)
    with CaptureQueriesContext(connection) as few:
        assert client.get(page).status_code == 200

    for number in range(20):
        SalesPointFactory(actor=actor, name=f"Punt {number}")
        OfferFactory(actor=actor, category=category)
    with CaptureQueriesContext(connection) as many:
        content = client.get(page).content.decode()

    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Remove from favourites" in content
    favourite_queries = [
        query["sql"] for query in many.captured_queries if "citizenprofile" in query["sql"].lower()
    ]
    assert len(favourite_queries) == 1


# --- "Near home" on the directory -------------------------------------------------------------


def near_home_href(municipality) -> str:
    return f"{url('actors:directory')}?place={municipality.nis_code}&radius_km=15"


def test_the_bare_directory_offers_a_search_near_home(client, citizen, municipality):
    citizen_profile_update(user=citizen, home_municipality=municipality)
    client.force_login(citizen)

    content = html.unescape(client.get(url("actors:directory")).content.decode())

    assert f'href="{near_home_href(municipality)}"' in content
    assert "Near home: Gent" in content


def test_the_near_home_link_searches_within_15_km_and_is_not_applied_by_itself(
    client, citizen, brugge, actor, bruges_farm
):
    citizen_profile_update(user=citizen, home_municipality=brugge)
    client.force_login(citizen)

    bare = client.get(url("actors:directory")).content.decode()
    near = client.get(near_home_href(brugge)).content.decode()

    assert "Hoeve De Kouter" in bare and "Polderhoeve" in bare
    assert "Polderhoeve" in near
    assert "Hoeve De Kouter" not in near  # Gent is about 50 km from Brugge
    assert "within 15 km of Brugge" in " ".join(near.split())
    assert "Near home:" not in near


@pytest.mark.parametrize(
    "query", ["?q=eieren", "?page=1", "?place=9000", "?kind=farmer", "?radius_km=15"]
)
def test_the_near_home_link_only_shows_without_any_query(client, citizen, municipality, query):
    citizen_profile_update(user=citizen, home_municipality=municipality)
    client.force_login(citizen)

    content = client.get(url("actors:directory") + query).content.decode()

    assert "Near home:" not in content


def test_no_near_home_link_without_a_home_municipality(client, citizen, actor):
    favourite_toggle(user=citizen, actor=actor, favourite=True)  # a profile, but no home
    client.force_login(citizen)

    content = client.get(url("actors:directory")).content.decode()

    assert "Near home:" not in content


def test_no_near_home_link_for_anonymous_visitors(client, db):
    content = client.get(url("actors:directory")).content.decode()

    assert "Near home:" not in content
