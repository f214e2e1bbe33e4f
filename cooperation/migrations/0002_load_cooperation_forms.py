"""Load the seven forms of cooperation (ILVO research) as reference data.

Upserts by slug, so running it again (or a later migration with corrected texts) updates the
rows instead of duplicating them. The data is frozen here on purpose: a migration must not
import application code that may change later.
"""

from django.db import migrations

FORMS = [
    {
        "slug": "mutual-purchasing",
        "position": 1,
        "name_nl": "Elkaars producten kopen",
        "name_fr": "Achat mutuel de produits",
        "name_en": "Mutual purchasing",
        "explanation_nl": (
            "Boeren kopen elkaars producten om het assortiment van hun eigen hoevewinkel te "
            "verbreden. Elke boer blijft baas over zijn winkel en zijn prijzen."
        ),
        "explanation_fr": (
            "Des agriculteurs achètent les produits les uns des autres pour élargir l'assortiment "
            "de leur propre magasin à la ferme. Chacun reste maître de son magasin et de ses prix."
        ),
        "explanation_en": (
            "Farmers buy each other's products to widen the assortment of their own farm shop. "
            "Each farmer stays in charge of their own shop and prices."
        ),
        "mindsets": ["market_too_small", "autonomy", "individual_interest"],
        "means": ["advice"],
        "consumers_can_join": False,
    },
    {
        "slug": "farmers-cooperative",
        "position": 2,
        "name_nl": "Boeren in coöperatie",
        "name_fr": "Agriculteurs en coopérative",
        "name_en": "Farmers' co-operative",
        "explanation_nl": (
            "Boeren verenigen zich in een coöperatie om samen te verkopen, te vermarkten of te "
            "investeren. Risico's en investeringen worden gedeeld."
        ),
        "explanation_fr": (
            "Des agriculteurs s'unissent en coopérative pour vendre, commercialiser ou investir "
            "ensemble. Les risques et les investissements sont partagés."
        ),
        "explanation_en": (
            "Farmers join in a co-operative to sell, market or invest together. Risks and "
            "investments are shared."
        ),
        "mindsets": ["market_too_small", "loss_aversion", "individual_interest"],
        "means": ["cap", "vlif", "advice"],
        "consumers_can_join": False,
    },
    {
        "slug": "joint-processing",
        "position": 3,
        "name_nl": "Samen verwerken",
        "name_fr": "Transformer ensemble",
        "name_en": "Joint processing",
        "explanation_nl": (
            "Boeren delen een verwerkingsruimte of verwerken elkaars grondstoffen: een "
            "gedeelde keuken, sappers, kaasmakerij of slachtruimte."
        ),
        "explanation_fr": (
            "Des agriculteurs partagent un atelier de transformation ou transforment les matières "
            "premières des uns et des autres : cuisine partagée, pressoir, fromagerie, abattoir."
        ),
        "explanation_en": (
            "Farmers share a processing facility or process each other's raw products: a shared "
            "kitchen, a juice press, a cheese dairy or a cutting room."
        ),
        "mindsets": ["loss_aversion", "market_too_small"],
        "means": ["vlif", "cap", "research", "advice"],
        "consumers_can_join": False,
    },
    {
        "slug": "short-chain-supermarket",
        "position": 4,
        "name_nl": "De korte keten supermarkt",
        "name_fr": "Le supermarché en circuit court",
        "name_en": "Short-chain supermarket",
        "explanation_nl": (
            "Een winkel die vooral korte-keten-producten van veel boeren verkoopt, waarbij de "
            "boeren hun prijs mee bepalen."
        ),
        "explanation_fr": (
            "Un magasin qui vend surtout des produits en circuit court de nombreuses fermes, les "
            "agriculteurs gardant leur mot à dire sur le prix."
        ),
        "explanation_en": (
            "A shop that sells mainly short-chain products from many farms, with the farmers "
            "keeping a say over the price."
        ),
        "mindsets": ["market_too_small", "autonomy"],
        "means": ["cap", "advice"],
        "consumers_can_join": False,
    },
    {
        "slug": "distribution-platform",
        "position": 5,
        "name_nl": "Korte keten distributie platform",
        "name_fr": "Plateforme de distribution en circuit court",
        "name_en": "Short-chain distribution platform",
        "explanation_nl": (
            "Een gedeeld logistiek- en bestelplatform tussen veel producenten en veel afnemers: "
            "keukens, winkels en voedselteams."
        ),
        "explanation_fr": (
            "Une plateforme logistique et de commande partagée entre de nombreux producteurs et "
            "de nombreux acheteurs : cuisines, magasins et groupes d'achat."
        ),
        "explanation_en": (
            "A shared logistics and ordering platform between many producers and many buyers: "
            "kitchens, shops and food teams."
        ),
        "mindsets": ["market_too_small", "loss_aversion", "autonomy"],
        "means": ["cap", "research", "advice"],
        "consumers_can_join": False,
    },
    {
        "slug": "farmers-consumers-cooperative",
        "position": 6,
        "name_nl": "Coöperatie van boeren en consumenten",
        "name_fr": "Coopérative d'agriculteurs et de consommateurs",
        "name_en": "Co-operative of farmers and consumers",
        "explanation_nl": (
            "Producenten en consumenten zijn allebei lid en beslissen samen; consumenten delen "
            "mee in het risico, bijvoorbeeld via een oogstaandeel."
        ),
        "explanation_fr": (
            "Producteurs et consommateurs sont tous deux membres et décident ensemble ; les "
            "consommateurs partagent le risque, par exemple par une part de récolte."
        ),
        "explanation_en": (
            "Producers and consumers are both members and decide together; consumers share in "
            "the risk, for example through a harvest share."
        ),
        "mindsets": ["individual_interest", "autonomy", "loss_aversion"],
        "means": ["advice", "research"],
        "consumers_can_join": True,
    },
    {
        "slug": "field-to-fork",
        "position": 7,
        "name_nl": "Van veld tot bord ketens",
        "name_fr": "Chaînes du champ à l'assiette",
        "name_en": "Field-to-fork chain",
        "explanation_nl": (
            "Een vaste keten van boer via verwerker naar keuken of winkel, waarin elke schakel "
            "bij naam gekend is, met afspraken over volume en prijs."
        ),
        "explanation_fr": (
            "Une chaîne fixe de la ferme au transformateur puis à la cuisine ou au magasin, où "
            "chaque maillon est connu, avec des accords sur les volumes et les prix."
        ),
        "explanation_en": (
            "A fixed chain from farm through processor to kitchen or shop, each link named, with "
            "agreements on volume and price."
        ),
        "mindsets": ["market_too_small", "loss_aversion"],
        "means": ["cap", "research", "advice"],
        "consumers_can_join": False,
    },
]


def load_forms(apps, schema_editor):
    CooperationForm = apps.get_model("cooperation", "CooperationForm")
    for data in FORMS:
        values = {key: value for key, value in data.items() if key != "slug"}
        CooperationForm.objects.update_or_create(slug=data["slug"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial")]

    operations = [migrations.RunPython(load_forms, migrations.RunPython.noop)]
