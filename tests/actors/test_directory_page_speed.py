"""The directory page at Flanders scale: what makes it cheap, and that it still shows the same.

The facets' ~300 municipalities and every product category are rendered from plain
(value, label) pairs by `select_options`, the results' products, channels and "open now" come
from two value queries for the whole page, and the total is counted in the page's own query.
Pages are read in English (/en/) unless the language is the point.
"""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actors.choices import ActorKind, Channel
from actors.models import ProductCategory
from network.models import Region
from tests.factories import (
    ActorFactory,
    LabelFactory,
    OfferFactory,
    OpeningExceptionFactory,
    OpeningHoursFactory,
    RegionFactory,
    SalesPointFactory,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")
SATURDAY_10 = datetime.datetime(2026, 6, 6, 10, 0, tzinfo=BRUSSELS)


def directory_url(language="en", **params) -> str:
    with translation.override(language):
        url = reverse("actors:directory")
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def result_names(html: str) -> list[str]:
    return re.findall(r'<h3 class="result-title"><a href="[^"]+">([^<]+)</a>', html)


def select_html(html: str, name: str) -> str:
    match = re.search(rf'<select name="{name}" id="id_{name}"[^>]*>(.*?)</select>', html, re.S)
    assert match, f"no select {name}"
    return match.group(1)


def farm(name: str, municipality, **kwargs):
    return ActorFactory(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind=ActorKind.FARMER,
        municipality=municipality,
        latitude=51.0543,
        longitude=3.7174,
        **kwargs,
    )


# --- select_options ---------------------------------------------------------------------------


def test_select_options_escapes_and_marks_the_chosen_value():
    template = Template("{% load actor_tags %}{% select_options choices chosen %}")
    choices = [("a&b", 'Fish "&" <chips>'), ("2", "Two")]

    html = template.render(Context({"choices": choices, "chosen": "2"}))

    assert html == (
        '<option value="a&amp;b">Fish &quot;&amp;&quot; &lt;chips&gt;</option>'
        '<option value="2" selected>Two</option>'
    )


def test_select_options_renders_groups_and_nothing_selected_without_a_value():
    template = Template("{% load actor_tags %}{% select_options choices chosen %}")
    choices = [("Fruit <1>", [("fruit", "Fruit: all"), ("appels", "Apples")])]

    html = template.render(Context({"choices": choices, "chosen": ""}))

    assert html == (
        '<optgroup label="Fruit &lt;1&gt;"><option value="fruit">Fruit: all</option>'
        '<option value="appels">Apples</option></optgroup>'
    )


def test_datalist_options_escapes_the_values():
    template = Template("{% load actor_tags %}{% datalist_options names %}")

    html = template.render(Context({"names": ["Gent", 'A"B']}))

    assert html == '<option value="Gent"></option><option value="A&quot;B"></option>'


# --- The facets -------------------------------------------------------------------------------


def test_the_selects_keep_the_submitted_values(client, gent, potatoes):
    label = LabelFactory(slug="test-speed-label", name_en="Speed label")
    region = RegionFactory(slug="test-speed-region", kind=Region.Kind.REGION, name_nl="Snelland")

    html = client.get(
        directory_url(
            product="aardappelen",
            label=label.slug,
            region=region.slug,
            municipality="44021",
            channel="farm_shop",
        )
    ).content.decode()

    assert '<option value="aardappelen" selected>Potatoes</option>' in select_html(html, "product")
    assert '<option value="test-speed-label" selected>Speed label</option>' in select_html(
        html, "label"
    )
    assert '<option value="test-speed-region" selected>Snelland</option>' in select_html(
        html, "region"
    )
    assert '<option value="44021" selected>Gent</option>' in select_html(html, "municipality")
    assert '<option value="farm_shop" selected>Farm shop</option>' in select_html(html, "channel")
    assert html.count(" selected>") == 7  # the five above, the radius and the sort order


def test_the_product_select_groups_children_under_their_parent(client, potatoes):
    html = select_html(client.get(directory_url()).content.decode(), "product")

    group = re.search(r'<optgroup label="Vegetables">(.*?)</optgroup>', html, re.S).group(1)
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', group)
    assert options[0] == ("groenten", "Vegetables: all")
    assert ("aardappelen", "Potatoes") in options
    assert html.strip().startswith('<option value="">All products</option>')


def test_the_region_select_groups_regions_by_kind(client, db):
    RegionFactory(slug="test-speed-province", kind=Region.Kind.PROVINCE, name_nl="Testprovincie")

    html = select_html(client.get(directory_url()).content.decode(), "region")

    group = re.search(r'<optgroup label="Province">(.*?)</optgroup>', html, re.S).group(1)
    assert '<option value="test-speed-province">Testprovincie</option>' in group


def test_municipality_names_follow_the_language(client, gent):
    html = client.get(directory_url("fr")).content.decode()

    assert '<option value="44021">Gand</option>' in select_html(html, "municipality")
    assert '<option value="Gand"></option>' in html  # the place field's suggestions


def test_a_renamed_municipality_shows_its_new_name_at_once(client, gent):
    client.get(directory_url())
    gent.name_nl = "Gent-Nieuw"
    gent.save()

    html = client.get(directory_url("nl")).content.decode()

    assert '<option value="44021">Gent-Nieuw</option>' in select_html(html, "municipality")
    assert '<option value="Gent-Nieuw"></option>' in html
    assert '<option value="Gent"></option>' not in html


# --- The results ------------------------------------------------------------------------------


def test_a_row_shows_distinct_products_in_category_order_and_its_channels_once(
    client, gent, potatoes
):
    actor = farm("Hoeve Veelzijdig", gent)
    categories = list(ProductCategory.objects.filter(parent__isnull=False).order_by("-pk")[:5])
    OfferFactory(actor=actor, category=categories[0], description="Vroege")
    for category in categories:
        OfferFactory(actor=actor, category=category)
    OfferFactory(actor=actor, category=potatoes, is_active=False)  # not offered now
    SalesPointFactory(actor=actor, channel=Channel.VENDING_MACHINE, name="Automaat")
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP, name="Winkel B")
    SalesPointFactory(actor=actor, channel=Channel.FARM_SHOP, name="Winkel A")
    SalesPointFactory(actor=actor, channel=Channel.WEBSHOP, is_active=False)

    html = client.get(directory_url()).content.decode()

    # Category order, then the order of the offers: the first offer was categories[0]'s.
    in_order = sorted(categories, key=lambda category: category.position)
    tags = re.findall(r'<li class="tag">([^<]+)</li>', html)
    assert tags == [category.name_en for category in in_order[:4]]
    assert "+1 more" in html
    channels = re.search(r'<p class="result-channels">.*?<span>([^<]+)</span></p>', html).group(1)
    assert channels == "Farm shop · Vending machine"  # each once, in the sales points' order


