"""The reference data every offer, need and search stands on: product categories and labels.

Kept as plain Python so a reviewer reads it like a table. Data migrations load a *copy* of it
(a migration must keep meaning what it meant when it was written); `ensure_reference_data()`
upserts the current version, for `seed_demo` and for tests that flush the database.

Product categories have two levels (vegetables → potatoes). Each maps to the Data Food
Consortium (DFC) product type that means the same thing, so offers can later be exchanged
with other short-chain platforms. The URIs are copied from the DFC product-type taxonomy
(version 1.16, SKOS concepts matched on their English and French preferred labels). Where DFC
has no concept for the whole category (root vegetables, cheese in general, game…), `dfc` is
empty: a URI is never made up.
"""

from django.db import transaction

# The namespace of every DFC product type (the taxonomy's own URI, then `#<concept>`).
DFC_PRODUCT_TYPES = (
    "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#"
)


def _dfc(concept: str) -> str:
    return DFC_PRODUCT_TYPES + concept


def _cat(slug, nl, fr, en, dfc="", children=()):
    return {
        "slug": slug,
        "name_nl": nl,
        "name_fr": fr,
        "name_en": en,
        "dfc_uri": _dfc(dfc) if dfc else "",
        "children": list(children),
    }


# fmt: off
PRODUCT_CATEGORIES = [
    _cat("groenten", "Groenten", "Légumes", "Vegetables", "vegetable", [
        _cat("aardappelen", "Aardappelen", "Pommes de terre", "Potatoes", "potato"),
        # DFC files lettuce, spinach, chicory, lamb's lettuce and endive under "salad".
        _cat("bladgroenten", "Bladgroenten", "Légumes-feuilles", "Leafy greens", "salad"),
        _cat("wortelgroenten", "Wortelgroenten", "Légumes-racines", "Root vegetables"),
        _cat("koolgewassen", "Koolgewassen", "Choux", "Cabbages", "cabbage"),
        _cat("ui-en-prei", "Uien en prei", "Oignons et poireaux", "Onions and leeks"),
        _cat("tomaten", "Tomaten", "Tomates", "Tomatoes", "tomato"),
        _cat("vruchtgroenten", "Vruchtgroenten", "Légumes-fruits", "Fruiting vegetables"),
        _cat("peulvruchten", "Peulvruchten", "Légumineuses", "Legumes"),
        _cat("paddenstoelen", "Paddenstoelen", "Champignons", "Mushrooms", "mushroom"),
        _cat("witloof", "Witloof", "Chicons", "Belgian endive", "endive"),
        _cat("asperges", "Asperges", "Asperges", "Asparagus", "asparagus"),
        _cat("pompoenen", "Pompoenen", "Courges", "Squashes", "squash"),
    ]),
    _cat("fruit", "Fruit", "Fruits", "Fruit", "fruit", [
        _cat("appels", "Appels", "Pommes", "Apples", "apples"),
        _cat("peren", "Peren", "Poires", "Pears", "pear"),
        _cat("aardbeien", "Aardbeien", "Fraises", "Strawberries", "strawberry"),
        _cat("kleinfruit", "Kleinfruit", "Petits fruits", "Berries and soft fruit", "berry"),
        _cat("steenfruit", "Steenfruit", "Fruits à noyau", "Stone fruit"),
    ]),
    _cat("zuivel", "Zuivel", "Produits laitiers", "Dairy", "dairy-product", [
        _cat("melk", "Melk", "Lait", "Milk", "milk"),
        _cat("kaas", "Kaas", "Fromage", "Cheese"),
        _cat("yoghurt", "Yoghurt", "Yaourt", "Yoghurt"),
        _cat("boter", "Boter", "Beurre", "Butter", "butter"),
        _cat("room", "Room", "Crème fraîche", "Cream", "fresh-cream"),
        _cat("roomijs", "Roomijs", "Glace", "Ice cream"),
    ]),
    _cat("vlees", "Vlees", "Viande", "Meat", "meat-product", [
        _cat("rundvlees", "Rundvlees", "Viande bovine", "Beef", "beef"),
        _cat("kalfsvlees", "Kalfsvlees", "Veau", "Veal", "veal"),
        _cat("varkensvlees", "Varkensvlees", "Porc", "Pork", "pork"),
        _cat("gevogelte", "Gevogelte", "Volaille", "Poultry", "poultry"),
        _cat("lamsvlees", "Lamsvlees", "Agneau", "Lamb", "lamb"),
        _cat("konijn", "Konijn", "Lapin", "Rabbit", "rabbit"),
        _cat("wild", "Wild", "Gibier", "Game"),
        # DFC's "delicatessen" is "charcuterie" in its French label.
        _cat("charcuterie", "Charcuterie", "Charcuterie", "Charcuterie", "delicatessen"),
    ]),
    _cat("eieren", "Eieren", "Œufs", "Eggs", "egg"),
    _cat("brood-en-granen", "Brood en granen", "Pain et céréales", "Bread and grain", "", [
        _cat("brood", "Brood", "Pain", "Bread", "bread"),
        _cat("gebak", "Gebak", "Pâtisserie", "Pastry", "pastry"),
        _cat("meel", "Meel", "Farine", "Flour", "flour"),
        _cat("granen", "Granen", "Céréales", "Grains", "grain"),
    ]),
    _cat("dranken", "Dranken", "Boissons", "Drinks", "drink", [
        _cat("sappen", "Sappen", "Jus de fruits", "Juice", "fruit-juice"),
        _cat("bier", "Bier", "Bière", "Beer", "beer"),
        _cat("wijn", "Wijn", "Vin", "Wine", "wine"),
        _cat("cider", "Cider", "Cidre", "Cider", "cider"),
    ]),
    _cat("honing", "Honing", "Miel", "Honey", "honey"),
    _cat("bloemen-en-planten", "Bloemen en planten", "Fleurs et plantes", "Flowers and plants",
         "", [
        _cat("snijbloemen", "Snijbloemen", "Fleurs coupées", "Cut flowers", "flower"),
        _cat("planten", "Planten", "Plantes", "Plants", "plant"),
    ]),
    _cat("vis-en-zeevruchten", "Vis en zeevruchten", "Poisson et fruits de mer",
         "Fish and seafood", "fishery-product", [
        _cat("vis", "Vis", "Poisson", "Fish", "fish"),
        _cat("garnalen-en-schaaldieren", "Garnalen en schaaldieren", "Crevettes et crustacés",
             "Shrimps and shellfish", "shellfish"),
    ]),
    _cat("verwerkte-producten", "Verwerkte producten", "Produits transformés",
         "Processed goods", "", [
        _cat("confituur", "Confituur", "Confiture", "Jam", "jam"),
        _cat("conserven", "Conserven", "Conserves", "Preserves"),
        _cat("soep", "Soep", "Soupe", "Soup", "soup"),
        _cat("sauzen", "Sauzen", "Sauces", "Sauces"),
        _cat("bereide-maaltijden", "Bereide maaltijden", "Plats cuisinés", "Ready meals",
             "ready-meal"),
        _cat("pasta", "Pasta", "Pâtes", "Pasta", "pasta"),
        _cat("olie", "Olie", "Huile", "Oil", "oil"),
    ]),
    _cat("kruiden-en-specerijen", "Kruiden en specerijen", "Herbes et épices",
         "Herbs and spices", "", [
        _cat("verse-kruiden", "Verse kruiden", "Herbes fraîches", "Fresh herbs", "herb"),
        _cat("gedroogde-kruiden", "Gedroogde kruiden", "Herbes séchées", "Dried herbs",
             "dried_herb"),
    ]),
    _cat("noten-en-zaden", "Noten en zaden", "Fruits à coque et graines", "Nuts and seeds", "", [
        _cat("noten", "Noten", "Fruits à coque", "Nuts", "nut"),
        _cat("zaden", "Zaden", "Graines", "Seeds", "seed"),
    ]),
]
# fmt: on

