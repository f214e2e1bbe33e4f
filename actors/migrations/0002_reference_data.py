"""Load the product taxonomy and the labels (a snapshot of actors/reference_data.py).

The data is copied here on purpose: this migration must keep meaning what it meant when it was
written, whatever actors/reference_data.py becomes. A later change to the reference data gets
its own data migration. Rows are upserted by slug, so running it over existing rows is safe;
reversing it leaves the rows in place (offers may point at them).
"""

from django.db import migrations

DFC = "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/productTypes.rdf#"

# fmt: off
# (slug, parent slug, position, Dutch, French, English, DFC concept or "")
CATEGORIES = [
    ("groenten", None, 10, "Groenten", "Légumes", "Vegetables", "vegetable"),
    ("aardappelen", "groenten", 10, "Aardappelen", "Pommes de terre", "Potatoes", "potato"),
    ("bladgroenten", "groenten", 20, "Bladgroenten", "Légumes-feuilles", "Leafy greens", "salad"),
    ("wortelgroenten", "groenten", 30, "Wortelgroenten", "Légumes-racines", "Root vegetables", ""),
    ("koolgewassen", "groenten", 40, "Koolgewassen", "Choux", "Cabbages", "cabbage"),
    ("ui-en-prei", "groenten", 50, "Uien en prei", "Oignons et poireaux", "Onions and leeks", ""),
    ("tomaten", "groenten", 60, "Tomaten", "Tomates", "Tomatoes", "tomato"),
    ("vruchtgroenten", "groenten", 70, "Vruchtgroenten", "Légumes-fruits", "Fruiting vegetables", ""),
    ("peulvruchten", "groenten", 80, "Peulvruchten", "Légumineuses", "Legumes", ""),
    ("paddenstoelen", "groenten", 90, "Paddenstoelen", "Champignons", "Mushrooms", "mushroom"),
    ("witloof", "groenten", 100, "Witloof", "Chicons", "Belgian endive", "endive"),
    ("asperges", "groenten", 110, "Asperges", "Asperges", "Asparagus", "asparagus"),
    ("pompoenen", "groenten", 120, "Pompoenen", "Courges", "Squashes", "squash"),
    ("fruit", None, 20, "Fruit", "Fruits", "Fruit", "fruit"),
    ("appels", "fruit", 10, "Appels", "Pommes", "Apples", "apples"),
    ("peren", "fruit", 20, "Peren", "Poires", "Pears", "pear"),
    ("aardbeien", "fruit", 30, "Aardbeien", "Fraises", "Strawberries", "strawberry"),
    ("kleinfruit", "fruit", 40, "Kleinfruit", "Petits fruits", "Berries and soft fruit", "berry"),
    ("steenfruit", "fruit", 50, "Steenfruit", "Fruits à noyau", "Stone fruit", ""),
    ("zuivel", None, 30, "Zuivel", "Produits laitiers", "Dairy", "dairy-product"),
    ("melk", "zuivel", 10, "Melk", "Lait", "Milk", "milk"),
    ("kaas", "zuivel", 20, "Kaas", "Fromage", "Cheese", ""),
    ("yoghurt", "zuivel", 30, "Yoghurt", "Yaourt", "Yoghurt", ""),
    ("boter", "zuivel", 40, "Boter", "Beurre", "Butter", "butter"),
    ("room", "zuivel", 50, "Room", "Crème fraîche", "Cream", "fresh-cream"),
    ("roomijs", "zuivel", 60, "Roomijs", "Glace", "Ice cream", ""),
    ("vlees", None, 40, "Vlees", "Viande", "Meat", "meat-product"),
    ("rundvlees", "vlees", 10, "Rundvlees", "Viande bovine", "Beef", "beef"),
    ("kalfsvlees", "vlees", 20, "Kalfsvlees", "Veau", "Veal", "veal"),
    ("varkensvlees", "vlees", 30, "Varkensvlees", "Porc", "Pork", "pork"),
    ("gevogelte", "vlees", 40, "Gevogelte", "Volaille", "Poultry", "poultry"),
    ("lamsvlees", "vlees", 50, "Lamsvlees", "Agneau", "Lamb", "lamb"),
    ("konijn", "vlees", 60, "Konijn", "Lapin", "Rabbit", "rabbit"),
    ("wild", "vlees", 70, "Wild", "Gibier", "Game", ""),
    ("charcuterie", "vlees", 80, "Charcuterie", "Charcuterie", "Charcuterie", "delicatessen"),
    ("eieren", None, 50, "Eieren", "Œufs", "Eggs", "egg"),
    ("brood-en-granen", None, 60, "Brood en granen", "Pain et céréales", "Bread and grain", ""),
    ("brood", "brood-en-granen", 10, "Brood", "Pain", "Bread", "bread"),
    ("gebak", "brood-en-granen", 20, "Gebak", "Pâtisserie", "Pastry", "pastry"),
    ("meel", "brood-en-granen", 30, "Meel", "Farine", "Flour", "flour"),
    ("granen", "brood-en-granen", 40, "Granen", "Céréales", "Grains", "grain"),
    ("dranken", None, 70, "Dranken", "Boissons", "Drinks", "drink"),
    ("sappen", "dranken", 10, "Sappen", "Jus de fruits", "Juice", "fruit-juice"),
    ("bier", "dranken", 20, "Bier", "Bière", "Beer", "beer"),
    ("wijn", "dranken", 30, "Wijn", "Vin", "Wine", "wine"),
    ("cider", "dranken", 40, "Cider", "Cidre", "Cider", "cider"),
    ("honing", None, 80, "Honing", "Miel", "Honey", "honey"),
    ("bloemen-en-planten", None, 90, "Bloemen en planten", "Fleurs et plantes", "Flowers and plants", ""),
    ("snijbloemen", "bloemen-en-planten", 10, "Snijbloemen", "Fleurs coupées", "Cut flowers", "flower"),
    ("planten", "bloemen-en-planten", 20, "Planten", "Plantes", "Plants", "plant"),
    ("vis-en-zeevruchten", None, 100, "Vis en zeevruchten", "Poisson et fruits de mer", "Fish and seafood", "fishery-product"),
    ("vis", "vis-en-zeevruchten", 10, "Vis", "Poisson", "Fish", "fish"),
    ("garnalen-en-schaaldieren", "vis-en-zeevruchten", 20, "Garnalen en schaaldieren", "Crevettes et crustacés", "Shrimps and shellfish", "shellfish"),
    ("verwerkte-producten", None, 110, "Verwerkte producten", "Produits transformés", "Processed goods", ""),
    ("confituur", "verwerkte-producten", 10, "Confituur", "Confiture", "Jam", "jam"),
    ("conserven", "verwerkte-producten", 20, "Conserven", "Conserves", "Preserves", ""),
    ("soep", "verwerkte-producten", 30, "Soep", "Soupe", "Soup", "soup"),
    ("sauzen", "verwerkte-producten", 40, "Sauzen", "Sauces", "Sauces", ""),
    ("bereide-maaltijden", "verwerkte-producten", 50, "Bereide maaltijden", "Plats cuisinés", "Ready meals", "ready-meal"),
    ("pasta", "verwerkte-producten", 60, "Pasta", "Pâtes", "Pasta", "pasta"),
    ("olie", "verwerkte-producten", 70, "Olie", "Huile", "Oil", "oil"),
    ("kruiden-en-specerijen", None, 120, "Kruiden en specerijen", "Herbes et épices", "Herbs and spices", ""),
    ("verse-kruiden", "kruiden-en-specerijen", 10, "Verse kruiden", "Herbes fraîches", "Fresh herbs", "herb"),
    ("gedroogde-kruiden", "kruiden-en-specerijen", 20, "Gedroogde kruiden", "Herbes séchées", "Dried herbs", "dried_herb"),
    ("noten-en-zaden", None, 130, "Noten en zaden", "Fruits à coque et graines", "Nuts and seeds", ""),
    ("noten", "noten-en-zaden", 10, "Noten", "Fruits à coque", "Nuts", "nut"),
    ("zaden", "noten-en-zaden", 20, "Zaden", "Graines", "Seeds", "seed"),
]

