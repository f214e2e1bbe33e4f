"""The geography every actor, cooperation and support action stands on.

Municipalities are identified by their official NIS code (Gent is 44021) and grouped into
regions: the five Flemish provinces, and the streken people actually name (Meetjesland,
Westhoek, Pajottenland…) that cross municipal lines. Centres are approximate points used for
"near me" and for distances between members of a cooperation.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.geo import GeoQuerySet

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


class LocalizedNameMixin:
    """`name` in the active language from `name_<language>` columns, falling back to Dutch.

    Reference data (regions, product categories, cooperation forms) keeps one column per
    language rather than a translation table: it is read far more than written, and the
    directory reads it with `.values()` without joins.
    """

    @property
    def name(self) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"name_{language}", "") or self.name_nl


class Region(LocalizedNameMixin, models.Model):
    """A province, or a streek/intermunicipal region that groups municipalities.

    Dashboards compare a municipality with its regions; officers may be appointed for a whole
    intermunicipal region.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        REGION = "region", _("region")
        INTERMUNICIPAL = "intermunicipal", _("intermunicipal partnership")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    code = models.CharField(
        _("code"), max_length=10, blank=True, help_text=_("NIS code of a province.")
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["kind", "name_nl"]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(GeoQuerySet):
    lat_field = "latitude"
    lon_field = "longitude"


class Municipality(LocalizedNameMixin, models.Model):
    """A Flemish (or Brussels) municipality, as in the official list after the 2025 mergers."""

    nis_code = models.CharField(
        _("NIS code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("A NIS code has five digits."))],
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    province = models.ForeignKey(
        Region,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="province_municipalities",
        limit_choices_to={"kind": Region.Kind.PROVINCE},
        null=True,
        blank=True,
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), related_name="municipalities", blank=True
    )
    latitude = models.FloatField(_("latitude"), validators=LATITUDE_VALIDATORS)
    longitude = models.FloatField(_("longitude"), validators=LONGITUDE_VALIDATORS)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Space-separated main postcodes ("9000 9030 9031"), so people can search by postcode.
    postcodes = models.CharField(_("postcodes"), max_length=200, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_nl"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="municipality_latlon")]

    def __str__(self):
        return self.name