# Labels an actor can carry, only real Belgian and EU ones. "organic" labels need a certifier.
LABELS = [
    {
        "slug": "eu-bio",
        "kind": "organic",
        "name_nl": "Europees biologisch logo",
        "name_fr": "Logo biologique européen",
        "name_en": "EU organic logo",
    },
    {
        "slug": "biogarantie",
        "kind": "organic",
        "name_nl": "Biogarantie",
        "name_fr": "Biogarantie",
        "name_en": "Biogarantie",
    },
    {
        "slug": "demeter",
        "kind": "organic",
        "name_nl": "Demeter (biodynamisch)",
        "name_fr": "Demeter (biodynamie)",
        "name_en": "Demeter (biodynamic)",
    },
    {
        "slug": "fairtrade",
        "kind": "other",
        "name_nl": "Fairtrade",
        "name_fr": "Fairtrade",
        "name_en": "Fairtrade",
    },
    {
        "slug": "erkend-streekproduct",
        "kind": "other",
        "name_nl": "Erkend streekproduct",
        "name_fr": "Produit régional reconnu",
        "name_en": "Recognised regional product",
    },
    {
        "slug": "beschermde-oorsprongsbenaming",
        "kind": "other",
        "name_nl": "Beschermde oorsprongsbenaming (BOB)",
        "name_fr": "Appellation d'origine protégée (AOP)",
        "name_en": "Protected designation of origin (PDO)",
    },
    {
        "slug": "beschermde-geografische-aanduiding",
        "kind": "other",
        "name_nl": "Beschermde geografische aanduiding (BGA)",
        "name_fr": "Indication géographique protégée (IGP)",
        "name_en": "Protected geographical indication (PGI)",
    },
    {
        "slug": "msc",
        "kind": "other",
        "name_nl": "MSC duurzame visserij",
        "name_fr": "MSC pêche durable",
        "name_en": "MSC certified sustainable seafood",
    },
]

