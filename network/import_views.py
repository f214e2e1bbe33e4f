"""The CSV import pages: upload → the check's report → confirm → progress → the final report.

Officers import actors for their municipalities, staff import municipalities (and actors
anywhere). The check and the write run in a Celery task for large files (network/tasks.py),
inline for small ones; the job page polls a small partial with htmx while a job is pending
(no inline script: the polling is an attribute), and works as a plain page without it.
Views parse and shape; network/imports.py decides (PermissionDenied → 403).
"""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from network.imports import (
    allowed_municipality_ids,
    can_import,
    import_job_confirm,
    import_job_start,
    job_progress,
    max_upload_bytes,
)
from network.models import ImportJob, Municipality

KINDS = {
    "actors": ImportJob.Kind.ACTORS,
    "municipalities": ImportJob.Kind.MUNICIPALITIES,
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or as Excel saves it, separated by semicolons or commas."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    municipality = forms.ModelChoiceField(
        queryset=Municipality.objects.none(),
        label=_("Municipality"),
        required=False,
        help_text=_("Rows without a municipality are placed here; rows of others are refused."),
    )

    def __init__(self, *args, kind: str, user, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != ImportJob.Kind.ACTORS:
            del self.fields["municipality"]
            return
        allowed = allowed_municipality_ids(user)
        queryset = Municipality.objects.order_by("name_nl")
        if allowed is not None:
            queryset = queryset.filter(pk__in=allowed)
            self.fields["municipality"].required = True
            if len(allowed) == 1:
                self.fields["municipality"].initial = next(iter(allowed))
        self.fields["municipality"].queryset = queryset
        self.fields["municipality"].label_from_instance = lambda m: m.name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise ValidationError(
                _(
                    "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller "
                    "files and import them one by one."
                )
                % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:g}"}
            )
        return upload


def _kind_or_404(kind: str) -> str:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


class ImportStartView(LoginRequiredMixin, View):
    template_name = "network/import_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.kind = _kind_or_404(kwargs["kind"])
        if request.user.is_authenticated and not can_import(request.user, self.kind):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, form):
        jobs = ImportJob.objects.filter(created_by=self.request.user, kind=self.kind)[:10]
        return render(
            self.request,
            self.template_name,
            {"form": form, "kind": self.kind, "jobs": jobs, "columns": _columns(self.kind)},
        )

    def get(self, request, *args, **kwargs):
        return self.render(ImportUploadForm(kind=self.kind, user=request.user))

    def post(self, request, *args, **kwargs):
        form = ImportUploadForm(request.POST, request.FILES, kind=self.kind, user=request.user)
        if not form.is_valid():
            return self.render(form)
        upload = form.cleaned_data["file"]
        try:
            job = import_job_start(
                user=request.user,
                kind=self.kind,
                file_name=upload.name,
                data=upload.read(),
                municipality=form.cleaned_data.get("municipality"),
                language=get_language() or "nl",
            )
        except ValidationError as error:
            for message in error.message_dict.get("file", error.messages):
                form.add_error("file", message)
            return self.render(form)
        return redirect("network:import_job", pk=job.pk)


def _columns(kind: str) -> dict:
    if kind == ImportJob.Kind.ACTORS:
        from actors.imports import ACTOR_COLUMNS

        return ACTOR_COLUMNS
    return MUNICIPALITY_COLUMN_HELP


# As `manage.py load_municipalities --help` explains them; regions must exist already.
MUNICIPALITY_COLUMN_HELP = {
    "nis_code": _("five-digit NIS code, valid from 1 January 2025 (Gent: 44021)"),
    "name_nl": _("Dutch name (required)"),
    "name_fr": _("French name, or empty"),
    "province": _("province slug, e.g. oost-vlaanderen, or brussel"),
    "latitude": _("centre, decimal degrees, within 49.4..51.6"),
    "longitude": _("centre, decimal degrees, within 2.4..6.5"),
    "population": _("a whole number, or empty"),
    "regions": _("region slugs separated by ;, e.g. meetjesland"),
    "postcodes": _("optional column: four-digit postcodes separated by spaces"),
}


def _own_job(request, pk: int) -> ImportJob:
    """Only the person who started a job sees it: its report quotes their file."""
    return get_object_or_404(
        ImportJob.objects.select_related("municipality"), pk=pk, created_by=request.user
    )


def _context(job: ImportJob) -> dict:
    phase, done = job_progress(job)
    percent = round(100 * done / job.total_rows) if job.total_rows else 0
    return {
        "job": job,
        "phase": phase,
        "done": done,
        "percent": percent,
        "pending": job.status in ImportJob.PENDING_STATUSES,
        "errors": job.report.get("errors", []),
        "counts": job.report.get("counts", {}),
    }


class ImportJobView(LoginRequiredMixin, View):
    def get(self, request, pk):
        job = _own_job(request, pk)
        return render(request, "network/import_job.html", _context(job))


class ImportJobProgressView(LoginRequiredMixin, View):
    """The partial htmx polls; once the job is no longer pending the whole page reloads."""

    def get(self, request, pk):
        job = _own_job(request, pk)
        response = render(request, "network/includes/import_progress.html", _context(job))
        if request.htmx and job.status not in ImportJob.PENDING_STATUSES:
            response["HX-Refresh"] = "true"
        patch_vary_headers(response, ["HX-Request"])
        response["Cache-Control"] = "no-store"
        return response


class ImportJobConfirmView(LoginRequiredMixin, View):
    def post(self, request, pk):
        job = _own_job(request, pk)
        try:
            import_job_confirm(user=request.user, job=job)
        except ValidationError as error:
            return HttpResponse(" ".join(error.messages), status=409)
        return redirect("network:import_job", pk=job.pk)
