"""The CSV import engine shared by the actors and municipalities imports.

One path for every import, from the command line, the import page and its Celery task:

1. `parse_csv()` reads the uploaded bytes: UTF-8 with or without a BOM (Windows-1252 as a
   fallback, as Excel's plain "CSV" saves it in Flanders), the delimiter sniffed from the header
   line (`;` from Flemish Excel, `,` elsewhere, or a tab), headers lower-cased, blank lines and
   rows of empty cells skipped, every row tagged with its line in the file.
2. An importer (see IMPORTERS) checks every row and collects every problem as a RowError
   (line, field, reason) before anything is written; one bad row means nothing is written.
   A dry run checks and counts only.
3. The write happens in one transaction. `progress` wraps the rows like tqdm does, so the
   command shows a bar and the Celery task updates the job the page polls.

Line numbers count the header as line 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

Progress = Callable[..., Iterable]
LINE_KEY = "__line__"
DELIMITERS = (";", ",", "\t")
# Importers by job kind: dotted paths, so this module imports no app above network.
IMPORTERS = {
    "municipalities": "network.services.municipalities_import",
    "actors": "actors.imports.actors_import",
}


@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or row) of an input file."""

    line: int
    field: str
    reason: str
    source: str = "municipalities"

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field}: {self.reason}"

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "reason": str(self.reason)}


@dataclass
class ImportReport:
    """What an import did, or (dry run, errors) would have done: counts and every bad row."""

    counts: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.written,
            "counts": dict(self.counts),
            "errors": [error.as_dict() for error in self.errors],
        }


class CsvFileError(ValueError):
    """The file as a whole cannot be read as CSV (not text, no header, …)."""


@dataclass
class ParsedCsv:
    rows: list[dict]
    header: list[str]
    delimiter: str
    encoding: str


def decode(data: bytes | str) -> tuple[str, str]:
    """The text of an uploaded file and the encoding it was read in."""
    if isinstance(data, str):
        text, encoding = data.removeprefix("\ufeff"), "utf-8"
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "windows-1252"
            except UnicodeDecodeError:
                raise CsvFileError(
                    _("The file is not text in UTF-8; in Excel, save it as “CSV UTF-8”.")
                ) from None
    if "\x00" in text:
        # A spreadsheet (.xlsx is a zip) or another binary file; PostgreSQL text refuses NUL.
        raise CsvFileError(
            _("The file is not a CSV text file (an .xlsx?); in Excel, save it as “CSV UTF-8”.")
        )
    return text, encoding


def sniff_delimiter(header_line: str) -> str:
    """The delimiter used most in the header line (outside quotes); `,` when there is none."""
    counts = {delimiter: 0 for delimiter in DELIMITERS}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_csv(data: bytes | str) -> ParsedCsv:
    """Rows of a CSV file as dicts keyed by the lower-cased header, each with its line number.

    Raises CsvFileError when there is no header line or the header repeats a column.
    """
    text, encoding = decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    if not first_line:
        raise CsvFileError(_("The file is empty: it needs a header line and rows."))
    delimiter = sniff_delimiter(first_line)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header: list[str] | None = None
        rows: list[dict] = []
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue  # blank lines and Excel's trailing ";;;;" rows
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                repeated = sorted({name for name in header if header.count(name) > 1})
                if repeated:
                    raise CsvFileError(
                        _("The header names a column twice: %(columns)s.")
                        % {"columns": ", ".join(repeated)}
                    )
                continue
            row: dict[Any, Any] = dict(zip(header, cells, strict=False))
            if len(cells) > len(header):
                row[None] = cells[len(header) :]  # as csv.DictReader marks extra values
            for name in header[len(cells) :]:
                row[name] = None
            row[LINE_KEY] = reader.line_num
            rows.append(row)
    except csv.Error as error:
        raise CsvFileError(_("The file is not valid CSV: %(error)s") % {"error": error}) from None
    return ParsedCsv(rows=rows, header=header or [], delimiter=delimiter, encoding=encoding)


def read_csv_file(path) -> ParsedCsv:
    with open(path, "rb") as handle:
        return parse_csv(handle.read())


def row_line(row: Mapping, index: int) -> int:
    """The row's line in the file; its position after the header when it was not tagged."""
    line = row.get(LINE_KEY)
    return line if isinstance(line, int) else index + 2


def cell(row: Mapping, name: str) -> str:
    value = row.get(name)
    return value.strip() if isinstance(value, str) else ""


def missing_columns(header: Sequence[str], required: Sequence[str]) -> list[str]:
    return [name for name in required if name not in header]


# --- Progress ---------------------------------------------------------------------------------


def tqdm_progress(*, total_rows: int, min_rows: int, show: bool = True, file=None) -> Progress:
    """A tqdm bar on stderr for files of at least `min_rows` rows (a blink needs no bar)."""
    import sys

    from tqdm import tqdm

    def progress(iterable, **kwargs):
        enabled = show and total_rows >= min_rows
        return tqdm(iterable, file=file or sys.stderr, disable=not enabled, **kwargs)

    return progress