# The control bodies approved for organic certification in Flanders.
ORGANIC_CERTIFIERS = ["Certisys", "TÜV Nord Integra", "Quality Partner"]


def category_rows() -> list[dict]:
    """The categories flattened, parents first: dicts with `parent` (a slug or None), `position`."""
    rows = []
    for top_index, top in enumerate(PRODUCT_CATEGORIES, start=1):
        fields = {k: v for k, v in top.items() if k != "children"}
        rows.append({**fields, "parent": None, "position": top_index * 10})
        for child_index, child in enumerate(top["children"], start=1):
            fields = {k: v for k, v in child.items() if k != "children"}
            rows.append({**fields, "parent": top["slug"], "position": child_index * 10})
    return rows


def upsert_reference_data(product_category_model, label_model, categories, labels) -> None:
    """Create or update categories and labels by slug; never delete (offers may point at them).

    Takes the models as arguments so a data migration can pass its historical models.
    """
    by_slug = {}
    for row in categories:
        fields = {k: v for k, v in row.items() if k not in ("slug", "parent")}
        fields["parent"] = by_slug[row["parent"]] if row["parent"] else None
        category, _created = product_category_model.objects.update_or_create(
            slug=row["slug"], defaults=fields
        )
        by_slug[row["slug"]] = category
    for row in labels:
        fields = {k: v for k, v in row.items() if k != "slug"}
        label_model.objects.update_or_create(slug=row["slug"], defaults=fields)


@transaction.atomic
def ensure_reference_data() -> None:
    """Bring the categories and labels in the database up to this module's version."""
    from actors.models import Label, ProductCategory

    upsert_reference_data(ProductCategory, Label, category_rows(), LABELS)
