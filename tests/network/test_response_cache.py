"""The cached directory answers (network.response_cache): what is cached, for whom, and that
every change of the data the directory shows or filters on is seen by the next request.

The cache is switched on here (tests/conftest.py switches it off elsewhere). A test's
transaction never commits, so writes run inside `django_capture_on_commit_callbacks(
execute=True)`, which runs the after-commit bumps as a real commit would. (No transactional
test: its flush would wipe the reference data later tests of the same worker read.)
"""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from actors import services
from actors.imports import actors_import
from actors.models import Actor, ActorLabel, Offer
from network import response_cache
from network.imports import parse_csv
from network.models import Municipality
from network.response_cache import DIRECTORY, current_version
from network.services import (
    BUILTIN_MUNICIPALITIES_CSV,
    ensure_builtin_geography,
    municipalities_load,
    read_csv_rows,
)
from tests.factories import (
    ActorFactory,
    LabelFactory,
    MunicipalityFactory,
    OfferFactory,
    ProductCategoryFactory,
    RegionFactory,
    SalesPointFactory,
    UserFactory,
)

LIST = "/api/v1/actors/"
NEAR = {"near": "51.05,3.72", "radius_km": "15"}


@pytest.fixture(autouse=True)
def response_cache_on(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 300
    settings.API_RESPONSE_CACHE_PER_PROCESS = True  # LocMemCache in the SQLite run
    # A fresh version: nothing cached by an earlier test (or run, in a shared Redis) is seen.
    response_cache.bump(DIRECTORY)


@pytest.fixture
def gent(db):
    return MunicipalityFactory(
        nis_code="44021",
        slug="gent",
        name_nl="Gent",
        name_fr="Gand",
        latitude=51.05,
        longitude=3.72,
    )


@pytest.fixture
def owner(db):
    return UserFactory(email="owner@example.org")


@pytest.fixture
def farm(gent, owner):
    return ActorFactory(
        name="Hoeve De Kouter", slug="hoeve-de-kouter", municipality=gent, owner=owner
    )


@pytest.fixture
def potatoes(db):
    return ProductCategoryFactory(slug="t-aardappelen", name_en="Potatoes")


def anonymous_get(path=LIST, params=None, **extra):
    return APIClient().get(path, params or {}, **extra)


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def slugs(response) -> list[str]:
    return [row["slug"] for row in response.json()["results"]]


# --- What is cached ---------------------------------------------------------------------------


def test_the_second_identical_anonymous_request_is_a_hit_with_the_same_answer(farm):
    first = anonymous_get(params=NEAR)
    second = anonymous_get(params=NEAR)

    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert slugs(second) == ["hoeve-de-kouter"]


def test_a_hit_still_carries_the_language_and_security_headers(farm):
    anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="fr")
    hit = anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="fr")

    assert hit["X-Cache"] == "hit"
    assert hit["Content-Language"] == "fr"
    assert "Accept-Language" in hit["Vary"] and "Accept" in hit["Vary"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["X-Frame-Options"] == "DENY"


def test_the_order_of_parameters_does_not_matter(db):
    assert anonymous_get("/api/v1/actors/?radius_km=15&near=51.05,3.72")["X-Cache"] == "miss"
    assert anonymous_get("/api/v1/actors/?near=51.05,3.72&radius_km=15")["X-Cache"] == "hit"


@pytest.mark.parametrize(
    ("params", "extra"),
    [
        ({**NEAR, "radius_km": "10"}, {}),  # other parameters
        ({**NEAR, "page": "2"}, {}),
        (NEAR, {"HTTP_ACCEPT_LANGUAGE": "fr"}),  # another language
        ({**NEAR, "format": "geojson"}, {}),  # another format
        (NEAR, {"HTTP_ACCEPT": "application/geo+json"}),
        (NEAR, {"HTTP_HOST": "localhost"}),  # absolute links name the host
    ],
)
def test_another_language_format_or_query_is_another_entry(farm, params, extra):
    anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="nl")
    assert anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="nl")["X-Cache"] == "hit"

    other = anonymous_get(params=params, **{"HTTP_ACCEPT_LANGUAGE": "nl", **extra})

    assert other.status_code in (200, 404)  # page 2 of one actor does not exist
    if other.status_code == 200:
        assert other["X-Cache"] == "miss"
        assert anonymous_get(params=params, **{"HTTP_ACCEPT_LANGUAGE": "nl", **extra})[
            "X-Cache"
        ] == ("hit")


