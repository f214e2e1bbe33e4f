"""The shared CSV import engine, and the municipalities import on the page and the command."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from network.imports import CsvFileError, callback_progress, parse_csv, sniff_delimiter
from network.models import ImportJob, Municipality
from network.services import MUNICIPALITY_COLUMNS, ensure_builtin_geography
from tests.factories import UserFactory

HEADER = ",".join(MUNICIPALITY_COLUMNS)
EEKLO = "43005,Eeklo,Eeklo,oost-vlaanderen,51.1858,3.5656,21500,meetjesland"


class TestParse:
    @pytest.mark.parametrize(
        ("line", "delimiter"),
        [
            ("a,b,c", ","),
            ("a;b;c", ";"),
            ("a\tb\tc", "\t"),
            ('"x;y",b,c', ","),  # a delimiter inside quotes does not count
            ("single", ","),
        ],
    )
    def test_the_delimiter_is_sniffed_from_the_header_line(self, line, delimiter):
        assert sniff_delimiter(line) == delimiter

    def test_rows_carry_their_line_past_blank_and_empty_rows(self):
        parsed = parse_csv(b"\xef\xbb\xbfName ; Kind\r\n\r\nA;farmer\r\n;;\r\nB;shop\r\n")

        assert (parsed.header, parsed.delimiter, parsed.encoding) == (
            ["name", "kind"],
            ";",
            "utf-8",
        )
        assert [(row["name"], row["__line__"]) for row in parsed.rows] == [("A", 3), ("B", 5)]

    def test_a_quoted_cell_may_hold_the_delimiter_and_a_line_break(self):
        parsed = parse_csv(b'name;products\n"Hoeve; De Kouter";"appels\nperen"\nB;x\n')

        assert parsed.rows[0]["name"] == "Hoeve; De Kouter"
        assert parsed.rows[0]["products"] == "appels\nperen"
        assert parsed.rows[1]["__line__"] == 4

    def test_short_and_long_rows_are_marked_as_csv_dictreader_does(self):
        parsed = parse_csv(b"a,b\n1\n1,2,3\n")

        assert parsed.rows[0]["b"] is None
        assert parsed.rows[1][None] == ["3"]

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"", "empty"),
            (b"\n \n", "empty"),
            (b"a,b,a\n1,2,3\n", "names a column twice: a"),
            (b"\x81\x8d\x8f", "not text in UTF-8"),
            (b"a,b\n1,\x002\n", "not a CSV text file"),
            (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "not a CSV text file"),
        ],
    )
    def test_a_file_that_cannot_be_read_says_why(self, data, message):
        with pytest.raises(CsvFileError, match=message):
            parse_csv(data)

    def test_windows_1252_is_the_fallback(self):
        parsed = parse_csv("naam\nCafé Zénobe\n".encode("cp1252"))

        assert (parsed.encoding, parsed.rows[0]["naam"]) == ("windows-1252", "Café Zénobe")

    def test_callback_progress_reports_every_n_rows_and_the_end(self):
        calls = []
        wrapped = callback_progress(lambda *args: calls.append(args), every=2)

        assert list(wrapped(range(5), total=5, desc="checking")) == [0, 1, 2, 3, 4]
        assert calls == [
            ("checking", 0, 5),
            ("checking", 2, 5),
            ("checking", 4, 5),
            ("checking", 5, 5),
        ]


class TestLoadMunicipalitiesCommand:
    @pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
    def test_a_semicolon_file_from_flemish_excel_loads(self, db, tmp_path, bom):
        ensure_builtin_geography()
        path = tmp_path / "gemeenten.csv"
        row = EEKLO.replace(",", ";").replace("21500", "22000")
        path.write_bytes(bom + (HEADER.replace(",", ";") + "\r\n" + row + "\r\n").encode())
        out = StringIO()

        call_command("load_municipalities", str(path), stdout=out)

        assert "municipalities: 0 created, 1 updated" in out.getvalue()
        assert Municipality.objects.get(nis_code="43005").population == 22000


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"network:{name}", kwargs=kwargs)


def upload(client, text):
    file = SimpleUploadedFile("gemeenten.csv", text.encode(), content_type="text/csv")
    return client.post(url("import_start", kind="municipalities"), {"file": file})


@pytest.fixture
def staff(db):
    ensure_builtin_geography()
    return UserFactory(is_staff=True)


class TestMunicipalitiesPage:
    def test_staff_check_confirm_and_load_a_file(self, client, staff):
        client.force_login(staff)

        upload(client, f"{HEADER}\n{EEKLO.replace('21500', '22500')}\n")

        job = ImportJob.objects.get()
        assert (job.kind, job.status, job.report["counts"]) == (
            "municipalities",
            "checked",
            {"created": 0, "updated": 1, "unchanged": 0},
        )
        assert Municipality.objects.get(nis_code="43005").population != 22500  # a dry run
        client.post(url("import_job_confirm", pk=job.pk))
        job.refresh_from_db()
        assert job.status == "done"
        assert Municipality.objects.get(nis_code="43005").population == 22500
        page = client.get(url("import_job", pk=job.pk)).content.decode()
        assert "The import is done." in page and "<strong>1</strong>" in page

    def test_bad_rows_are_listed_by_line_and_nothing_is_written(self, client, staff):
        client.force_login(staff)
        before = list(Municipality.objects.values_list())

        upload(client, f"{HEADER}\n{EEKLO.replace('21500', '1')}\n4402,Gent,,narnia,51,3.7,,\n")

        job = ImportJob.objects.get()
        assert job.status == "rejected"
        assert [(e["line"], e["field"]) for e in job.report["errors"]] == [
            (3, "nis_code"),
            (3, "province"),
        ]
        assert list(Municipality.objects.values_list()) == before
        page = client.get(url("import_job", pk=job.pk)).content.decode()
        assert "&#x27;narnia&#x27; is not a known province" in page

    def test_the_start_page_documents_the_columns(self, client, staff):
        client.force_login(staff)

        page = client.get(url("import_start", kind="municipalities")).content.decode()

        assert "<code>nis_code</code>" in page and 'enctype="multipart/form-data"' in page

    @pytest.mark.parametrize("who", ["citizen", "officer"])
    def test_only_staff_may_import_municipalities(self, client, db, who):
        user = UserFactory()
        if who == "officer":
            from municipality.models import OfficerRole
            from tests.factories import MunicipalityFactory

            OfficerRole.objects.create(user=user, municipality=MunicipalityFactory())
        client.force_login(user)

        assert client.get(url("import_start", kind="municipalities")).status_code == 403
        assert upload(client, f"{HEADER}\n{EEKLO}\n").status_code == 403
        assert ImportJob.objects.count() == 0

    def test_anonymous_is_sent_to_log_in(self, client, db):
        response = upload(client, f"{HEADER}\n{EEKLO}\n")

        assert response.status_code == 302 and "/login/" in response["Location"]


def test_staff_read_jobs_in_the_admin_without_the_uploaded_text(client, db):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    job = ImportJob.objects.create(
        kind="actors",
        created_by=admin_user,
        file_name="boeren.csv",
        status="checked",
        content="name,email\nHoeve,geheim@example.org\n",
    )
    client.force_login(admin_user)

    listing = client.get("/admin/network/importjob/")
    detail = client.get(f"/admin/network/importjob/{job.pk}/change/")

    assert listing.status_code == detail.status_code == 200
    assert "boeren.csv" in listing.content.decode()
    assert "geheim@example.org" not in detail.content.decode()
