"""Writes of the geography: loading regions and municipalities from CSV rows.

The built-in list lives in `network/fixtures/` and is what `ensure_builtin_geography()` (and
so the demo seeding) and `manage.py load_municipalities` without a file load. A complete
official list (Statbel's) can be loaded the same way.

Municipalities CSV (UTF-8, comma-separated, a header line), one row per municipality:

    nis_code    five-digit official NIS code, valid from 1 January 2025 (Gent is 44021)
    name_nl     Dutch name (required); the slug is made from it
    name_fr     French name; may be empty (the Dutch name is shown instead)
    province    slug of a region of kind "province": antwerpen, limburg, oost-vlaanderen,
                vlaams-brabant, west-vlaanderen, or brussel (the Brussels-Capital Region)
    latitude    of the centre, decimal degrees with a point; within 49.4..51.6
    longitude   of the centre, decimal degrees with a point; within 2.4..6.5
    population  a whole number, or empty when unknown (the built-in figures are rounded)
    regions     ';'-separated slugs of streken/intermunicipal regions, e.g. meetjesland;kust
    postcodes   optional column: the municipality's four-digit postcodes (1000..9999),
                space-separated, e.g. "9000 9030 9031"; stored sorted and without repeats.
                An empty cell clears them; a file without the column keeps what is stored.

The built-in postcodes are all those of each municipality after the mergers, deelgemeenten
included, after Statbel's table from postcodes to NIS codes (CC BY 4.0); postcodes that are
mainly another municipality's (1040 and 1050 are Etterbeek's and Elsene's, though parts of
Brussel use them) and bpost's special codes for companies (1804 Cargovil) are left out.

Regions CSV: slug,kind,name_nl,name_fr,code — kind is province, region or intermunicipal;
code is the NIS code of a province (04000 for the Brussels-Capital Region), else empty.

Loading is all-or-nothing: every row is checked first and every problem is reported as
(line, field, reason); if there is a single one, nothing is written. Otherwise rows are
upserted by NIS code (regions by slug), so a second run with the same file changes nothing.
Municipalities absent from a file are kept, never deleted: actors and actions point at them.
Line numbers count the header as line 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.text import slugify
from django.utils.translation import gettext as _

from network.imports import (
    LINE_KEY,
    ImportReport,
    Progress,
    RowError,
    read_csv_file,
)
from network.models import Municipality, Region
from network.response_cache import DIRECTORY, bump_after_commit

FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
BUILTIN_REGIONS_CSV = FIXTURES_DIR / "regions.csv"
BUILTIN_MUNICIPALITIES_CSV = FIXTURES_DIR / "municipalities.csv"

MUNICIPALITY_COLUMNS = (
    "nis_code",
    "name_nl",
    "name_fr",
    "province",
    "latitude",
    "longitude",
    "population",
    "regions",
)
REGION_COLUMNS = ("slug", "kind", "name_nl", "name_fr", "code")
# What a changed municipality row updates in bulk.
MUNICIPALITY_FIELDS = (
    "slug",
    "name_nl",
    "name_fr",
    "province",
    "latitude",
    "longitude",
    "population",
    "postcodes",
)
# Checked by the row validation (province kind, uniqueness) without a query per row.
FULL_CLEAN_EXCLUDE = ["province", "regions"]

# Belgium's rough bounding box: a swapped latitude/longitude or a typo falls outside it.
LATITUDE_RANGE = (49.4, 51.6)
LONGITUDE_RANGE = (2.4, 6.5)
NAME_MAX_LENGTH = 120
POSTCODE_RANGE = (1000, 9999)

__all__ = ["LINE_KEY", "Progress", "RowError"]  # re-exported: they lived here first


@dataclass
class LoadReport:
    """What a load did (or, on a dry run or with errors, would have done)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    regions_created: int = 0
    regions_updated: int = 0
    regions_unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        """True when the changes were committed (not a dry run, no errors)."""
        return self.ok and not self.dry_run

    def summary(self) -> str:
        return (
            f"municipalities: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged; regions: {self.regions_created} created, "
            f"{self.regions_updated} updated, {self.regions_unchanged} unchanged"
        )


class GeographyLoadError(Exception):
    """The built-in geography did not load: a bug in the shipped fixtures."""

    def __init__(self, report: LoadReport):
        self.report = report
        super().__init__("; ".join(f"{e.source} {e}" for e in report.errors))