def test_open_now_follows_the_weekly_hours_and_todays_exception(client, gent):
    closed = farm("Hoeve Gesloten", gent)
    point = SalesPointFactory(actor=closed, channel=Channel.FARM_SHOP)
    OpeningHoursFactory(sales_point=point, weekday=5, opens="09:00", closes="12:00")
    OpeningExceptionFactory(sales_point=point, date=SATURDAY_10.date(), is_closed=True)
    extra = farm("Hoeve Extra Open", gent)
    point = SalesPointFactory(actor=extra, channel=Channel.FARM_SHOP)
    OpeningExceptionFactory(
        sales_point=point, date=SATURDAY_10.date(), is_closed=False, opens="09:30", closes="11:00"
    )
    weekly = farm("Hoeve Weekuren", gent)
    SalesPointFactory(actor=weekly, channel=Channel.VENDING_MACHINE)  # never open
    point = SalesPointFactory(actor=weekly, channel=Channel.FARM_SHOP)
    OpeningHoursFactory(sales_point=point, weekday=5, opens="09:00", closes="12:00")
    inactive = farm("Hoeve Inactief", gent)
    point = SalesPointFactory(actor=inactive, channel=Channel.FARM_SHOP, is_active=False)
    OpeningHoursFactory(sales_point=point, weekday=5, opens="09:00", closes="12:00")

    with time_machine.travel(SATURDAY_10, tick=False):
        html = client.get(directory_url()).content.decode()

    cards = dict(
        re.findall(
            r'<h3 class="result-title"><a href="[^"]+">([^<]+)</a>.*?'
            r'<p class="result-meta">(.*?)</p>',
            html,
            re.S,
        )
    )
    assert "badge-open" not in cards["Hoeve Gesloten"]
    assert "badge-open" in cards["Hoeve Extra Open"]
    assert "badge-open" in cards["Hoeve Weekuren"]
    assert "badge-open" not in cards["Hoeve Inactief"]


def test_the_page_counts_in_its_own_query_and_reads_no_opening_hours_rows(client, gent):
    for number in range(25):
        point = SalesPointFactory(actor=farm(f"Hoeve {number:02d}", gent))
        OpeningHoursFactory(sales_point=point, weekday=5)

    with CaptureQueriesContext(connection) as captured:
        html = client.get(directory_url()).content.decode()

    assert "<strong>25</strong> results" in html
    assert len(result_names(html)) == 20
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if sql.startswith("SELECT COUNT(")]
    assert not [sql for sql in statements if sql.startswith('SELECT "actors_openinghours"')]
    # The page with its map, products and channels; then municipalities, product categories,
    # labels and regions for the facets.
    assert len(statements) <= 7, statements


@pytest.mark.parametrize(
    ("page", "first", "last"), [("abc", "Hoeve 00", "Hoeve 19"), ("0", "Hoeve 20", "Hoeve 24")]
)
def test_a_bad_page_number_shows_the_first_page_and_zero_the_last(client, gent, page, first, last):
    for number in range(25):
        farm(f"Hoeve {number:02d}", gent)

    html = client.get(directory_url(page=page)).content.decode()

    names = result_names(html)
    assert (names[0], names[-1]) == (first, last)
    assert "<strong>25</strong> results" in html


def test_an_empty_result_is_one_empty_page(client, gent):
    farm("Hoeve Alleen", gent)

    html = client.get(directory_url(q="nergens", page=3)).content.decode()

    assert result_names(html) == []
    assert "<strong>0</strong> results" in html
    assert "Nothing found" in html
