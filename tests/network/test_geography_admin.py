"""The admin of regions and municipalities: search and filters work on the built-in list."""

import pytest

from network.models import Municipality, Region
from network.services import ensure_builtin_geography


@pytest.fixture
def staff_client(client, django_user_model, db):
    admin = django_user_model.objects.create_superuser(
        email="beheer@example.org", password="pw-Beheer-2026!"
    )
    client.force_login(admin)
    ensure_builtin_geography()
    return client


def test_municipality_search_finds_by_nis_code_and_french_name(staff_client):
    by_code = staff_client.get("/admin/network/municipality/", {"q": "44021"})
    by_french = staff_client.get("/admin/network/municipality/", {"q": "Gand"})

    assert by_code.status_code == by_french.status_code == 200
    assert [m.nis_code for m in by_code.context["cl"].result_list] == ["44021"]
    assert [m.nis_code for m in by_french.context["cl"].result_list] == ["44021"]


def test_municipality_filters_on_province_and_region(staff_client):
    meetjesland = Region.objects.get(slug="meetjesland")
    limburg = Region.objects.get(slug="limburg")

    in_region = staff_client.get(
        "/admin/network/municipality/", {"regions__id__exact": meetjesland.pk}
    )
    in_province = staff_client.get(
        "/admin/network/municipality/", {"province__id__exact": limburg.pk}
    )

    assert in_region.status_code == in_province.status_code == 200
    assert in_region.context["cl"].result_count == 9
    assert in_province.context["cl"].result_count == (
        Municipality.objects.filter(province=limburg).count()
    )


def test_region_list_filters_on_kind(staff_client):
    response = staff_client.get("/admin/network/region/", {"kind__exact": "province"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 6


def test_municipality_change_page_opens(staff_client):
    gent = Municipality.objects.get(nis_code="44021")

    response = staff_client.get(f"/admin/network/municipality/{gent.pk}/change/")

    assert response.status_code == 200
    assert b"44021" in response.content