def callback_progress(report: Callable[[str, int, int], None], *, every: int = 50) -> Progress:
    """A progress wrapper that calls `report(phase, done, total)` every `every` rows and at
    the end of each phase: what the Celery task uses to update the job the page polls."""

    def progress(iterable, *, total=None, desc="", **_kwargs) -> Iterator:
        items = list(iterable) if total is None else iterable
        total = len(items) if total is None else total
        done = 0
        report(desc, 0, total)
        for item in items:
            yield item
            done += 1
            if done % every == 0:
                report(desc, done, total)
        report(desc, done, total)

    return progress


# --- Running an importer ----------------------------------------------------------------------


def get_importer(kind: str) -> Callable[..., ImportReport]:
    """The import function for a job kind: `(rows, header, dry_run, progress, **options)`."""
    return import_string(IMPORTERS[kind])


# --- Import jobs: the page's upload → check → confirm → write, in a Celery task ---------------

# Larger files are refused with a message; an actors list of a few thousand rows is ~1 MB.
DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Up to this many rows the check and the write run in the request: a blink, no worker needed.
INLINE_MAX_ROWS = 200
PROGRESS_CACHE_TIMEOUT = 60 * 60
# A checked file nobody confirmed is dropped after this long: it holds the listed businesses'
# contact details, which are not kept without a purpose.
UNCONFIRMED_DAYS = 2


def max_upload_bytes() -> int:
    from django.conf import settings

    return getattr(settings, "KETENWERK_IMPORT_MAX_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def can_import(user, kind: str) -> bool:
    """Staff import municipalities; officers (and staff) import actors for their places."""
    if user is None or not user.is_authenticated:
        return False
    if kind == "municipalities":
        return user.is_staff
    if kind == "actors":
        from municipality.permissions import is_officer

        return is_officer(user)
    return False


def allowed_municipality_ids(user) -> frozenset[int] | None:
    """The municipalities a person may import actors for; None means all (staff)."""
    if user.is_staff:
        return None
    from municipality.permissions import officer_municipality_ids

    return officer_municipality_ids(user)


def _progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def job_progress(job) -> tuple[str, int]:
    """(phase, rows done) of a running job: from the cache while its transaction is open."""
    from django.core.cache import cache

    try:
        value = cache.get(_progress_key(job.pk))
    except Exception:  # noqa: BLE001 — a cache outage only hides the progress figure
        value = None
    if value and job.status in ("checking", "queued", "running"):
        return value[0], min(int(value[1]), job.total_rows)
    return "", job.processed_rows


# A running job holds a lease in the cache, renewed with every progress report. Redis hands an
# unacknowledged task to another worker after the broker's visibility timeout (60 s, so that a
# killed worker's task comes back within a minute), which is shorter than a large import: the
# second copy must wait for the first rather than check or write beside it.
JOB_LEASE_SECONDS = 120


def _lease_key(job_id: int) -> str:
    return f"import-job-lease:{job_id}"


def import_job_lease_take(job_id: int, holder: str) -> bool:
    """Take the job's lease; False while another live worker holds it."""
    from django.core.cache import cache

    return bool(cache.add(_lease_key(job_id), holder, JOB_LEASE_SECONDS))


def import_job_lease_release(job_id: int, holder: str) -> None:
    from django.core.cache import cache

    if cache.get(_lease_key(job_id)) == holder:
        cache.delete(_lease_key(job_id))


def _renew_lease(job_id: int) -> None:
    from django.core.cache import cache

    try:
        cache.touch(_lease_key(job_id), JOB_LEASE_SECONDS)
    except Exception:  # noqa: BLE001, S110 — without a cache the lease simply runs out
        pass


def _reset_progress(job_id: int) -> None:
    from django.core.cache import cache

    try:
        cache.delete(_progress_key(job_id))
    except Exception:  # noqa: BLE001, S110 — progress is a courtesy
        pass


def _job_progress(job_id: int) -> Progress:
    """Progress that the page can read: the cache always (a transaction hides row updates from
    other connections), the job row too when no transaction is open."""
    from django.core.cache import cache
    from django.db import connection

    from network.models import ImportJob

    def report(phase: str, done: int, _total: int) -> None:
        try:
            cache.set(_progress_key(job_id), (phase, done), PROGRESS_CACHE_TIMEOUT)
        except Exception:  # noqa: BLE001, S110 — progress is a courtesy, the import goes on
            pass
        _renew_lease(job_id)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    return callback_progress(report, every=25)


def _importer_options(job) -> dict:
    if job.kind == "actors":
        return {
            "municipality": job.municipality,
            "allowed_municipality_ids": allowed_municipality_ids(job.created_by),
        }
    return {}


def import_job_start(
    *, user, kind: str, file_name: str, data: bytes, municipality=None, language="nl"
):
    """Store an uploaded file as a job and check it (inline when small, else in a task).

    Raises PermissionDenied for those who may not import this kind (or for this municipality)
    and ValidationError({"file": …}) for a file that is too large or not CSV.
    """
    from django.core.exceptions import PermissionDenied, ValidationError

    from network.models import ImportJob

    if not can_import(user, kind):
        raise PermissionDenied
    if municipality is not None:
        allowed = allowed_municipality_ids(user)
        if allowed is not None and municipality.pk not in allowed:
            raise PermissionDenied
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _(
                    "The file is %(size)s MB; the limit is %(limit)s MB. Split it into "
                    "smaller files and import them one by one."
                )
                % {"size": f"{len(data) / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:g}"}
            }
        )
    try:
        parsed = parse_csv(data)
    except CsvFileError as error:
        raise ValidationError({"file": str(error)}) from None
    if not parsed.rows:
        raise ValidationError({"file": _("The file has a header line but no rows.")})
    text, _encoding = decode(data)
    import_jobs_expire()
    job = ImportJob.objects.create(
        kind=kind,
        created_by=user,
        municipality=municipality if kind == "actors" else None,
        file_name=file_name[:255],
        language=language,
        content=text,
        total_rows=len(parsed.rows),
        report={"encoding": parsed.encoding, "delimiter": parsed.delimiter},
    )
    _schedule(job)
    return job


