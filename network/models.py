"""The geography every actor, cooperation and support action stands on.

Municipalities are identified by their official NIS code (Gent is 44021) and grouped into
regions: the five Flemish provinces, and the streken people actually name (Meetjesland,
Westhoek, Pajottenland…) that cross municipal lines. Centres are approximate points used for
"near me" and for distances between members of a cooperation.
"""

from collections.abc import Mapping

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from network.geo import GeoQuerySet

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


def name_column() -> str:
    """The name column of the active language: `name_nl`, `name_fr` or `name_en`."""
    return f"name_{(get_language() or 'nl')[:2]}"


def localized_name(row: Mapping) -> str:
    """`LocalizedNameMixin.name` for a row read with `.values()`."""
    return row.get(name_column()) or row["name_nl"]


class LocalizedNameMixin:
    """`name` in the active language from `name_<language>` columns, falling back to Dutch.

    Reference data (regions, product categories, cooperation forms) keeps one column per
    language rather than a translation table: it is read far more than written, and the
    directory reads it with `.values()` without joins (`localized_name` for such rows).
    """

    @property
    def name(self) -> str:
        return getattr(self, name_column(), "") or self.name_nl


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


class ImportJob(models.Model):
    """One CSV import (actors or municipalities) started on the import page or through the API.

    The file is checked first (a dry run whose report the person reads), then written in one
    transaction by a Celery task when they confirm. The row holds what the page polls: status,
    rows processed and the report of every bad row. The uploaded text is dropped once the job
    ends, so personal data of the listed businesses is not kept twice.
    """

    class Kind(models.TextChoices):
        ACTORS = "actors", _("actors")
        MUNICIPALITIES = "municipalities", _("municipalities")

    class Status(models.TextChoices):
        CHECKING = "checking", _("checking the rows")
        CHECKED = "checked", _("checked, waiting for confirmation")
        REJECTED = "rejected", _("rejected: bad rows, nothing written")
        QUEUED = "queued", _("waiting to be written")
        RUNNING = "running", _("writing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed, nothing written")

    # Statuses in which a task still has work to do; a task finding another status exits.
    PENDING_STATUSES = (Status.CHECKING, Status.QUEUED, Status.RUNNING)
    FINAL_STATUSES = (Status.REJECTED, Status.DONE, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Actors: rows without a municipality go here, and rows of others are refused."),
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    # The report is written in the language of the page that started the job.
    language = models.CharField(_("language"), max_length=10, default="nl")
    content = models.TextField(_("content"), blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created"]
        indexes = [models.Index(fields=["created_by", "-created"], name="importjob_user_created")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINAL_STATUSES

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class OutboxEmail(models.Model):
    """An e-mail the platform owes someone: a partnership request to answer, an invitation.

    Written in the same transaction as the action that causes it, so the mail exists exactly
    when the action does, whatever happens to Redis or the worker afterwards. A Celery task
    sends it after commit; the beat's `flush_outbox` sends, every minute, whatever is still
    pending (Redis was down, the worker died, the mail server refused). One row per
    recipient: managers of different actors never see each other's address. Staff read it in
    the admin to answer "did the mail go out?".
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # "<what>:<id>:<recipient>": the same action never queues the same mail twice.
    dedupe_key = models.CharField(_("deduplication key"), max_length=320, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [
            # The flush reads only pending rows that are due; sent rows pile up beside them.
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="outboxemail_due",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