def test_geojson_hits_keep_their_media_type(farm):
    anonymous_get(params={**NEAR, "format": "geojson"})
    hit = anonymous_get(params={**NEAR, "format": "geojson"})

    assert hit["X-Cache"] == "hit"
    assert hit["Content-Type"].startswith("application/geo+json")
    assert hit.json()["type"] == "FeatureCollection"


def test_the_language_changes_the_answer_and_each_language_gets_its_own(farm):
    dutch = anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="nl")
    french = anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="fr")
    french_again = anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="fr")

    assert french["X-Cache"] == "miss" and french_again["X-Cache"] == "hit"
    assert dutch.json()["results"][0]["municipality"]["name"] == "Gent"
    assert french_again.json()["results"][0]["municipality"]["name"] == "Gand"


# --- What is never cached ---------------------------------------------------------------------


def test_signed_in_visitors_are_never_served_nor_stored_from_the_cache(farm, gent):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    ActorFactory(name="Verborgen Hoeve", slug="verborgen", municipality=gent, is_public=False)
    anonymous_get(params=NEAR)
    assert anonymous_get(params=NEAR)["X-Cache"] == "hit"

    answer = as_user(staff).get(LIST, NEAR)

    assert answer.status_code == 200
    assert "X-Cache" not in answer
    assert "verborgen" in slugs(answer)
    # ...and the staff answer was not stored for anonymous visitors either.
    assert "verborgen" not in slugs(anonymous_get(params=NEAR))


def test_open_now_depends_on_the_clock_and_is_never_cached(farm):
    params = {**NEAR, "open_now": "true"}

    first, second = anonymous_get(params=params), anonymous_get(params=params)

    assert (first.status_code, second.status_code) == (200, 200)
    assert "X-Cache" not in first and "X-Cache" not in second


def test_open_on_a_weekday_is_cached(farm):
    anonymous_get(params={**NEAR, "open_on": "saturday"})
    assert anonymous_get(params={**NEAR, "open_on": "saturday"})["X-Cache"] == "hit"


def test_an_error_is_never_cached(db):
    bad = {"radius_km": "10"}  # a radius without a place

    first, second = anonymous_get(params=bad), anonymous_get(params=bad)

    assert (first.status_code, second.status_code) == (400, 400)
    assert "X-Cache" not in first and "X-Cache" not in second


def test_a_ttl_of_zero_switches_the_cache_off(settings, farm):
    settings.API_RESPONSE_CACHE_SECONDS = 0

    assert "X-Cache" not in anonymous_get(params=NEAR)
    assert "X-Cache" not in anonymous_get(params=NEAR)


def test_a_per_process_cache_is_off_unless_the_process_is_alone(settings, farm):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.API_RESPONSE_CACHE_PER_PROCESS = False

    assert not response_cache.is_active()
    assert "X-Cache" not in anonymous_get(params=NEAR)

    settings.API_RESPONSE_CACHE_PER_PROCESS = True
    assert response_cache.is_active()