# (slug, kind, Dutch, French, English)
LABELS = [
    ("eu-bio", "organic", "Europees biologisch logo", "Logo biologique européen", "EU organic logo"),
    ("biogarantie", "organic", "Biogarantie", "Biogarantie", "Biogarantie"),
    ("demeter", "organic", "Demeter (biodynamisch)", "Demeter (biodynamie)", "Demeter (biodynamic)"),
    ("fairtrade", "other", "Fairtrade", "Fairtrade", "Fairtrade"),
    ("erkend-streekproduct", "other", "Erkend streekproduct", "Produit régional reconnu", "Recognised regional product"),
    ("beschermde-oorsprongsbenaming", "other", "Beschermde oorsprongsbenaming (BOB)", "Appellation d'origine protégée (AOP)", "Protected designation of origin (PDO)"),
    ("beschermde-geografische-aanduiding", "other", "Beschermde geografische aanduiding (BGA)", "Indication géographique protégée (IGP)", "Protected geographical indication (PGI)"),
    ("msc", "other", "MSC duurzame visserij", "MSC pêche durable", "MSC certified sustainable seafood"),
]
# fmt: on


def load_reference_data(apps, schema_editor):
    ProductCategory = apps.get_model("actors", "ProductCategory")
    Label = apps.get_model("actors", "Label")
    by_slug = {}
    for slug, parent, position, nl, fr, en, concept in CATEGORIES:
        by_slug[slug], _created = ProductCategory.objects.update_or_create(
            slug=slug,
            defaults={
                "parent": by_slug[parent] if parent else None,
                "position": position,
                "name_nl": nl,
                "name_fr": fr,
                "name_en": en,
                "dfc_uri": DFC + concept if concept else "",
            },
        )
    for slug, kind, nl, fr, en in LABELS:
        Label.objects.update_or_create(
            slug=slug, defaults={"kind": kind, "name_nl": nl, "name_fr": fr, "name_en": en}
        )


class Migration(migrations.Migration):

    dependencies = [
        ("actors", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
    ]