def import_jobs_expire() -> int:
    """Fail jobs left unconfirmed (or stuck) for UNCONFIRMED_DAYS, and drop their file."""
    import datetime

    from django.utils import timezone

    from network.models import ImportJob

    return ImportJob.objects.filter(
        status__in=(ImportJob.Status.CHECKED, ImportJob.Status.CHECKING),
        updated__lt=timezone.now() - datetime.timedelta(days=UNCONFIRMED_DAYS),
    ).update(status=ImportJob.Status.FAILED, content="", finished_at=timezone.now())


def import_job_confirm(*, user, job):
    """The person read the check's report and confirms: write it (a double click is harmless)."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from network.models import ImportJob

    if job.created_by_id != user.pk or not can_import(user, job.kind):
        raise PermissionDenied
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKED).update(
        status=ImportJob.Status.QUEUED, processed_rows=0
    )
    job.refresh_from_db()
    if queued:
        _schedule(job)
    elif job.status not in (
        ImportJob.Status.QUEUED,
        ImportJob.Status.RUNNING,
        ImportJob.Status.DONE,
    ):
        raise ValidationError(_("This import is not waiting for confirmation."))
    return job


def _schedule(job) -> None:
    from django.db import transaction

    from network.tasks import run_import_job

    _reset_progress(job.pk)
    if job.total_rows <= INLINE_MAX_ROWS:
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: run_import_job.delay(job.pk))


def import_job_run(*, job_id: int) -> None:
    """Do a job's pending step: the check, or the write. Idempotent, safe to run twice:
    a job that is gone or finished is left alone, and the write marks the job done in the
    same transaction that writes the rows."""
    from django.utils import translation

    from network.models import ImportJob

    job = ImportJob.objects.select_related("created_by", "municipality").filter(pk=job_id).first()
    if job is None or job.status not in ImportJob.PENDING_STATUSES:
        return
    try:
        with translation.override(job.language):
            if job.status == ImportJob.Status.CHECKING:
                _run_check(job)
            else:
                _run_write(job)
    except Exception:
        # A bug or a time limit: nothing was written (one transaction). Say so on the page
        # rather than leave it "checking" forever; a retry would only fail the same way.
        import logging

        from django.utils import timezone

        logging.getLogger(__name__).exception("Import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, content="", finished_at=timezone.now()
        )


def _finish_values(report: ImportReport, job) -> dict:
    from django.utils import timezone

    return {
        "report": {**job.report, **report.as_dict()},
        "processed_rows": job.total_rows,
        "updated": timezone.now(),
    }


def _run_check(job) -> None:
    from django.utils import timezone

    from network.models import ImportJob

    parsed = parse_csv(job.content)
    report = get_importer(job.kind)(
        rows=parsed.rows,
        header=parsed.header,
        dry_run=True,
        progress=_job_progress(job.pk),
        **_importer_options(job),
    )
    values = _finish_values(report, job)
    if report.ok:
        values["status"] = ImportJob.Status.CHECKED
    else:
        values.update(status=ImportJob.Status.REJECTED, content="", finished_at=timezone.now())
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.CHECKING).update(**values)


def _run_write(job) -> None:
    from django.db import transaction
    from django.utils import timezone

    from network.models import ImportJob

    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, processed_rows=0
    )
    with transaction.atomic():
        # A second delivery of the task waits here until the first commits, then exits.
        locked = ImportJob.objects.select_for_update().filter(pk=job.pk).first()
        if locked is None or locked.status != ImportJob.Status.RUNNING:
            return
        parsed = parse_csv(locked.content)
        report = get_importer(locked.kind)(
            rows=parsed.rows,
            header=parsed.header,
            dry_run=False,
            progress=_job_progress(locked.pk),
            **_importer_options(locked),
        )
        values = _finish_values(report, locked)
        values.update(content="", finished_at=timezone.now())
        if report.ok:
            ImportJob.objects.filter(pk=locked.pk).update(status=ImportJob.Status.DONE, **values)
            return
        # Rows that passed the check fail now (e.g. an actor registered meanwhile).
        transaction.set_rollback(True)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.REJECTED, **values)
