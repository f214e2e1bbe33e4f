"""The product taxonomy and labels that the data migration loads, and their upsert."""

import importlib

import pytest
from django.apps import apps as global_apps

from actors.models import Label, ProductCategory
from actors.reference_data import (
    DFC_PRODUCT_TYPES,
    LABELS,
    ORGANIC_CERTIFIERS,
    category_rows,
    ensure_reference_data,
)

pytestmark = pytest.mark.django_db

DFC = "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#"


def _snapshot():
    categories = {
        c.slug: (c.parent.slug if c.parent else None, c.name_nl, c.name_fr, c.name_en, c.dfc_uri)
        for c in ProductCategory.objects.select_related("parent")
    }
    labels = {label.slug: (label.kind, label.name_nl) for label in Label.objects.all()}
    return categories, labels


def test_migrations_load_thirteen_top_level_categories():
    tops = set(ProductCategory.objects.filter(parent=None).values_list("slug", flat=True))

    assert len(tops) == 13
    assert {"groenten", "fruit", "zuivel", "vlees", "eieren", "honing", "dranken"} <= tops


def test_potatoes_sit_under_vegetables():
    potatoes = ProductCategory.objects.get(slug="aardappelen")

    assert potatoes.parent.slug == "groenten"
    assert (potatoes.name_nl, potatoes.name_fr, potatoes.name_en) == (
        "Aardappelen",
        "Pommes de terre",
        "Potatoes",
    )


def test_taxonomy_has_two_levels_only():
    grandchildren = ProductCategory.objects.filter(parent__parent__isnull=False)

    assert list(grandchildren) == []
    assert ProductCategory.objects.exclude(parent=None).count() >= 50


def test_every_category_is_named_in_three_languages():
    for category in ProductCategory.objects.all():
        assert category.name_nl and category.name_fr and category.name_en, category.slug


@pytest.mark.parametrize(
    ("slug", "concept"),
    [
        ("groenten", "vegetable"),
        ("aardappelen", "potato"),
        ("appels", "apples"),
        ("aardbeien", "strawberry"),
        ("melk", "milk"),
        ("eieren", "egg"),
        ("honing", "honey"),
        ("charcuterie", "delicatessen"),
    ],
)
def test_categories_carry_the_dfc_product_type(slug, concept):
    assert ProductCategory.objects.get(slug=slug).dfc_uri == DFC + concept


def test_every_dfc_uri_is_in_the_dfc_product_type_namespace():
    uris = [uri for uri in ProductCategory.objects.values_list("dfc_uri", flat=True) if uri]

    assert DFC_PRODUCT_TYPES == DFC
    assert len(uris) >= 40
    assert all(uri.startswith(DFC) and len(uri) > len(DFC) for uri in uris)


@pytest.mark.parametrize("slug", ["wortelgroenten", "kaas", "wild", "brood-en-granen"])
def test_categories_without_a_dfc_concept_leave_the_uri_empty(slug):
    assert ProductCategory.objects.get(slug=slug).dfc_uri == ""


def test_labels_are_loaded_with_their_kind():
    kinds = dict(Label.objects.values_list("slug", "kind"))

    assert kinds["eu-bio"] == "organic"
    assert kinds["biogarantie"] == "organic"
    assert kinds["fairtrade"] == "other"
    assert kinds["erkend-streekproduct"] == "other"
    assert len(kinds) == len(LABELS)


def test_organic_certifiers_are_the_flemish_control_bodies():
    assert ORGANIC_CERTIFIERS == ["Certisys", "TÜV Nord Integra", "Quality Partner"]


def test_database_matches_reference_data_module():
    """A change to actors/reference_data.py needs a data migration that loads it."""
    categories, labels = _snapshot()

    expected = {
        row["slug"]: (row["parent"], row["name_nl"], row["name_fr"], row["name_en"], row["dfc_uri"])
        for row in category_rows()
    }
    assert categories == expected
    assert labels == {row["slug"]: (row["kind"], row["name_nl"]) for row in LABELS}


def test_positions_order_categories_as_written():
    tops = list(
        ProductCategory.objects.filter(parent=None)
        .order_by("position")
        .values_list("slug", flat=True)
    )

    assert tops[:3] == ["groenten", "fruit", "zuivel"]


def test_running_the_migration_again_changes_nothing():
    before = _snapshot()
    migration = importlib.import_module("actors.migrations.0002_reference_data")

    migration.load_reference_data(global_apps, None)

    assert _snapshot() == before
    assert ProductCategory.objects.filter(slug="aardappelen").count() == 1


def test_ensure_reference_data_restores_names_and_is_idempotent():
    ProductCategory.objects.filter(slug="melk").update(name_nl="Melk (oud)", dfc_uri="")
    before_count = ProductCategory.objects.count()

    ensure_reference_data()
    ensure_reference_data()

    milk = ProductCategory.objects.get(slug="melk")
    assert (milk.name_nl, milk.dfc_uri) == ("Melk", DFC + "milk")
    assert ProductCategory.objects.count() == before_count


def test_ensure_reference_data_loads_an_empty_database():
    ProductCategory.objects.filter(parent__isnull=False).delete()
    ProductCategory.objects.all().delete()
    Label.objects.all().delete()

    ensure_reference_data()

    assert ProductCategory.objects.count() == len(category_rows())
    assert ProductCategory.objects.get(slug="aardappelen").parent.slug == "groenten"
    assert Label.objects.count() == len(LABELS)
