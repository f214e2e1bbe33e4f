"""Importing actors from a municipality's existing list (CSV), all or nothing.

Every row is checked by the same `ActorForm` the registration page uses, so an imported row
gets the messages a farmer typing the same values would get. See ACTOR_COLUMNS for the file.

Imported actors have **no owner and are not listed**: the directory and open data show only
what a business chose to publish (`is_public`, `open_data_consent`), and a sole trader's name,
address, phone and e-mail are personal data a municipality collected for its own purposes.
The business claims its record (staff add it as owner in the admin) and then decides to be
listed; the import refuses `is_public` and `open_data_consent` columns for that reason.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actors.choices import ActorKind, Channel
from actors.forms import ActorForm
from actors.models import Actor, Label, Offer, ProductCategory, SalesPoint
from actors.services import ACTOR_FIXED_PAGES, reserved_slugs
from actors.validators import normalize_kbo
from network.imports import (
    ImportReport,
    Progress,
    RowError,
    cell,
    missing_columns,
    row_line,
)
from network.models import Municipality
from network.response_cache import DIRECTORY, bump_after_commit

# The file's columns. Only name and kind are required; municipality or postcode must place it.
ACTOR_COLUMNS = {
    "name": gettext_lazy("the name people know the business by (required)"),
    "kind": gettext_lazy(
        "farmer, processor, trader, shop, kitchen, citizens_initiative, knowledge_institution "
        "or adviser; the Dutch, French or English name works too (required)"
    ),
    "kitchen_type": gettext_lazy(
        "kitchens only: school, care_home, hospital, company, city, restaurant"
    ),
    "initiative_type": gettext_lazy(
        "citizens' initiatives only: food_team, buying_group, community_garden, other"
    ),
    "street_address": gettext_lazy("street and number"),
    "postcode": gettext_lazy("four digits; finds the municipality when that column is empty"),
    "municipality": gettext_lazy("NIS code (44021) or name (Gent)"),
    "latitude": gettext_lazy("decimal degrees; empty = the municipality's centre"),
    "longitude": gettext_lazy("decimal degrees; empty = the municipality's centre"),
    "website": "https://…",
    "email": gettext_lazy("business e-mail"),
    "phone": gettext_lazy("business phone"),
    "kbo_number": gettext_lazy("enterprise number, e.g. 0123.456.749"),
    "founded_year": gettext_lazy("e.g. 1987"),
    "description": gettext_lazy("up to 5000 characters"),
    "products": gettext_lazy("product category slugs separated by |, e.g. aardappelen|appels"),
    "channels": format_lazy(
        "{} {}",
        gettext_lazy("sales channels separated by |, a sales point each at the actor's address:"),
        ", ".join(Channel.values),
    ),
}
REQUIRED_COLUMNS = ("name", "kind")
# Publication is the business's own decision (see the module docstring).
REFUSED_COLUMNS = ("is_public", "open_data_consent")
LIST_SEPARATORS = re.compile(r"[|;,]")
FORM_FIELDS = [name for name in ACTOR_COLUMNS if name not in ("products", "channels")]


WRITE_BATCH = 250


class _KnownMunicipalityField(forms.ModelChoiceField):
    """The municipality field, answered from the municipalities loaded once per import."""

    def __init__(self, known: Mapping[int, Municipality], **kwargs):
        super().__init__(queryset=Municipality.objects.none(), required=False, **kwargs)
        self.known = known

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.known[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class ImportActorForm(ActorForm):
    """The registration form with its rules and messages, minus its per-row queries: no labels
    (not imported), municipalities from memory. Thousands of rows are checked with it."""

    labels = forms.ModelMultipleChoiceField(queryset=Label.objects.none(), required=False)

    def __init__(self, *args, known_municipalities: Mapping[int, Municipality], **kwargs):
        instance = Actor()
        # The model's two check constraints (kitchen and initiative types only for their kinds)
        # are what ActorForm.clean() enforces; checking them again costs two queries a row.
        instance.validate_constraints = lambda exclude=None: None
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["municipality"] = _KnownMunicipalityField(known_municipalities)


@dataclass
class _ActorRow:
    line: int
    fields: dict
    categories: list[ProductCategory]
    channels: list[str]


def _error(line: int, field: str, reason) -> RowError:
    return RowError(line, field, str(reason), "actors")


def _choice_lookup(choices) -> dict[str, str]:
    """Value or label (in any of the site's languages, any case) → value."""
    lookup = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                lookup[str(label).strip().lower()] = value
    lookup.update({value: value for value, _label in choices})
    return lookup


def _split(value: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


def _decimal(value: str) -> str:
    """'51,05' (a Flemish spreadsheet's decimal comma) → '51.05'."""
    return value.replace(",", ".") if value.count(",") == 1 and "." not in value else value


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


class _Checker:
    """Checks rows one by one, remembering what earlier rows claimed (KBO, name per place)."""

    def __init__(self, *, municipality: Municipality | None, allowed: Collection[int] | None):
        self.default_municipality = municipality
        self.allowed = allowed
        self.municipalities = {m.nis_code: m for m in Municipality.objects.all()}
        self.by_pk = {m.pk: m for m in self.municipalities.values()}
        self.by_name = {}
        for m in self.municipalities.values():
            for name in (m.name_nl, m.name_fr):
                if name:
                    self.by_name.setdefault(name.casefold(), m)
        self.categories = ProductCategory.objects.in_bulk(field_name="slug")
        self.kinds = _choice_lookup(ActorKind.choices)
        self.channels = _choice_lookup(Channel.choices)
        self.kbo_lines: dict[str, int] = {}
        self.name_lines: dict[tuple[str, int], int] = {}

    def municipality(self, text: str, line: int, errors: list) -> Municipality | None:
        if not text:
            return self.default_municipality
        found = self.municipalities.get(text) or self.by_name.get(text.casefold())
        if found is None:
            errors.append(
                _error(
                    line,
                    "municipality",
                    _("“%(value)s” is not a known NIS code or municipality name.")
                    % {"value": text},
                )
            )
        return found

    def check(self, row: Mapping, line: int) -> tuple[_ActorRow | None, list[RowError]]:
        errors: list[RowError] = []
        if None in row:
            errors.append(_error(line, "-", _("This row has more values than the header.")))
        data = {name: cell(row, name) for name in FORM_FIELDS}
        kind_text = data["kind"]
        data["kind"] = self.kinds.get(kind_text.lower(), kind_text)
        for name in ("latitude", "longitude"):
            data[name] = _decimal(data[name])
        if data["kbo_number"]:
            # "BE 0123.456.749" as lists write it; the form takes the ten digits.
            data["kbo_number"] = normalize_kbo(data["kbo_number"])
        municipality = self.municipality(data.pop("municipality"), line, errors)
        if municipality is not None:
            data["municipality"] = municipality.pk
        form = ImportActorForm(data=data, known_municipalities=self.by_pk)
        if not form.is_valid():
            for name, messages in form.errors.items():
                if name == "municipality" and any(e.field == name for e in errors):
                    continue  # already said: the named municipality is unknown
                for message in messages:
                    errors.append(_error(line, name if name != "__all__" else "-", message))
        cleaned = getattr(form, "cleaned_data", {})
        place = cleaned.get("municipality")
        if place is not None and self.allowed is not None and place.pk not in self.allowed:
            errors.append(
                _error(
                    line,
                    "municipality",
                    _("You cannot import actors for %(municipality)s.") % {"municipality": place},
                )
            )
        elif (
            place is not None
            and self.default_municipality is not None
            and place != self.default_municipality
        ):
            errors.append(
                _error(
                    line,
                    "municipality",
                    _("This row is in %(place)s; this import is for %(municipality)s.")
                    % {"place": place, "municipality": self.default_municipality},
                )
            )
        kbo = normalize_kbo(cleaned.get("kbo_number") or "")
        if kbo:
            if kbo in self.kbo_lines:
                errors.append(
                    _error(
                        line,
                        "kbo_number",
                        _("The same enterprise number is already on line %(line)s.")
                        % {"line": self.kbo_lines[kbo]},
                    )
                )
            else:
                self.kbo_lines[kbo] = line
        name = cleaned.get("name")
        if name and place is not None:
            key = (_name_key(name), place.pk)
            if key in self.name_lines:
                errors.append(
                    _error(
                        line,
                        "name",
                        _("An actor of the same name in the same municipality is on line %(line)s.")
                        % {"line": self.name_lines[key]},
                    )
                )
            else:
                self.name_lines[key] = line
        categories = []
        for slug in _split(cell(row, "products")):
            category = self.categories.get(slug.lower())
            if category is None:
                errors.append(
                    _error(
                        line,
                        "products",
                        _("“%(value)s” is not a product category.") % {"value": slug},
                    )
                )
            elif category not in categories:
                categories.append(category)
        channels = []
        for text in _split(cell(row, "channels")):
            channel = self.channels.get(text.lower())
            if channel is None:
                errors.append(
                    _error(
                        line,
                        "channels",
                        _("“%(value)s” is not a sales channel.") % {"value": text},
                    )
                )
            elif channel not in channels:
                channels.append(channel)
        if errors:
            return None, errors
        fields = {name: cleaned[name] for name in FORM_FIELDS if name in cleaned}
        fields["kbo_number"] = kbo
        return _ActorRow(line, fields, categories, channels), []


def _existing_duplicates(valid: list[_ActorRow]) -> list[RowError]:
    """Rows whose enterprise number, or name in the same municipality, is already registered.

    The message names no actor: an unlisted actor's existence is not the importer's to read.
    """
    errors = []
    kbos = {row.fields["kbo_number"] for row in valid if row.fields["kbo_number"]}
    taken_kbos = set(Actor.objects.filter(kbo_number__in=kbos).values_list("kbo_number", flat=True))
    places = {row.fields["municipality"].pk for row in valid}
    taken_names = {
        (_name_key(name), place)
        for name, place in Actor.objects.filter(municipality__in=places).values_list(
            "name", "municipality"
        )
    }
    for row in valid:
        if row.fields["kbo_number"] in taken_kbos:
            errors.append(
                _error(
                    row.line,
                    "kbo_number",
                    _("An actor with this enterprise number is already registered."),
                )
            )
        if (_name_key(row.fields["name"]), row.fields["municipality"].pk) in taken_names:
            errors.append(
                _error(
                    row.line,
                    "name",
                    _("An actor of this name is already registered in this municipality."),
                )
            )
    return errors


def _slugger():
    """unique_slug() of actors.services for many rows: the taken slugs read once."""
    taken = set(Actor.objects.values_list("slug", flat=True)) | reserved_slugs(*ACTOR_FIXED_PAGES)

    def slug_for(name: str) -> str:
        base = slugify(name)[:160].strip("-") or "actor"
        slug, counter = base, 2
        while slug in taken:
            slug = f"{base}-{counter}"
            counter += 1
        taken.add(slug)
        return slug

    return slug_for


def _write(valid: list[_ActorRow], progress: Progress | None) -> None:
    """Insert in batches (bulk_create returns the ids on PostgreSQL and SQLite)."""
    slug_for = _slugger()
    rows = progress(valid, total=len(valid), desc="writing", unit="row") if progress else valid
    batch: list[_ActorRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == WRITE_BATCH:
            _write_batch(batch, slug_for)
            batch = []
    if batch:
        _write_batch(batch, slug_for)


def _write_batch(batch: list[_ActorRow], slug_for) -> None:
    # Unlisted, no open-data consent, no owner: see the module docstring.
    actors = [
        Actor(**row.fields, slug=slug_for(row.fields["name"]), is_public=False) for row in batch
    ]
    Actor.objects.bulk_create(actors)
    sales_points, offers = _children(batch, actors)
    SalesPoint.objects.bulk_create(sales_points)
    Offer.objects.bulk_create(offers)


def _children(batch: list[_ActorRow], actors: list[Actor]):
    sales_points, offers = [], []
    for row, actor in zip(batch, actors, strict=True):
        for channel in row.channels:
            place = (
                {}
                if channel == Channel.WEBSHOP
                else {
                    "street_address": actor.street_address,
                    "postcode": actor.postcode,
                    "municipality": actor.municipality,
                    "latitude": actor.latitude,
                    "longitude": actor.longitude,
                }
            )
            sales_points.append(SalesPoint(actor=actor, channel=channel, **place))
        offers.extend(Offer(actor=actor, category=category) for category in row.categories)
    return sales_points, offers


def actors_import(
    *,
    rows: Sequence[Mapping],
    header: Sequence[str] | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    municipality: Municipality | None = None,
    allowed_municipality_ids: Collection[int] | None = None,
    **_options,
) -> ImportReport:
    """Check every row, then create every actor in one transaction — or nothing at all.

    `municipality`: rows without one go there, rows naming another are refused.
    `allowed_municipality_ids`: the municipalities the importing person acts for (None: all).
    `progress` wraps the rows like tqdm, for the checking and the writing phases.
    """
    rows = list(rows)
    header = list(header) if header is not None else (list(rows[0]) if rows else [])
    report = ImportReport(dry_run=dry_run)
    for name in missing_columns(header, REQUIRED_COLUMNS):
        report.errors.append(_error(1, name, _("This column is missing from the header.")))
    for name in REFUSED_COLUMNS:
        if name in header:
            report.errors.append(
                _error(
                    1,
                    name,
                    _(
                        "Imported actors are never published: the business decides that "
                        "itself. Remove this column."
                    ),
                )
            )
    if "municipality" not in header and "postcode" not in header and municipality is None:
        report.errors.append(
            _error(1, "municipality", _("Give a municipality or a postcode column."))
        )
    if report.errors:
        return report

    checker = _Checker(municipality=municipality, allowed=allowed_municipality_ids)
    valid: list[_ActorRow] = []
    indexed = list(enumerate(rows))
    iterable = indexed
    if progress is not None:
        iterable = progress(indexed, total=len(indexed), desc="checking", unit="row")
    for index, row in iterable:
        checked, errors = checker.check(row, row_line(row, index))
        report.errors.extend(errors)
        if checked is not None:
            valid.append(checked)
    report.errors.extend(_existing_duplicates(valid))
    report.errors.sort(key=lambda error: error.line)
    report.counts = {"actors": len(valid), "sales_points": 0, "offers": 0}
    report.counts["sales_points"] = sum(len(row.channels) for row in valid)
    report.counts["offers"] = sum(len(row.categories) for row in valid)
    if report.errors:
        report.counts = {"actors": 0, "sales_points": 0, "offers": 0}
        return report
    if dry_run:
        return report
    with transaction.atomic():
        _write(valid, progress)
        # bulk_create sends no signals: the cached directory answers are dropped here.
        bump_after_commit(DIRECTORY)
    return report
