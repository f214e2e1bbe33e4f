"""Importing a municipality's list of actors: every bad row reported, all or nothing, dry run,
the command with its progress bar, and the import page with its Celery task."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from actors.imports import actors_import
from actors.models import Actor, ActorManager, Offer, SalesPoint
from municipality.models import OfficerRole
from network import imports
from network.imports import parse_csv
from network.models import ImportJob
from network.tasks import run_import_job
from tests.factories import ActorFactory, MunicipalityFactory, UserFactory

SAMPLE = Path(__file__).resolve().parents[2] / "actors" / "fixtures" / "actors_import_sample.csv"
HEADER = "name,kind,street_address,postcode,municipality,kbo_number,email,products,channels"
GOOD = (
    "Hoeve Ter Linde,farmer,Lindestraat 4,9000,44021,0123.456.749,info@terlinde.be,appels,farm_shop"
)


@pytest.fixture
def gent(db):
    return MunicipalityFactory(
        nis_code="44021",
        slug="gent",
        name_nl="Gent",
        name_fr="Gand",
        postcodes="9000 9030 9031 9032",
        latitude=51.0543,
        longitude=3.7174,
    )


@pytest.fixture
def eeklo(db):
    return MunicipalityFactory(
        nis_code="43005",
        slug="eeklo",
        name_nl="Eeklo",
        postcodes="9900",
        latitude=51.1858,
        longitude=3.5656,
    )


@pytest.fixture
def officer(gent):
    user = UserFactory(email="officer@gent.example.org")
    OfficerRole.objects.create(user=user, municipality=gent)
    return user


@pytest.fixture
def eeklo_officer(eeklo):
    user = UserFactory(email="officer@eeklo.example.org")
    OfficerRole.objects.create(user=user, municipality=eeklo)
    return user


def run(text: str, **options):
    parsed = parse_csv(text.encode())
    return actors_import(rows=parsed.rows, header=parsed.header, **options)


def errors_of(report) -> list[tuple[int, str]]:
    return [(error.line, error.field) for error in report.errors]


class TestImport:
    def test_the_sample_file_creates_unlisted_actors_without_owner(self, gent):
        report = run(SAMPLE.read_text(encoding="utf-8"))

        assert report.ok, report.errors
        assert report.counts == {"actors": 4, "sales_points": 5, "offers": 8}
        assert Actor.objects.count() == 4
        assert not Actor.objects.filter(is_public=True).exists()
        assert not Actor.objects.filter(open_data_consent=True).exists()
        assert ActorManager.objects.count() == 0
        kouter = Actor.objects.get(name="Hoeve De Kouter")
        assert (kouter.kbo_number, kouter.latitude, kouter.longitude) == (
            "0123456749",
            51.0612,
            3.7021,
        )
        assert sorted(kouter.sales_points.values_list("channel", flat=True)) == [
            "farm_shop",
            "vending_machine",
        ]
        assert sorted(kouter.offers.values_list("category__slug", flat=True)) == [
            "aardappelen",
            "eieren",
            "groenten",
        ]
        # No coordinates: the municipality's centre; municipality by name; by postcode.
        beke = Actor.objects.get(name="Zuivelhoeve Ter Beke")
        assert (beke.municipality, beke.latitude) == (gent, gent.latitude)
        bakery = Actor.objects.get(name="Bakkerij Het Graan")
        assert bakery.municipality == gent
        webshop = bakery.sales_points.get(channel="webshop")
        assert (webshop.latitude, webshop.municipality) == (None, None)
        assert Actor.objects.get(name="Stedelijke keuken Gent").kitchen_type == "city"

    def test_kinds_and_channels_may_be_written_as_dutch_labels(self, gent):
        report = run("name;kind;municipality;channels\nDe Kaasmakerij;verwerker;Gent;Hoevewinkel\n")

        assert report.ok, report.errors
        actor = Actor.objects.get()
        assert actor.kind == "processor"
        assert actor.sales_points.get().channel == "farm_shop"

    @pytest.mark.parametrize(
        ("row", "field", "reason"),
        [
            ("Hoeve,boerderij,,9000,44021,,,,", "kind", "Select a valid choice"),
            (",farmer,,9000,44021,,,,", "name", "This field is required"),
            ("X" * 151 + ",farmer,,9000,44021,,,,", "name", "at most 150 characters"),
            ("Hoeve,farmer,,9000,44021,0123.456.748,,,", "kbo_number", "check digits"),
            ("Hoeve,farmer,,9000,44021,2123.456.749,,,", "kbo_number", "ten digits"),
            ("Hoeve,farmer,,900,44021,,,,", "postcode", "four digits"),
            ("Hoeve,farmer,,9000,99999,,,,", "municipality", "not a known NIS code"),
            ("Hoeve,farmer,,8000,,,,,", "municipality", "could not find it from the postcode"),
            ("Hoeve,farmer,,9000,44021,,geen-adres,,", "email", "valid email"),
            ("Hoeve,farmer,,9000,44021,,,tulpen,", "products", "not a product category"),
            ("Hoeve,farmer,,9000,44021,,,,teleport", "channels", "not a sales channel"),
            ("Hoeve,farmer,,9000,44021,,,,,extra", "-", "more values than the header"),
        ],
    )
    def test_each_bad_row_kind_names_line_field_and_reason(self, gent, row, field, reason):
        report = run(f"{HEADER}\n{GOOD}\n{row}\n")

        assert errors_of(report) == [(3, field)]
        assert reason in report.errors[0].reason
        assert str(report.errors[0]).startswith(f"line 3, field {field}: ")
        assert Actor.objects.count() == 0

    @pytest.mark.parametrize(
        ("columns", "values", "field", "reason"),
        [
            ("latitude", "51.05", "longitude", "Give both latitude and longitude"),
            ("latitude,longitude", "95,3.7", "latitude", "less than or equal to 90"),
            ("latitude,longitude", "abc,3.7", "latitude", "Enter a number."),
            ("website", "niet een adres", "website", "valid URL"),
            ("founded_year", "1700", "founded_year", "greater than or equal to 1800"),
            ("kitchen_type", "frituur", "kitchen_type", "Select a valid choice"),
        ],
    )
    def test_messages_are_those_of_the_registration_form(
        self, gent, columns, values, field, reason
    ):
        report = run(f"name,kind,municipality,{columns}\nHoeve,farmer,44021,{values}\n")

        assert set(errors_of(report)) == {(2, field)}
        assert reason in report.errors[0].reason

    def test_every_bad_row_is_reported_not_just_the_first(self, gent):
        text = (
            f"{HEADER}\n"
            ",farmer,,9000,44021,,,,\n"
            f"{GOOD}\n"
            "Hoeve B,alien,,9000,44021,,,,\n"
            "Hoeve C,farmer,,9000,44021,0000000000,,peren|tulpen,\n"
        )

        report = run(text)

        assert errors_of(report) == [(2, "name"), (4, "kind"), (5, "kbo_number"), (5, "products")]
        assert report.counts == {"actors": 0, "sales_points": 0, "offers": 0}

    def test_a_bad_row_means_nothing_is_written(self, gent):
        report = run(f"{HEADER}\n{GOOD}\nHoeve B,farmer,,9000,44021,,,,nope\n")

        assert not report.ok
        assert (Actor.objects.count(), SalesPoint.objects.count(), Offer.objects.count()) == (
            0,
            0,
            0,
        )

    def test_dry_run_checks_and_counts_but_writes_nothing(self, gent):
        report = run(f"{HEADER}\n{GOOD}\n", dry_run=True)

        assert report.ok and not report.written
        assert report.counts == {"actors": 1, "sales_points": 1, "offers": 1}
        assert Actor.objects.count() == 0

    def test_missing_and_refused_columns_are_reported_on_the_header_line(self, gent):
        report = run("naam,kind,municipality,is_public\nHoeve,farmer,44021,1\n")

        assert errors_of(report) == [(1, "name"), (1, "is_public")]
        assert "never published" in report.errors[1].reason

    def test_duplicates_within_the_file_are_reported_on_the_later_line(self, gent):
        text = (
            f"{HEADER}\n{GOOD}\n"
            "Hoeve Andere,farmer,,9000,44021,BE 0123456749,,,\n"
            "hoeve  ter linde,farmer,,9000,Gent,,,,\n"
        )

        report = run(text)

        assert errors_of(report) == [(3, "kbo_number"), (4, "name")]
        assert "already on line 2" in report.errors[0].reason
        assert "on line 2" in report.errors[1].reason

    def test_duplicates_of_registered_actors_are_reported_without_naming_them(self, gent):
        ActorFactory(name="Hoeve Ter Linde", municipality=gent, is_public=False)
        ActorFactory(name="Iets Anders", municipality=gent, kbo_number="0123456749")

        report = run(f"{HEADER}\n{GOOD}\n")

        assert sorted(errors_of(report)) == [(2, "kbo_number"), (2, "name")]
        assert all("Iets Anders" not in e.reason for e in report.errors)
        assert Actor.objects.count() == 2

    def test_slugs_stay_unique_and_avoid_fixed_pages(self, gent, eeklo):
        ActorFactory(name="Hoeve Ter Linde", slug="hoeve-ter-linde", municipality=eeklo)

        report = run(f"{HEADER}\n{GOOD}\nRegister,farmer,,9000,44021,,,,\n")

        assert report.ok, report.errors
        assert (
            Actor.objects.get(municipality=gent, name="Hoeve Ter Linde").slug == "hoeve-ter-linde-2"
        )
        assert Actor.objects.get(name="Register").slug == "register-2"

    def test_the_same_name_in_another_municipality_is_no_duplicate(self, gent, eeklo):
        ActorFactory(name="Hoeve Ter Linde", municipality=eeklo)

        assert run(f"{HEADER}\n{GOOD}\n").ok

    @pytest.mark.parametrize(
        "encoded",
        [
            (HEADER + "\n" + GOOD + "\n").encode("utf-8"),
            b"\xef\xbb\xbf" + (HEADER + "\n" + GOOD + "\n").encode("utf-8"),
            (HEADER + "\n" + GOOD + "\n").replace(",", ";").encode("utf-8"),
            b"\xef\xbb\xbf" + (HEADER + "\r\n" + GOOD + "\r\n").replace(",", ";").encode("utf-8"),
            (HEADER + "\n" + GOOD + "\n").replace(",", "\t").encode("utf-8"),
        ],
        ids=["comma", "comma-bom", "semicolon", "semicolon-bom-crlf", "tab"],
    )
    def test_delimiter_and_bom_variants_give_the_same_actor(self, gent, encoded):
        parsed = parse_csv(encoded)

        report = actors_import(rows=parsed.rows, header=parsed.header)

        assert report.ok, report.errors
        actor = Actor.objects.get()
        assert (actor.name, actor.kbo_number, actor.email) == (
            "Hoeve Ter Linde",
            "0123456749",
            "info@terlinde.be",
        )

    def test_a_windows_1252_file_from_excel_is_read(self, gent):
        data = "name;kind;municipality\nHoeve Sint-Hélène;farmer;44021\n".encode("cp1252")

        parsed = parse_csv(data)
        report = actors_import(rows=parsed.rows, header=parsed.header)

        assert (parsed.encoding, report.ok) == ("windows-1252", True)
        assert Actor.objects.get().name == "Hoeve Sint-Hélène"

    def test_rows_outside_the_allowed_municipalities_are_refused(self, gent, eeklo):
        text = f"{HEADER}\n{GOOD}\nHoeve Eeklo,farmer,,9900,43005,,,,\n"

        report = run(text, allowed_municipality_ids={eeklo.pk})

        assert errors_of(report) == [(2, "municipality")]
        assert "cannot import actors for Gent" in report.errors[0].reason
        assert Actor.objects.count() == 0

    def test_the_chosen_municipality_fills_empty_rows_and_refuses_others(self, gent, eeklo):
        report = run(
            "name,kind,municipality\nHoeve Eén,farmer,\nHoeve Twee,farmer,43005\n",
            municipality=gent,
        )

        assert errors_of(report) == [(3, "municipality")]
        assert "this import is for Gent" in report.errors[0].reason

    def test_progress_is_reported_for_checking_and_writing(self, gent):
        calls = []
        progress = imports.callback_progress(lambda *args: calls.append(args), every=2)
        rows = "".join(f"Hoeve {i},farmer,,9000,44021,,,,\n" for i in range(5))

        run(f"{HEADER}\n{rows}", progress=progress)

        assert calls[0] == ("checking", 0, 5)
        assert ("checking", 4, 5) in calls and ("checking", 5, 5) in calls
        assert calls[-1] == ("writing", 5, 5)


class TestCommand:
    def write(self, tmp_path, text, name="actors.csv"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_it_imports_the_sample_file(self, gent):
        out = StringIO()

        call_command("import_actors", str(SAMPLE), stdout=out)

        assert "Created 4 actors, 5 sales points, 8 offers." in out.getvalue()
        assert Actor.objects.count() == 4

    def test_dry_run_writes_nothing(self, gent):
        out = StringIO()

        call_command("import_actors", str(SAMPLE), "--dry-run", stdout=out)

        assert "Dry run, nothing written. Would have created 4 actors" in out.getvalue()
        assert Actor.objects.count() == 0

    def test_bad_rows_are_printed_and_the_command_fails(self, gent, tmp_path):
        path = self.write(tmp_path, f"{HEADER}\n{GOOD}\nHoeve,farmer,,9000,44021,1,,,\n")
        err = StringIO()

        with pytest.raises(CommandError, match="1 error"):
            call_command("import_actors", path, stderr=err)

        assert "line 3, field kbo_number: An enterprise number has ten digits" in err.getvalue()
        assert Actor.objects.count() == 0

    def test_municipality_option_places_rows_and_unknown_nis_is_an_error(self, gent, tmp_path):
        path = self.write(tmp_path, "name;kind\nHoeve Zonder Plaats;farmer\n")

        call_command("import_actors", path, "--municipality", "44021", stdout=StringIO())
        with pytest.raises(CommandError, match="No municipality with NIS code 12345"):
            call_command("import_actors", path, "--municipality", "12345")

        assert Actor.objects.get().municipality == gent

    def test_a_large_file_shows_a_progress_bar(self, gent, tmp_path, capsys):
        rows = "".join(f"Hoeve {i};farmer;44021\n" for i in range(250))
        path = self.write(tmp_path, "name;kind;municipality\n" + rows)

        call_command("import_actors", path, stdout=StringIO())

        assert "250/250" in capsys.readouterr().err
        assert Actor.objects.count() == 250

    def test_a_missing_file_is_a_clear_error(self, db, tmp_path):
        with pytest.raises(CommandError, match="No such file"):
            call_command("import_actors", str(tmp_path / "nope.csv"))


# --- The import page and its task -------------------------------------------------------------


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"network:{name}", kwargs=kwargs)


def upload(client, text: str | bytes, municipality=None, name="lijst.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    payload = {"file": _file(name, data)}
    if municipality is not None:
        payload["municipality"] = municipality.pk
    return client.post(url("import_start", kind="actors"), payload)


def _file(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


class TestPage:
    def test_officer_uploads_reads_the_check_confirms_and_sees_the_result(
        self, client, officer, gent
    ):
        client.force_login(officer)

        response = upload(client, SAMPLE.read_bytes(), gent)

        job = ImportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == url("import_job", pk=job.pk)
        assert (job.status, job.total_rows, job.created_by) == ("checked", 4, officer)
        assert Actor.objects.count() == 0  # the check writes nothing
        page = client.get(url("import_job", pk=job.pk)).content.decode()
        assert "Every row is correct" in page and "Import these rows" in page

        response = client.post(url("import_job_confirm", pk=job.pk))

        job.refresh_from_db()
        assert response.status_code == 302
        assert (job.status, job.report["counts"]["actors"], job.content) == ("done", 4, "")
        assert Actor.objects.count() == 4
        assert "The import is done." in client.get(url("import_job", pk=job.pk)).content.decode()

    def test_a_second_confirmation_writes_nothing_more(self, client, officer, gent):
        client.force_login(officer)
        upload(client, SAMPLE.read_bytes(), gent)
        job = ImportJob.objects.get()

        client.post(url("import_job_confirm", pk=job.pk))
        response = client.post(url("import_job_confirm", pk=job.pk))

        assert response.status_code == 302
        assert Actor.objects.count() == 4

    def test_bad_rows_are_shown_as_a_table_and_cannot_be_confirmed(self, client, officer, gent):
        client.force_login(officer)

        upload(client, f"{HEADER}\n{GOOD}\nHoeve B,alien,,9000,44021,,,,\n", gent)

        job = ImportJob.objects.get()
        assert (job.status, job.content) == ("rejected", "")
        assert job.report["errors"] == [
            {"line": 3, "field": "kind", "reason": job.report["errors"][0]["reason"]}
        ]
        page = client.get(url("import_job", pk=job.pk)).content.decode()
        assert '<td class="numeric">3</td><td><code>kind</code></td>' in page
        assert "nothing was written" in page and "Import these rows" not in page
        assert client.post(url("import_job_confirm", pk=job.pk)).status_code == 409
        assert Actor.objects.count() == 0

    def test_the_report_speaks_the_language_of_the_page(self, client, officer, gent):
        client.force_login(officer)

        with translation.override("nl"):
            start = reverse("network:import_start", kwargs={"kind": "actors"})
        file = _file("a.csv", b"name,kind,municipality\n,farmer,44021\n")

        client.post(start, {"file": file, "municipality": gent.pk})

        job = ImportJob.objects.get()
        assert job.language == "nl"
        assert job.report["errors"][0]["reason"] == "Dit veld is vereist."

    def test_a_large_file_is_checked_and_written_by_the_celery_task(
        self, client, officer, gent, monkeypatch, django_capture_on_commit_callbacks
    ):
        monkeypatch.setattr(imports, "INLINE_MAX_ROWS", 10)
        rows = "".join(f"Hoeve {i};farmer;9000;44021\n" for i in range(40))
        client.force_login(officer)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            upload(client, "name;kind;postcode;municipality\n" + rows, gent)
        job = ImportJob.objects.get()
        assert (job.status, job.processed_rows, len(callbacks)) == ("checking", 0, 1)
        progress = client.get(url("import_job_progress", pk=job.pk), HTTP_HX_REQUEST="true")
        assert b'hx-trigger="every 1s"' in progress.content
        assert b'<progress max="40" value="0">0%</progress>' in progress.content
        assert "HX-Refresh" not in progress

        callbacks[0]()  # the enqueued task, run eagerly as a worker would

        job.refresh_from_db()
        assert (job.status, job.processed_rows) == ("checked", 40)
        progress = client.get(url("import_job_progress", pk=job.pk), HTTP_HX_REQUEST="true")
        assert progress["HX-Refresh"] == "true"
        assert b"hx-trigger" not in progress.content

        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("import_job_confirm", pk=job.pk))

        job.refresh_from_db()
        assert (job.status, job.processed_rows, job.report["counts"]["actors"]) == ("done", 40, 40)
        assert Actor.objects.filter(municipality=gent).count() == 40

    def test_the_progress_partial_shows_the_running_figure(self, client, officer, gent):
        job = ImportJob.objects.create(
            kind="actors", created_by=officer, status="running", total_rows=200, content="x"
        )
        cache.set(f"import-job-progress:{job.pk}", ("writing", 50))
        client.force_login(officer)

        response = client.get(url("import_job_progress", pk=job.pk), HTTP_HX_REQUEST="true")

        body = response.content.decode()
        assert '<progress max="200" value="50">25%</progress>' in body
        assert "50 of 200 rows" in body and "writing" in body
        assert "HX-Request" in response["Vary"]
        page = client.get(url("import_job", pk=job.pk)).content.decode()
        assert "Reload to see the progress" in page
        assert "<script>" not in page.split("</main>")[0]

    def test_the_task_is_idempotent_and_ignores_a_job_that_is_gone(self, officer, gent):
        job = ImportJob.objects.create(
            kind="actors",
            created_by=officer,
            municipality=gent,
            status="queued",
            total_rows=1,
            content=f"{HEADER}\n{GOOD}\n",
        )

        run_import_job.delay(job.pk)
        run_import_job.delay(job.pk)  # a re-delivered task
        run_import_job.delay(job.pk + 1000)

        job.refresh_from_db()
        assert job.status == "done"
        assert Actor.objects.count() == 1

    def test_a_copy_redelivered_while_another_worker_holds_the_job_waits_for_it(
        self, officer, gent
    ):
        """Redis re-delivers an unacknowledged task after its visibility timeout (60 s), while
        a large import is still running: the copy must not check or write beside it."""
        from celery.exceptions import MaxRetriesExceededError, Retry

        from network.imports import import_job_lease_release, import_job_lease_take

        job = ImportJob.objects.create(
            kind="actors",
            created_by=officer,
            municipality=gent,
            status="queued",
            total_rows=1,
            content=f"{HEADER}\n{GOOD}\n",
        )
        assert import_job_lease_take(job.pk, "the-first-worker")

        with pytest.raises((Retry, MaxRetriesExceededError)):
            run_import_job.apply(args=[job.pk], throw=True).get()
        job.refresh_from_db()
        assert (job.status, Actor.objects.count()) == ("queued", 0)

        import_job_lease_release(job.pk, "the-first-worker")
        run_import_job.delay(job.pk)
        job.refresh_from_db()
        assert (job.status, Actor.objects.count()) == ("done", 1)

    def test_a_job_whose_rows_became_duplicates_before_the_write_is_rejected(self, officer, gent):
        job = ImportJob.objects.create(
            kind="actors",
            created_by=officer,
            status="queued",
            total_rows=1,
            content=f"{HEADER}\n{GOOD}\n",
        )
        ActorFactory(name="Hoeve Ter Linde", municipality=gent)

        run_import_job.delay(job.pk)

        job.refresh_from_db()
        assert (job.status, [e["field"] for e in job.report["errors"]]) == ("rejected", ["name"])
        assert Actor.objects.count() == 1

    def test_an_unexpected_error_marks_the_job_failed_and_writes_nothing(
        self, officer, gent, monkeypatch
    ):
        job = ImportJob.objects.create(
            kind="actors",
            created_by=officer,
            status="queued",
            total_rows=1,
            content=f"{HEADER}\n{GOOD}\n",
        )

        def broken(valid, progress):
            Actor.objects.create(
                name="half", slug="half", kind="farmer", municipality=gent, latitude=51, longitude=3
            )
            raise RuntimeError("disk full")

        monkeypatch.setattr("actors.imports._write", broken)
        run_import_job.delay(job.pk)

        job.refresh_from_db()
        assert (job.status, job.content) == ("failed", "")
        assert Actor.objects.count() == 0

    def test_a_checked_file_nobody_confirms_is_dropped_after_two_days(self, officer, gent):
        import datetime

        from django.utils import timezone

        old = ImportJob.objects.create(
            kind="actors", created_by=officer, status="checked", total_rows=1, content="x"
        )
        ImportJob.objects.filter(pk=old.pk).update(
            updated=timezone.now() - datetime.timedelta(days=3)
        )

        new = imports.import_job_start(
            user=officer,
            kind="actors",
            file_name="a.csv",
            data=SAMPLE.read_bytes(),
            municipality=gent,
        )

        old.refresh_from_db()
        assert (old.status, old.content) == ("failed", "")
        assert new.status == "checked" and new.content

    def test_a_file_over_the_limit_is_refused_with_its_size(self, client, officer, gent, settings):
        settings.KETENWERK_IMPORT_MAX_BYTES = 1024 * 1024
        client.force_login(officer)

        response = upload(client, HEADER + "\n" + GOOD * 20000, gent)

        assert response.status_code == 200
        assert "the limit is 1 MB" in response.content.decode()
        assert ImportJob.objects.count() == 0

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"\x00\x81\x8d\x8f\x90\x9d", "not text in UTF-8"),
            (b"name,kind\nHoeve\x00,farmer\n", "not a CSV text file"),
            (b"name,kind\n", "header line but no rows"),
            (b"name,name\nA,B\n", "names a column twice"),
            (b"", "The submitted file is empty"),
        ],
    )
    def test_a_file_that_is_no_csv_is_refused_with_a_message(
        self, client, officer, gent, data, message
    ):
        client.force_login(officer)

        response = upload(client, data, gent)

        assert response.status_code == 200
        assert message in response.content.decode()
        assert ImportJob.objects.count() == 0


class TestRefusals:
    def test_anonymous_is_sent_to_log_in(self, client, gent):
        response = upload(client, SAMPLE.read_bytes(), gent)

        assert response.status_code == 302 and "/login/" in response["Location"]
        assert ImportJob.objects.count() == 0

    def test_a_citizen_may_not_import(self, client, gent):
        client.force_login(UserFactory())

        assert client.get(url("import_start", kind="actors")).status_code == 403
        assert upload(client, SAMPLE.read_bytes(), gent).status_code == 403
        assert ImportJob.objects.count() == 0

    def test_an_officer_of_another_municipality_cannot_choose_it(self, client, eeklo_officer, gent):
        client.force_login(eeklo_officer)

        response = upload(client, SAMPLE.read_bytes(), gent)

        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert ImportJob.objects.count() == 0

    def test_an_officer_of_another_municipality_cannot_import_its_rows(
        self, client, eeklo_officer, gent, eeklo
    ):
        client.force_login(eeklo_officer)

        upload(client, SAMPLE.read_bytes(), eeklo)

        job = ImportJob.objects.get()
        assert job.status == "rejected"
        assert {e["field"] for e in job.report["errors"]} == {"municipality"}
        assert Actor.objects.count() == 0

    def test_the_import_service_refuses_a_municipality_out_of_scope(self, eeklo_officer, gent):
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            imports.import_job_start(
                user=eeklo_officer,
                kind="actors",
                file_name="a.csv",
                data=b"a\n1\n",
                municipality=gent,
            )

    def test_nobody_else_sees_or_confirms_a_job(self, client, officer, gent):
        client.force_login(officer)
        upload(client, SAMPLE.read_bytes(), gent)
        job = ImportJob.objects.get()
        other_officer = UserFactory()
        OfficerRole.objects.create(user=other_officer, municipality=gent)

        client.force_login(other_officer)

        assert client.get(url("import_job", pk=job.pk)).status_code == 404
        assert client.get(url("import_job_progress", pk=job.pk)).status_code == 404
        assert client.post(url("import_job_confirm", pk=job.pk)).status_code == 404
        job.refresh_from_db()
        assert job.status == "checked"
        assert Actor.objects.count() == 0

    def test_an_officer_may_not_import_municipalities(self, client, officer):
        client.force_login(officer)

        assert client.get(url("import_start", kind="municipalities")).status_code == 403

    def test_staff_import_actors_anywhere(self, client, gent, eeklo):
        client.force_login(UserFactory(is_staff=True))

        upload(client, f"{HEADER}\n{GOOD}\nHoeve Eeklo,farmer,,9900,43005,,,,\n")

        job = ImportJob.objects.get()
        assert job.status == "checked", job.report
        client.post(url("import_job_confirm", pk=job.pk))
        assert Actor.objects.count() == 2

    def test_an_unknown_kind_is_not_found(self, client, officer):
        client.force_login(officer)

        assert client.get(url("import_start", kind="users")).status_code == 404
