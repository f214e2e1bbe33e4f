"""The change history of actors, cooperations, memberships and support actions, for people.

django-simple-history writes one historical row per `save()` and `delete()` of a tracked model
(each model's `history`; bulk inserts and `.update()` write none). This module turns those rows
into entries a person can read: when, who, what kind of change, and which fields went from
what to what. The pages that show them (`<app>/history.py`) decide who may look: an object's
managers and staff only.

Who made a change is personal data, so the author is named only to people who already know
them in that role: the viewer themselves ("you"), staff, and the object's *colleagues* (the
other managers of an actor, the coordinators of a cooperation, the officers of a municipality),
who see each other's names on the platform anyway. Anyone else is shown as "Ketenwerk staff" or
"another Ketenwerk user". A deleted account leaves its changes in place without a name: its
history rows lose the link to the user (`history_user` is set to null).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# Fields that change on every save or are internal: no one needs to read them as a change.
HIDDEN_FIELDS = {"id", "created", "updated", "open_data_consent_at", "slug"}


@dataclass(frozen=True)
class FieldChange:
    """One field of one change, as text: `old` is empty for a value set at creation."""

    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One save or delete of one row, ready for the page."""

    when: datetime.datetime
    kind: str  # "+" created, "~" changed, "-" deleted (simple-history's history_type)
    subject: str
    author: str
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[self.kind]


def author_label(user, *, viewer, colleague_ids: Iterable[int]) -> str:
    """How the author of a change is named to `viewer` (see the module's docstring)."""
    if user is None:
        return _("unknown (an automatic change or a deleted account)")
    if viewer.is_authenticated and user.pk == viewer.pk:
        return _("you")
    if viewer.is_staff or user.pk in set(colleague_ids):
        return user.get_full_name() or user.email
    if user.is_staff:
        return _("Ketenwerk staff")
    return _("another Ketenwerk user")


def _tracked(record_model) -> list[models.Field]:
    return [f for f in record_model.tracked_fields if f.name not in HIDDEN_FIELDS]


def _related_names(records: list, fields: list[models.Field]) -> dict[tuple[str, object], str]:
    """Names of the rows foreign keys point at, one query per related model (not per row)."""
    wanted: dict[type, set] = defaultdict(set)
    for f in fields:
        if f.is_relation:
            for record in records:
                value = getattr(record, f.attname)
                if value is not None:
                    wanted[f.related_model].add(value)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model._meta.label, obj.pk)] = str(obj)
    return names


def _display(f: models.Field, value, names) -> str:
    if value is None or value == "":
        return "—"
    if f.is_relation:
        return names.get((f.related_model._meta.label, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return formats.localize(value)
    return str(value)


def history_entries(
    records: Iterable,
    *,
    viewer,
    colleague_ids: Iterable[int] = (),
    subject: Callable[[object, dict], str] | None = None,
) -> list[HistoryEntry]:
    """Entries for historical rows of one or several tracked models, newest first.

    Each change is compared with the previous historical row of the same object, so the rows
    of every object concerned must be in `records` (pass whole histories, not a page of one).
    `subject(record, names)` says what a row is about; by default the model's name and the
    row's own name or title.
    """
    by_model: dict[type, list] = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    colleague_ids = set(colleague_ids)
    entries: list[HistoryEntry] = []
    for record_model, rows in by_model.items():
        fields = _tracked(record_model)
        names = _related_names(rows, fields)
        rows.sort(key=lambda r: (r.history_date, r.history_id))
        previous: dict[object, object] = {}
        for record in rows:
            before = previous.get(record.id)
            changes = []
            if record.history_type == "~" and before is not None:
                for f in fields:
                    old, new = getattr(before, f.attname), getattr(record, f.attname)
                    if old != new:
                        changes.append(
                            FieldChange(
                                capfirst(str(f.verbose_name)),
                                _display(f, old, names),
                                _display(f, new, names),
                            )
                        )
                if not changes:
                    previous[record.id] = record
                    continue  # a save that changed nothing a person reads
            elif record.history_type == "+":
                for f in fields:
                    value = getattr(record, f.attname)
                    if value not in (None, "", False):
                        changes.append(
                            FieldChange(
                                capfirst(str(f.verbose_name)), "", _display(f, value, names)
                            )
                        )
            previous[record.id] = record
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    kind=record.history_type,
                    subject=(subject or default_subject)(record, names),
                    author=author_label(
                        record.history_user, viewer=viewer, colleague_ids=colleague_ids
                    ),
                    changes=changes,
                )
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def default_subject(record, names) -> str:
    model = record.instance_type._meta
    own = getattr(record, "name", "") or getattr(record, "title", "")
    if not own and hasattr(record, "get_channel_display"):
        own = record.get_channel_display()
    label = capfirst(str(model.verbose_name))
    return f"{label} “{own}”" if own else label


class ObjectHistoryView:
    """Mixin for the history page of one object ("Geschiedenis"): managers and staff only.

    Subclasses (in each app's `history.py`) say how to find the object, who may look, which
    historical rows belong to it and who counts as a colleague. Anonymous visitors are sent to
    log in; others get 404 when they cannot even see the object, 403 when they can see it but
    do not manage it.
    """

    template_name = "network/object_history.html"
    paginate_by = 50

    def find_object(self):
        raise NotImplementedError

    def can_see(self, user, obj) -> bool:
        """May `user` know the object exists (public, or theirs)? Else they get 404."""
        raise NotImplementedError

    def can_view_history(self, user, obj) -> bool:
        raise NotImplementedError

    def history_records(self, obj) -> list:
        raise NotImplementedError

    def colleague_ids(self, obj) -> set[int]:
        return set()

    def subject(self, record, names) -> str:
        return default_subject(record, names)

    def back_url(self, obj) -> str:
        return obj.get_absolute_url()

    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        obj = self.find_object()
        if not self.can_see(request.user, obj):
            raise Http404
        if not self.can_view_history(request.user, obj):
            raise PermissionDenied
        entries = history_entries(
            self.history_records(obj),
            viewer=request.user,
            colleague_ids=self.colleague_ids(obj),
            subject=self.subject,
        )
        page = Paginator(entries, self.paginate_by).get_page(request.GET.get("page"))
        context = {"object": obj, "page_obj": page, "entries": page.object_list}
        context["back_url"] = self.back_url(obj)
        return render(request, self.template_name, context)
