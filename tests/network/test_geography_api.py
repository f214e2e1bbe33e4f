"""/api/v1/municipalities/ and /api/v1/regions/: public, read-only reference data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network.models import Municipality, Region

MUNICIPALITIES = "/api/v1/municipalities/"
REGIONS = "/api/v1/regions/"


@pytest.fixture
def geography(db):
    """Two provinces, two streken and four municipalities, just enough to filter on."""
    ov = Region.objects.create(
        slug="oost-vlaanderen",
        kind=Region.Kind.PROVINCE,
        name_nl="Oost-Vlaanderen",
        name_fr="Flandre-Orientale",
        code="40000",
    )
    wv = Region.objects.create(
        slug="west-vlaanderen",
        kind=Region.Kind.PROVINCE,
        name_nl="West-Vlaanderen",
        name_fr="Flandre-Occidentale",
        code="30000",
    )
    meetjesland = Region.objects.create(
        slug="meetjesland", kind=Region.Kind.REGION, name_nl="Meetjesland", name_fr="Meetjesland"
    )
    leiestreek = Region.objects.create(
        slug="leiestreek", kind=Region.Kind.REGION, name_nl="Leiestreek", name_fr="Région de la Lys"
    )
    gent = make("44021", "Gent", "Gand", ov, 51.0543, 3.7174, 270000)
    eeklo = make("43005", "Eeklo", "Eeklo", ov, 51.1858, 3.5656, 21500, [meetjesland])
    aalter = make("44084", "Aalter", "Aalter", ov, 51.0856, 3.4466, 31000, [meetjesland])
    kortrijk = make("34022", "Kortrijk", "Courtrai", wv, 50.8281, 3.265, None, [leiestreek])
    return {"gent": gent, "eeklo": eeklo, "aalter": aalter, "kortrijk": kortrijk, "ov": ov}


def make(nis_code, name_nl, name_fr, province, lat, lon, population=None, regions=()):
    municipality = Municipality.objects.create(
        nis_code=nis_code,
        slug=name_nl.lower(),
        name_nl=name_nl,
        name_fr=name_fr,
        province=province,
        latitude=lat,
        longitude=lon,
        population=population,
    )
    municipality.regions.set(regions)
    return municipality


def names(response):
    return [item["name_nl"] for item in response.json()["results"]]


class TestMunicipalities:
    def test_detail_by_nis_code_has_the_documented_shape(self, api_client, geography):
        response = api_client.get(f"{MUNICIPALITIES}43005/")

        assert response.status_code == 200
        assert response.json() == {
            "nis_code": "43005",
            "name": "Eeklo",
            "name_nl": "Eeklo",
            "name_fr": "Eeklo",
            "slug": "eeklo",
            "province": "oost-vlaanderen",
            "regions": ["meetjesland"],
            "latitude": 51.1858,
            "longitude": 3.5656,
            "population": 21500,
        }

    @pytest.mark.parametrize(("language", "name"), [("fr", "Gand"), ("nl", "Gent"), ("en", "Gent")])
    def test_name_follows_the_language_of_the_request(self, api_client, geography, language, name):
        response = api_client.get(f"{MUNICIPALITIES}44021/", HTTP_ACCEPT_LANGUAGE=language)

        assert response.json()["name"] == name

    def test_list_is_public_paginated_and_sorted_by_dutch_name(self, api_client, geography):
        response = api_client.get(MUNICIPALITIES)

        assert response.status_code == 200
        assert response.json()["count"] == 4
        assert names(response) == ["Aalter", "Eeklo", "Gent", "Kortrijk"]

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("province=oost-vlaanderen", ["Aalter", "Eeklo", "Gent"]),
            ("province=west-vlaanderen", ["Kortrijk"]),
            ("region=meetjesland", ["Aalter", "Eeklo"]),
            ("region=leiestreek&province=oost-vlaanderen", []),
            ("q=gand", ["Gent"]),  # the French name
            ("q=KORT", ["Kortrijk"]),
            ("q=440", ["Aalter", "Gent"]),  # the start of the NIS code
            ("q=%20%20", ["Aalter", "Eeklo", "Gent", "Kortrijk"]),
        ],
    )
    def test_filters(self, api_client, geography, query, expected):
        response = api_client.get(f"{MUNICIPALITIES}?{query}")

        assert response.status_code == 200
        assert names(response) == expected

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("province=narnia", "province"),
            ("province=meetjesland", "province"),  # a streek is not a province
            ("region=oost-vlaanderen", "region"),  # and a province is not a streek
            ("region=atlantis", "region"),
        ],
    )
    def test_an_unknown_slug_is_a_field_error(self, api_client, geography, query, field):
        response = api_client.get(f"{MUNICIPALITIES}?{query}")

        assert response.status_code == 400
        assert list(response.json()) == [field]

    @pytest.mark.parametrize("code", ["99999", "4402", "gent", "440210"])
    def test_an_unknown_nis_code_is_404(self, api_client, geography, code):
        assert api_client.get(f"{MUNICIPALITIES}{code}/").status_code == 404

    def test_query_count_does_not_grow_with_the_number_of_municipalities(
        self, api_client, geography, django_assert_num_queries
    ):
        # Given 3 municipalities with regions, count the queries of one list page
        Municipality.objects.filter(nis_code="34022").delete()
        url = f"{MUNICIPALITIES}?page_size=100"
        with CaptureQueriesContext(connection) as at_three:
            assert api_client.get(url).json()["count"] == 3

        # When there are 30, with regions and provinces of their own
        streek = Region.objects.get(slug="meetjesland")
        for index in range(27):
            province = Region.objects.create(
                slug=f"p{index}", kind=Region.Kind.PROVINCE, name_nl=f"P{index}"
            )
            make(f"{90000 + index}", f"M{index:02}", "", province, 51.0, 4.0, 100, [streek])

        # Then the same number of queries serves them all
        with django_assert_num_queries(len(at_three.captured_queries)):
            response = api_client.get(url)
        assert response.json()["count"] == 30
        assert len(response.json()["results"]) == 30


class TestRegions:
    def test_list_filters_on_kind(self, api_client, geography):
        response = api_client.get(f"{REGIONS}?kind=province")

        assert response.status_code == 200
        assert [r["slug"] for r in response.json()["results"]] == [
            "oost-vlaanderen",
            "west-vlaanderen",
        ]

    def test_detail_by_slug(self, api_client, geography):
        response = api_client.get(f"{REGIONS}leiestreek/", HTTP_ACCEPT_LANGUAGE="fr")

        assert response.status_code == 200
        assert response.json() == {
            "slug": "leiestreek",
            "kind": "region",
            "name": "Région de la Lys",
            "name_nl": "Leiestreek",
            "name_fr": "Région de la Lys",
            "code": "",
        }

    def test_an_unknown_kind_is_a_field_error(self, api_client, geography):
        response = api_client.get(f"{REGIONS}?kind=county")

        assert response.status_code == 400
        assert list(response.json()) == ["kind"]

    def test_an_unknown_slug_is_404(self, api_client, geography):
        assert api_client.get(f"{REGIONS}narnia/").status_code == 404

    def test_query_count_does_not_grow_with_the_number_of_regions(
        self, api_client, geography, django_assert_num_queries
    ):
        with CaptureQueriesContext(connection) as at_four:
            api_client.get(REGIONS)
        for index in range(10):
            Region.objects.create(slug=f"r{index}", kind=Region.Kind.REGION, name_nl=f"R{index}")

        with django_assert_num_queries(len(at_four.captured_queries)):
            assert api_client.get(REGIONS).json()["count"] == 14


class TestWritesAreRefused:
    @pytest.mark.parametrize(
        ("method", "url"),
        [
            ("post", MUNICIPALITIES),
            ("put", f"{MUNICIPALITIES}44021/"),
            ("patch", f"{MUNICIPALITIES}44021/"),
            ("delete", f"{MUNICIPALITIES}44021/"),
            ("post", REGIONS),
            ("delete", f"{REGIONS}meetjesland/"),
        ],
    )
    def test_anonymous_writes_are_refused(self, api_client, geography, method, url):
        response = getattr(api_client, method)(url, {"name_nl": "Gentbrugge"}, format="json")

        assert response.status_code in (401, 403)
        assert Municipality.objects.get(nis_code="44021").name_nl == "Gent"
        assert Region.objects.filter(slug="meetjesland").exists()

    @pytest.mark.parametrize(
        ("method", "url"),
        [
            ("post", MUNICIPALITIES),
            ("put", f"{MUNICIPALITIES}44021/"),
            ("patch", f"{MUNICIPALITIES}44021/"),
            ("delete", f"{MUNICIPALITIES}44021/"),
            ("post", REGIONS),
            ("delete", f"{REGIONS}meetjesland/"),
        ],
    )
    def test_signed_in_writes_are_not_allowed(self, api_client, geography, user, method, url):
        api_client.force_authenticate(user)

        response = getattr(api_client, method)(url, {"name_nl": "Gentbrugge"}, format="json")

        assert response.status_code == 405
        assert Municipality.objects.get(nis_code="44021").name_nl == "Gent"
        assert Region.objects.filter(slug="meetjesland").exists()