def read_csv_rows(path: str | Path) -> list[dict]:
    """Rows of a CSV file as dicts (header line first), read by the shared import engine:
    a BOM from Excel is tolerated and `;` or `,` is sniffed from the header line.

    Each row also carries its line in the file under LINE_KEY, so errors point at the right
    line even where the reader skipped blank lines.
    """
    return read_csv_file(path).rows


def _line(row: Mapping, index: int) -> int:
    line = row.get(LINE_KEY)
    return line if isinstance(line, int) else index + 2


@dataclass
class _MunicipalityRow:
    line: int
    nis_code: str
    name_nl: str
    name_fr: str
    province: str
    latitude: float
    longitude: float
    population: int | None
    regions: tuple[str, ...]
    postcodes: str | None  # normalised; None when the file has no postcodes column


@dataclass
class _RegionRow:
    line: int
    slug: str
    kind: str
    name_nl: str
    name_fr: str
    code: str


def _cell(row: Mapping, name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


def _already_on_line(value: str, line: int) -> str:
    return _("%(value)s is already on line %(line)s") % {"value": value, "line": line}


def _missing_columns(rows: Sequence[Mapping], columns: Sequence[str]) -> list[str]:
    if not rows:
        return []
    return [name for name in columns if name not in rows[0]]


def _check_name(value: str, name: str, line: int, errors: list, source: str, required: bool):
    if not value:
        if required:
            errors.append(RowError(line, name, _("is required"), source))
    elif len(value) > NAME_MAX_LENGTH:
        reason = _("is longer than %(max)s characters") % {"max": NAME_MAX_LENGTH}
        errors.append(RowError(line, name, reason, source))


def _parse_coordinate(value: str, name: str, bounds: tuple[float, float], line: int, errors):
    if not value:
        errors.append(RowError(line, name, _("is required")))
        return None
    try:
        number = float(value)
    except ValueError:
        errors.append(
            RowError(
                line,
                name,
                _("%(value)s is not a number (use a decimal point)") % {"value": repr(value)},
            )
        )
        return None
    if not math.isfinite(number):
        errors.append(RowError(line, name, _("%(value)s is not a number") % {"value": repr(value)}))
        return None
    low, high = bounds
    if not low <= number <= high:
        errors.append(
            RowError(
                line,
                name,
                _("%(number)s lies outside Belgium (expected %(low)s..%(high)s)")
                % {"number": number, "low": low, "high": high},
            )
        )
        return None
    return number


def _parse_postcodes(value: str, line: int, errors: list) -> str | None:
    """The cell as stored: four-digit codes sorted, unique and single-space-separated.

    The exact form matters: the directory finds a municipality by a substring match of the
    four digits a person types, which only works on whole four-digit codes.
    """
    low, high = POSTCODE_RANGE
    codes: set[str] = set()
    valid = True
    for code in value.split():
        if len(code) == 4 and code.isascii() and code.isdigit() and low <= int(code) <= high:
            codes.add(code)
            continue
        valid = False
        reason = _("%(code)s is not a Belgian postcode (four digits, %(low)s..%(high)s)") % {
            "code": repr(code),
            "low": low,
            "high": high,
        }
        if "," in code or ";" in code:
            reason = _("%(code)s: separate postcodes with spaces") % {"code": repr(code)}
        errors.append(RowError(line, "postcodes", reason))
    if not valid:
        return None
    normalised = " ".join(sorted(codes))
    max_length = Municipality._meta.get_field("postcodes").max_length
    if len(normalised) > max_length:
        errors.append(
            RowError(
                line,
                "postcodes",
                _("is longer than %(max)s characters (%(count)s postcodes)")
                % {"max": max_length, "count": len(codes)},
            )
        )
        return None
    return normalised


def _validate_regions(rows: Sequence[Mapping]) -> tuple[list[_RegionRow], list[RowError]]:
    source = "regions"
    errors: list[RowError] = []
    for name in _missing_columns(rows, REGION_COLUMNS):
        errors.append(RowError(1, name, _("column is missing from the header"), source))
    if errors:
        return [], errors
    valid: list[_RegionRow] = []
    seen: dict[str, int] = {}
    kinds = set(Region.Kind.values)
    for index, row in enumerate(rows):
        line = _line(row, index)
        before = len(errors)
        if None in row:
            errors.append(RowError(line, "-", _("has more values than the header"), source))
        slug, kind = _cell(row, "slug"), _cell(row, "kind")
        name_nl, name_fr, code = _cell(row, "name_nl"), _cell(row, "name_fr"), _cell(row, "code")
        if not slug:
            errors.append(RowError(line, "slug", _("is required"), source))
        elif slugify(slug) != slug or len(slug) > 80:
            errors.append(
                RowError(
                    line,
                    "slug",
                    _("%(slug)s is not a slug (lowercase, digits, -)") % {"slug": repr(slug)},
                    source,
                )
            )
        elif slug in seen:
            errors.append(RowError(line, "slug", _already_on_line(slug, seen[slug]), source))
        else:
            seen[slug] = line
        if kind not in kinds:
            errors.append(
                RowError(
                    line,
                    "kind",
                    _("%(value)s is not one of %(choices)s")
                    % {"value": repr(kind), "choices": ", ".join(sorted(kinds))},
                    source,
                )
            )
        _check_name(name_nl, "name_nl", line, errors, source, required=True)
        _check_name(name_fr, "name_fr", line, errors, source, required=False)
        if code and (not code.isdigit() or len(code) > 10):
            errors.append(
                RowError(
                    line, "code", _("%(code)s is not a NIS code") % {"code": repr(code)}, source
                )
            )
        if len(errors) == before:
            valid.append(_RegionRow(line, slug, kind, name_nl, name_fr, code))
    return valid, errors


def _validate_municipalities(
    rows: Sequence[Mapping], region_kinds: Mapping[str, str]
) -> tuple[list[_MunicipalityRow], list[RowError]]:
    """Check every row against the rules; `region_kinds` maps every known slug to its kind."""
    errors: list[RowError] = []
    for name in _missing_columns(rows, MUNICIPALITY_COLUMNS):
        errors.append(RowError(1, name, _("column is missing from the header")))
    if errors:
        return [], errors
    # Optional column: a file without it loads as before and leaves stored postcodes alone.
    has_postcodes = bool(rows) and "postcodes" in rows[0]
    valid: list[_MunicipalityRow] = []
    seen_codes: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = _line(row, index)
        before = len(errors)
        if None in row:
            errors.append(RowError(line, "-", _("has more values than the header")))

        nis_code = _cell(row, "nis_code")
        if not nis_code:
            errors.append(RowError(line, "nis_code", _("is required")))
        elif not (len(nis_code) == 5 and nis_code.isascii() and nis_code.isdigit()):
            errors.append(
                RowError(
                    line, "nis_code", _("%(code)s is not five digits") % {"code": repr(nis_code)}
                )
            )
        elif nis_code in seen_codes:
            errors.append(
                RowError(line, "nis_code", _already_on_line(nis_code, seen_codes[nis_code]))
            )
        else:
            seen_codes[nis_code] = line

        name_nl, name_fr = _cell(row, "name_nl"), _cell(row, "name_fr")
        _check_name(name_nl, "name_nl", line, errors, "municipalities", required=True)
        _check_name(name_fr, "name_fr", line, errors, "municipalities", required=False)
        if name_nl and not slugify(name_nl):
            errors.append(
                RowError(
                    line, "name_nl", _("%(name)s gives no usable slug") % {"name": repr(name_nl)}
                )
            )

        province = _cell(row, "province")
        if not province:
            errors.append(RowError(line, "province", _("is required")))
        elif region_kinds.get(province) != Region.Kind.PROVINCE:
            errors.append(
                RowError(
                    line,
                    "province",
                    _("%(slug)s is not a known province") % {"slug": repr(province)},
                )
            )

        latitude = _parse_coordinate(
            _cell(row, "latitude"), "latitude", LATITUDE_RANGE, line, errors
        )
        longitude = _parse_coordinate(
            _cell(row, "longitude"), "longitude", LONGITUDE_RANGE, line, errors
        )

        population_text = _cell(row, "population")
        population = None
        if population_text:
            if population_text.isascii() and population_text.isdigit():
                population = int(population_text)
            else:
                errors.append(
                    RowError(
                        line,
                        "population",
                        _("%(value)s is not a whole number") % {"value": repr(population_text)},
                    )
                )

        region_slugs: list[str] = []
        for slug in (part.strip() for part in _cell(row, "regions").split(";")):
            if not slug or slug in region_slugs:
                continue
            kind = region_kinds.get(slug)
            if kind is None:
                errors.append(
                    RowError(
                        line, "regions", _("%(slug)s is not a known region") % {"slug": repr(slug)}
                    )
                )
            elif kind == Region.Kind.PROVINCE:
                errors.append(
                    RowError(
                        line,
                        "regions",
                        _("%(slug)s is a province: put it under province") % {"slug": slug},
                    )
                )
            else:
                region_slugs.append(slug)

        postcodes = (
            _parse_postcodes(_cell(row, "postcodes"), line, errors) if has_postcodes else None
        )

        if len(errors) == before:
            valid.append(
                _MunicipalityRow(
                    line=line,
                    nis_code=nis_code,
                    name_nl=name_nl,
                    name_fr=name_fr,
                    province=province,
                    latitude=latitude,
                    longitude=longitude,
                    population=population,
                    regions=tuple(sorted(region_slugs)),
                    postcodes=postcodes,
                )
            )
    return valid, errors


def _model_errors(error: ValidationError, line: int, source: str) -> list[RowError]:
    return [
        RowError(line, name, " ".join(messages), source)
        for name, messages in error.message_dict.items()
    ]


def _upsert_regions(rows: list[_RegionRow], report: LoadReport) -> dict[str, Region]:
    existing = Region.objects.in_bulk(field_name="slug")
    for row in rows:
        values = {
            "kind": row.kind,
            "name_nl": row.name_nl,
            "name_fr": row.name_fr,
            "code": row.code,
        }
        region = existing.get(row.slug)
        if region is None:
            region = Region(slug=row.slug, **values)
            report.regions_created += 1
        elif all(getattr(region, key) == value for key, value in values.items()):
            report.regions_unchanged += 1
            continue
        else:
            for key, value in values.items():
                setattr(region, key, value)
            report.regions_updated += 1
        try:
            region.full_clean()
        except ValidationError as error:
            report.errors.extend(_model_errors(error, row.line, "regions"))
            continue
        region.save()
        existing[row.slug] = region
    return existing


def _unique_slug(name_nl: str, nis_code: str, taken: dict[str, str]) -> str:
    """slugify(name_nl), or with the NIS code appended if another municipality holds it."""
    slug = slugify(name_nl)[:80]
    holder = taken.get(slug)
    if holder is not None and holder != nis_code:
        slug = f"{slug[:74]}-{nis_code}"
    return slug


def _upsert_municipalities(
    rows: list[_MunicipalityRow],
    regions: Mapping[str, Region],
    report: LoadReport,
    progress: Progress | None,
) -> None:
    """Upsert in bulk: a few queries for the whole file rather than several per row."""
    existing = {
        municipality.nis_code: municipality
        for municipality in Municipality.objects.prefetch_related("regions")
    }
    taken = {municipality.slug: municipality.nis_code for municipality in existing.values()}
    slugs_before = {nis_code: municipality.slug for nis_code, municipality in existing.items()}
    # A municipality renamed in this file gives up its slug before any row claims one.
    new_names = {row.nis_code: row.name_nl for row in rows}
    for nis_code, municipality in existing.items():
        if new_names.get(nis_code, municipality.name_nl) != municipality.name_nl:
            taken.pop(municipality.slug, None)
    to_create: list[Municipality] = []
    to_update: list[Municipality] = []
    wanted_regions: dict[str, set[int]] = {}  # nis_code → region ids, for rows whose set changes
    iterable: Iterable[_MunicipalityRow] = rows
    if progress is not None:
        iterable = progress(rows, total=len(rows), desc="municipalities", unit="row")
    for row in iterable:
        municipality = existing.get(row.nis_code)
        if municipality is not None and municipality.name_nl == row.name_nl:
            slug = municipality.slug  # keep published URLs stable while the name is
        else:
            slug = _unique_slug(row.name_nl, row.nis_code, taken)
        values = {
            "slug": slug,
            "name_nl": row.name_nl,
            "name_fr": row.name_fr,
            "province_id": regions[row.province].pk,
            "latitude": row.latitude,
            "longitude": row.longitude,
            "population": row.population,
        }
        if row.postcodes is not None:
            values["postcodes"] = row.postcodes
        region_ids = {regions[region_slug].pk for region_slug in row.regions}
        if municipality is None:
            municipality = Municipality(nis_code=row.nis_code, **values)
            changed, regions_changed = True, bool(region_ids)
        else:
            changed = any(getattr(municipality, key) != value for key, value in values.items())
            regions_changed = region_ids != {region.pk for region in municipality.regions.all()}
            if not changed and not regions_changed:
                report.unchanged += 1
                continue
            for key, value in values.items():
                setattr(municipality, key, value)
        taken[slug] = row.nis_code
        try:
            municipality.full_clean(exclude=FULL_CLEAN_EXCLUDE, validate_unique=False)
        except ValidationError as error:
            report.errors.extend(_model_errors(error, row.line, "municipalities"))
            continue
        if municipality.pk is None:
            to_create.append(municipality)
            report.created += 1
        else:
            if changed:
                to_update.append(municipality)
            report.updated += 1
        if regions_changed:
            wanted_regions[row.nis_code] = region_ids
    if report.errors:
        return

    # Renamed municipalities may swap or free slugs: park their slugs on a value no other
    # row can hold before the real update, and update before creating.
    renamed = [m.pk for m in to_update if m.slug != slugs_before[m.nis_code]]
    if renamed:
        Municipality.objects.filter(pk__in=renamed).update(slug=Concat(Value("~"), F("nis_code")))
    Municipality.objects.bulk_update(to_update, MUNICIPALITY_FIELDS, batch_size=500)
    Municipality.objects.bulk_create(to_create, batch_size=500)
    if wanted_regions:
        ids = dict(
            Municipality.objects.filter(nis_code__in=wanted_regions).values_list("nis_code", "pk")
        )
        through = Municipality.regions.through
        through.objects.filter(municipality_id__in=ids.values()).delete()
        through.objects.bulk_create(
            [
                through(municipality_id=ids[nis_code], region_id=region_id)
                for nis_code, region_ids in wanted_regions.items()
                for region_id in sorted(region_ids)
            ],
            batch_size=500,
        )


def municipalities_load(
    *,
    rows: Sequence[Mapping],
    regions_rows: Sequence[Mapping] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> LoadReport:
    """Validate every row, then upsert regions and municipalities, all or nothing.

    `rows` (and `regions_rows`) are mappings as `csv.DictReader` gives them. Region slugs
    named by municipalities must exist in the database or in `regions_rows`. With
    `dry_run` the load runs and is rolled back, so the counts say what it would do.
    `progress`, if given, wraps the municipality rows like `tqdm(iterable, total=…)`.
    """
    rows = list(rows)
    regions_rows = list(regions_rows) if regions_rows is not None else []
    report = LoadReport(dry_run=dry_run)

    region_valid, region_errors = _validate_regions(regions_rows) if regions_rows else ([], [])
    report.errors.extend(region_errors)
    region_kinds = dict(Region.objects.values_list("slug", "kind"))
    region_kinds.update({row.slug: row.kind for row in region_valid})
    municipality_valid, municipality_errors = _validate_municipalities(rows, region_kinds)
    report.errors.extend(municipality_errors)
    if report.errors:
        return report

    with transaction.atomic():
        try:
            with transaction.atomic():
                regions = _upsert_regions(region_valid, report)
                if not report.errors:
                    _upsert_municipalities(municipality_valid, regions, report, progress)
                    # Bulk writes send no signals: drop the cached directory answers (once
                    # committed; a dry run or a refused load rolls this back too).
                    bump_after_commit(DIRECTORY)
        except IntegrityError as error:
            # Only a clash the row checks cannot foresee gets here, e.g. two municipalities
            # swapping names (and so slugs) in one file.
            report.errors.append(
                RowError(1, "-", _("the database refused the load: %(error)s") % {"error": error})
            )
        if report.errors or dry_run:
            transaction.set_rollback(True)
    return report


def municipalities_import(
    *,
    rows: Sequence[Mapping],
    dry_run: bool = False,
    progress: Progress | None = None,
    **_options,
) -> ImportReport:
    """The import engine's entry point (page, API, Celery task): municipalities only, with the
    regions already in the database; the report in the engine's shape."""
    report = municipalities_load(rows=rows, dry_run=dry_run, progress=progress)
    return ImportReport(
        counts={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
        errors=report.errors,
        dry_run=dry_run,
    )


def ensure_builtin_geography() -> LoadReport:
    """Load (or bring up to date) the built-in regions and municipalities; idempotent.

    Called by the demo seeding and by deployments that start from an empty database.
    """
    report = municipalities_load(
        rows=read_csv_rows(BUILTIN_MUNICIPALITIES_CSV),
        regions_rows=read_csv_rows(BUILTIN_REGIONS_CSV),
    )
    if not report.ok:
        raise GeographyLoadError(report)
    return report
