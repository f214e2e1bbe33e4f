"""Distances in Python and SQL: the ground under "near me" and the cooperation distances."""

import math

import pytest

from network.geo import EARTH_RADIUS_KM, bounding_box, haversine_km
from network.models import Municipality, Region

GENT = (51.0543, 3.7174)
BRUGGE = (51.2093, 3.2247)
LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)


def destination(lat, lon, distance_km, bearing_deg):
    """The point `distance_km` from (lat, lon) along `bearing_deg` on the sphere."""
    delta = distance_km / EARTH_RADIUS_KM
    theta = math.radians(bearing_deg)
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    return math.degrees(phi2), math.degrees(lambda2)


class TestHaversine:
    def test_gent_to_brugge_is_about_38_and_a_half_km_as_the_crow_flies(self):
        # The road is longer (~50 km); the straight line between the two centres is ~38.5 km.
        assert haversine_km(*GENT, *BRUGGE) == pytest.approx(38.5, abs=1.0)

    def test_london_to_paris_matches_the_published_great_circle_distance(self):
        assert haversine_km(*LONDON, *PARIS) == pytest.approx(343.5, abs=1.0)

    def test_one_degree_of_latitude_is_about_111_km(self):
        assert haversine_km(51.0, 4.0, 52.0, 4.0) == pytest.approx(111.195, abs=0.01)

    def test_a_point_is_zero_km_from_itself(self):
        assert haversine_km(*GENT, *GENT) == 0.0

    @pytest.mark.parametrize(
        ("a", "b"),
        [(GENT, BRUGGE), (LONDON, PARIS), ((50.7456, 3.6006), (51.2306, 5.3133))],
    )
    def test_distance_is_symmetric(self, a, b):
        assert haversine_km(*a, *b) == pytest.approx(haversine_km(*b, *a), rel=1e-12)

    def test_antipodes_are_half_the_circumference_apart(self):
        assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * EARTH_RADIUS_KM)


class TestBoundingBox:
    @pytest.mark.parametrize("centre", [GENT, (50.75, 5.8), (0.0, 0.0), (69.6, 18.9)])
    @pytest.mark.parametrize("radius_km", [0.5, 10, 25, 150])
    def test_every_point_at_the_radius_lies_inside_the_box(self, centre, radius_km):
        box = bounding_box(*centre, radius_km)
        for bearing in range(0, 360, 5):
            lat, lon = destination(*centre, radius_km, bearing)
            assert box.min_lat <= lat <= box.max_lat, bearing
            assert box.min_lon <= lon <= box.max_lon, bearing

    def test_box_is_not_much_larger_than_the_circle(self):
        box = bounding_box(*GENT, 10)
        height_km = haversine_km(box.min_lat, GENT[1], box.max_lat, GENT[1])
        assert height_km == pytest.approx(20, abs=0.01)

    def test_box_near_the_pole_is_clamped_to_valid_coordinates(self):
        box = bounding_box(89.99, 10.0, 50)
        assert box.max_lat == 90.0
        assert -180.0 <= box.min_lon and box.max_lon <= 180.0


@pytest.fixture
def oost_vlaanderen(db):
    return Region.objects.create(
        slug="oost-vlaanderen", kind=Region.Kind.PROVINCE, name_nl="Oost-Vlaanderen"
    )


def place(province, nis_code, name, lat, lon):
    return Municipality.objects.create(
        nis_code=nis_code,
        slug=name.lower(),
        name_nl=name,
        province=province,
        latitude=lat,
        longitude=lon,
    )


class TestNearOnTheDatabase:
    def test_near_returns_exactly_the_points_within_the_radius(self, oost_vlaanderen):
        # Given points due north and due east of Gent at known distances
        distances = {"n5": (5, 0), "e9": (9.9, 90), "n10": (10.1, 0), "e20": (20, 90)}
        for index, (name, (km, bearing)) in enumerate(distances.items()):
            place(oost_vlaanderen, f"9900{index}", name, *destination(*GENT, km, bearing))
        place(oost_vlaanderen, "99009", "centre", *GENT)

        # When we ask for everything within 10 km
        found = Municipality.objects.near(*GENT, 10)

        # Then only the centre and the points at 5 and 9.9 km come back
        assert sorted(m.name_nl for m in found) == ["centre", "e9", "n5"]

    def test_near_orders_by_distance_and_annotates_it(self, oost_vlaanderen):
        for index, km in enumerate([7, 2, 12, 4]):
            place(oost_vlaanderen, f"9800{index}", f"p{km}", *destination(*GENT, km, 45 * index))

        found = list(Municipality.objects.near(*GENT, 15).order_by("distance_km"))

        assert [m.name_nl for m in found] == ["p2", "p4", "p7", "p12"]
        for municipality in found:
            expected = haversine_km(*GENT, municipality.latitude, municipality.longitude)
            assert municipality.distance_km == pytest.approx(expected, abs=1e-6)

    def test_near_agrees_with_python_over_the_built_in_list(self, db):
        from network.services import ensure_builtin_geography

        ensure_builtin_geography()
        for radius_km in (5, 15, 40):
            expected = {
                m.nis_code
                for m in Municipality.objects.all()
                if haversine_km(*GENT, m.latitude, m.longitude) <= radius_km
            }
            found = set(
                Municipality.objects.near(*GENT, radius_km).values_list("nis_code", flat=True)
            )
            assert found == expected
            assert "44021" in found

    def test_within_box_keeps_candidates_the_circle_then_drops(self, oost_vlaanderen):
        # A point in the box's corner is outside the circle but inside the box.
        box = bounding_box(*GENT, 10)
        place(oost_vlaanderen, "97001", "corner", box.max_lat - 1e-4, box.max_lon - 1e-4)

        assert Municipality.objects.within_box(*GENT, 10).count() == 1
        assert Municipality.objects.near(*GENT, 10).count() == 0