def test_redis_down_costs_the_cache_never_the_answer(settings, farm):
    settings.CACHES = {
        "default": {
            "BACKEND": "network.cache.FailSafeRedisCache",
            "LOCATION": "redis://127.0.0.1:1/9",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    first, second = anonymous_get(params=NEAR), anonymous_get(params=NEAR)

    assert (first.status_code, second.status_code) == (200, 200)
    assert slugs(second) == ["hoeve-de-kouter"]
    assert "X-Cache" not in second  # no version could be read: nothing cached


def test_any_cache_error_costs_the_cache_never_the_answer(monkeypatch, farm):
    class FullRedis:
        """Answers every call with an error FailSafeRedisCache does not swallow."""

        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise RuntimeError("OOM command not allowed when used memory > 'maxmemory'")

            return fail

    monkeypatch.setattr(response_cache, "cache", FullRedis())

    first, second = anonymous_get(params=NEAR), anonymous_get(params=NEAR)

    assert (first.status_code, second.status_code) == (200, 200)
    assert slugs(second) == ["hoeve-de-kouter"]


# --- Invalidation: every change is seen by the next request -------------------------------------


def warm(params) -> None:
    anonymous_get(params=params)
    assert anonymous_get(params=params)["X-Cache"] == "hit"


def test_a_new_offer_through_the_api_is_seen_at_once(
    farm, owner, potatoes, django_capture_on_commit_callbacks
):
    params = {**NEAR, "product": "t-aardappelen"}
    warm(params)

    with django_capture_on_commit_callbacks(execute=True):
        body = {"actor": farm.slug, "category": "t-aardappelen"}
        assert as_user(owner).post("/api/v1/offers/", body, format="json").status_code == 201

    after = anonymous_get(params=params)
    assert after["X-Cache"] == "miss"
    assert slugs(after) == ["hoeve-de-kouter"]


def test_a_paused_and_a_deleted_offer_are_seen_at_once(
    farm, owner, potatoes, django_capture_on_commit_callbacks
):
    offer = OfferFactory(actor=farm, category=potatoes)
    params = {**NEAR, "product": "t-aardappelen"}
    warm(params)

    with django_capture_on_commit_callbacks(execute=True):
        answer = as_user(owner).patch(
            f"/api/v1/offers/{offer.pk}/", {"is_active": False}, format="json"
        )
        assert answer.status_code == 200
    assert slugs(anonymous_get(params=params)) == []

    with django_capture_on_commit_callbacks(execute=True):
        offer.is_active = True
        offer.save()
    assert slugs(anonymous_get(params=params)) == ["hoeve-de-kouter"]

    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(owner).delete(f"/api/v1/offers/{offer.pk}/").status_code == 204
    assert slugs(anonymous_get(params=params)) == []


def test_a_new_sales_point_through_the_api_is_seen_at_once(
    farm, owner, django_capture_on_commit_callbacks
):
    params = {**NEAR, "channel": "farmers_market", "open_on": "saturday"}
    warm(params)

    body = {
        "actor": farm.slug,
        "channel": "farmers_market",
        "name": "Vrijdagmarkt",
        "latitude": 51.05,
        "longitude": 3.72,
        "opening_hours": [{"weekday": 5, "opens": "08:00", "closes": "13:00"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_user(owner).post("/api/v1/sales-points/", body, format="json")
        assert answer.status_code == 201, answer.content

    after = anonymous_get(params=params)
    assert after["X-Cache"] == "miss"
    assert slugs(after) == ["hoeve-de-kouter"]


def test_changed_opening_hours_are_seen_at_once(farm, owner, django_capture_on_commit_callbacks):
    point = SalesPointFactory(actor=farm)
    params = {**NEAR, "open_on": "sunday"}
    warm(params)

    with django_capture_on_commit_callbacks(execute=True):
        services.opening_hours_replace(
            sales_point=point, hours=[services.Period(weekday=6, opens="09:00", closes="12:00")]
        )

    assert slugs(anonymous_get(params=params)) == ["hoeve-de-kouter"]


def test_an_actor_changed_unlisted_or_deleted_through_the_api_is_seen_at_once(
    farm, owner, django_capture_on_commit_callbacks
):
    warm(NEAR)
    client = as_user(owner)

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.patch(f"{LIST}{farm.slug}/", {"name": "Hoeve Ter Kouter"}, format="json")
        assert answer.status_code == 200, answer.content
    renamed = anonymous_get(params=NEAR)
    assert renamed["X-Cache"] == "miss"
    assert renamed.json()["results"][0]["name"] == "Hoeve Ter Kouter"

    warm(NEAR)
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(f"{LIST}{farm.slug}/", {"is_public": False}, format="json")
    assert slugs(anonymous_get(params=NEAR)) == []

    with django_capture_on_commit_callbacks(execute=True):
        client.patch(f"{LIST}{farm.slug}/", {"is_public": True}, format="json")
    warm(NEAR)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(f"{LIST}{farm.slug}/").status_code == 204
    assert slugs(anonymous_get(params=NEAR)) == []


def test_a_new_actor_through_the_api_is_seen_at_once(
    gent, owner, django_capture_on_commit_callbacks
):
    warm(NEAR)
    body = {
        "kind": "farmer",
        "name": "Hof ter Velde",
        "municipality": gent.nis_code,
        "latitude": 51.05,
        "longitude": 3.72,
        "is_public": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_user(owner).post(LIST, body, format="json")
        assert answer.status_code == 201, answer.content

    assert slugs(anonymous_get(params=NEAR)) == ["hof-ter-velde"]


def test_labels_linked_and_renamed_are_seen_at_once(farm, django_capture_on_commit_callbacks):
    organic = LabelFactory(slug="bio", name_en="Organic", name_nl="Bio", kind="other")
    params = {**NEAR, "label": "bio"}
    warm(params)

    with django_capture_on_commit_callbacks(execute=True):
        services.actor_set_labels(actor=farm, labels=[(organic, "")])
    assert slugs(anonymous_get(params=params)) == ["hoeve-de-kouter"]

    warm(params)
    with django_capture_on_commit_callbacks(execute=True):
        organic.name_nl = "Biologisch"
        organic.save()
    answer = anonymous_get(params=params, HTTP_ACCEPT_LANGUAGE="nl")
    assert answer.json()["results"][0]["labels"][0]["name"] == "Biologisch"

    warm(params)
    with django_capture_on_commit_callbacks(execute=True):
        services.actor_set_labels(actor=farm, labels=[])
    assert slugs(anonymous_get(params=params)) == []
    assert not ActorLabel.objects.exists()


def test_a_municipality_joining_a_region_is_seen_at_once(
    farm, gent, django_capture_on_commit_callbacks
):
    region = RegionFactory(slug="leiestreek")
    params = {**NEAR, "region": "leiestreek"}
    warm(params)

    with django_capture_on_commit_callbacks(execute=True):
        gent.regions.add(region)

    assert slugs(anonymous_get(params=params)) == ["hoeve-de-kouter"]


def test_the_bulk_csv_actor_import_bumps(gent, django_capture_on_commit_callbacks):
    warm(NEAR)
    before = current_version(DIRECTORY)
    text = "name,kind,municipality,channels\nHoeve Ter Linde,farmer,44021,farm_shop\n"
    parsed = parse_csv(text.encode())

    with django_capture_on_commit_callbacks(execute=True):
        report = actors_import(rows=parsed.rows, header=parsed.header)
    assert report.ok, report.errors

    assert current_version(DIRECTORY) != before
    assert anonymous_get(params=NEAR)["X-Cache"] == "miss"
    # Imported actors are unlisted until their owner publishes them: as the import says.
    assert Actor.objects.filter(name="Hoeve Ter Linde", is_public=False).exists()


def test_the_bulk_municipality_load_is_seen_at_once(db, django_capture_on_commit_callbacks):
    ensure_builtin_geography()
    gent = Municipality.objects.get(nis_code="44021")
    ActorFactory(slug="hoeve-de-kouter", municipality=gent, latitude=51.05, longitude=3.72)
    warm(NEAR)

    rows = [dict(row) for row in read_csv_rows(BUILTIN_MUNICIPALITIES_CSV)]
    next(row for row in rows if row["nis_code"] == "44021")["name_nl"] = "Gent-Stad"
    with django_capture_on_commit_callbacks(execute=True):
        assert municipalities_load(rows=rows).ok  # bulk_update: no signals

    answer = anonymous_get(params=NEAR, HTTP_ACCEPT_LANGUAGE="nl")
    assert answer["X-Cache"] == "miss"
    assert answer.json()["results"][0]["municipality"]["name"] == "Gent-Stad"


def test_a_dry_run_municipality_load_does_not_bump(db, django_capture_on_commit_callbacks):
    ensure_builtin_geography()
    before = current_version(DIRECTORY)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        municipalities_load(rows=read_csv_rows(BUILTIN_MUNICIPALITIES_CSV), dry_run=True)

    assert callbacks == []
    assert current_version(DIRECTORY) == before


# --- Transactions: the bump follows the commit ------------------------------------------------


def test_a_write_rolled_back_does_not_bump(farm, potatoes, django_capture_on_commit_callbacks):
    warm(NEAR)
    before = current_version(DIRECTORY)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            OfferFactory(actor=farm, category=potatoes)
            farm.name = "Niet bewaard"
            farm.save()
            transaction.set_rollback(True)

    assert callbacks == []
    assert current_version(DIRECTORY) == before
    assert anonymous_get(params=NEAR)["X-Cache"] == "hit"


def test_the_bump_waits_for_the_commit(farm, potatoes, django_capture_on_commit_callbacks):
    warm(NEAR)
    version = current_version(DIRECTORY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Offer.objects.create(actor=farm, category=potatoes)
        farm.name = "Hoeve Ter Kouter"
        farm.save()
        # Not committed yet: the old version, and the cached answer, still stand.
        assert current_version(DIRECTORY) == version
        assert anonymous_get(params=NEAR)["X-Cache"] == "hit"

    assert callbacks
    for callback in callbacks:  # what the commit does
        callback()
    assert current_version(DIRECTORY) != version
    answer = anonymous_get(params=NEAR)
    assert answer["X-Cache"] == "miss"
    assert answer.json()["results"][0]["name"] == "Hoeve Ter Kouter"
