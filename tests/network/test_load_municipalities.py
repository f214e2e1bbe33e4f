"""Loading the geography: the built-in 2025 list, idempotence, and all-or-nothing checks."""

import csv
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from network.models import Municipality, Region
from network.services import (
    BUILTIN_MUNICIPALITIES_CSV,
    BUILTIN_REGIONS_CSV,
    MUNICIPALITY_COLUMNS,
    ensure_builtin_geography,
    municipalities_load,
    read_csv_rows,
)

HEADER = ",".join(MUNICIPALITY_COLUMNS)
BUILTIN_ROWS = read_csv_rows(BUILTIN_MUNICIPALITIES_CSV)
MEETJESLAND = {
    "Aalter",
    "Assenede",
    "Eeklo",
    "Evergem",
    "Kaprijke",
    "Lievegem",
    "Maldegem",
    "Sint-Laureins",
    "Zelzate",
}


def rows_from(text: str) -> list[dict]:
    return list(csv.DictReader(StringIO(text)))


def write_csv(tmp_path, text: str, name="municipalities.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def builtin(db):
    return ensure_builtin_geography()


def snapshot():
    """Everything a load could change, to compare before and after."""
    return (
        sorted(Municipality.objects.values_list()),
        sorted(Region.objects.values_list()),
        sorted(Municipality.regions.through.objects.values_list("municipality_id", "region_id")),
    )


class TestBuiltInList:
    def test_it_loads_every_row_of_the_fixture(self, builtin):
        assert builtin.ok
        assert builtin.created == len(BUILTIN_ROWS) >= 60
        assert Municipality.objects.count() == len(BUILTIN_ROWS)
        assert builtin.regions_created == len(read_csv_rows(BUILTIN_REGIONS_CSV))

    def test_gent_is_44021_in_oost_vlaanderen_and_gand_in_french(self, builtin):
        gent = Municipality.objects.get(nis_code="44021")
        assert (gent.name_nl, gent.name_fr, gent.slug) == ("Gent", "Gand", "gent")
        assert gent.province.slug == "oost-vlaanderen"
        assert gent.province.code == "40000"

    @pytest.mark.parametrize(
        ("nis_code", "name_nl"),
        [
            ("44084", "Aalter"),  # 2019: Aalter + Knesselare
            ("44083", "Deinze"),  # 2019: Deinze + Nevele
            ("44085", "Lievegem"),  # 2019: Lovendegem + Waarschoot + Zomergem
            ("44086", "Nazareth-De Pinte"),  # 2025
            ("44087", "Lochristi"),  # 2025: with Wachtebeke
            ("44088", "Merelbeke-Melle"),  # 2025
            ("46029", "Lokeren"),  # 2025: with Moerbeke
            ("46030", "Beveren-Kruibeke-Zwijndrecht"),  # 2025
            ("37021", "Wingene"),  # 2025: with Ruiselede
            ("37022", "Tielt"),  # 2025: with Meulebeke
            ("23106", "Pajottegem"),  # 2025: Galmaarden + Gooik + Herne
            ("73110", "Bilzen-Hoeselt"),  # 2025
            ("73111", "Tongeren-Borgloon"),  # 2025
            ("71071", "Tessenderlo-Ham"),  # 2025
            ("71072", "Hasselt"),  # 2025: with Kortessem
            ("11002", "Antwerpen"),  # 2025: with Borsbeek, code kept
            ("21004", "Brussel"),
        ],
    )
    def test_merged_municipalities_carry_their_2025_code(self, builtin, nis_code, name_nl):
        assert Municipality.objects.get(nis_code=nis_code).name_nl == name_nl

    @pytest.mark.parametrize(
        "old_code",
        # Melle, Merelbeke, De Pinte, Nazareth, Wachtebeke, Moerbeke, old Lochristi, old
        # Lokeren, Beveren, Kruibeke, Zwijndrecht, Ruiselede, Meulebeke, Kortessem, old
        # Hasselt, Borsbeek, Knesselare, Nevele, Zomergem
        [
            "44040",
            "44043",
            "44012",
            "44048",
            "44073",
            "44045",
            "44034",
            "46014",
            "46003",
            "46013",
            "11056",
            "37012",
            "37007",
            "73040",
            "71022",
            "11007",
            "44029",
            "44049",
            "44080",
        ],
    )
    def test_codes_of_municipalities_merged_away_are_absent(self, builtin, old_code):
        assert not Municipality.objects.filter(nis_code=old_code).exists()

    def test_meetjesland_holds_its_nine_municipalities(self, builtin):
        meetjesland = Region.objects.get(slug="meetjesland")
        assert set(meetjesland.municipalities.values_list("name_nl", flat=True)) == MEETJESLAND

    def test_every_province_and_brussels_has_municipalities(self, builtin):
        provinces = Region.objects.filter(kind=Region.Kind.PROVINCE)
        assert {p.slug: p.code for p in provinces} == {
            "antwerpen": "10000",
            "vlaams-brabant": "20001",
            "west-vlaanderen": "30000",
            "oost-vlaanderen": "40000",
            "limburg": "70000",
            "brussel": "04000",
        }
        for province in provinces:
            assert province.province_municipalities.exists(), province.slug

    def test_slugs_are_unique_and_made_from_the_dutch_name(self, builtin):
        bkz = Municipality.objects.get(nis_code="46030")
        assert bkz.slug == "beveren-kruibeke-zwijndrecht"
        slugs = list(Municipality.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs))

    def test_second_run_changes_and_duplicates_nothing(self, builtin):
        before = snapshot()

        report = ensure_builtin_geography()

        assert (report.created, report.updated, report.unchanged) == (0, 0, len(BUILTIN_ROWS))
        assert (report.regions_created, report.regions_updated) == (0, 0)
        assert snapshot() == before


class TestUpsert:
    def test_a_changed_row_is_updated_in_place(self, builtin):
        rows = [dict(row) for row in BUILTIN_ROWS]
        gent = next(row for row in rows if row["nis_code"] == "44021")
        gent["population"] = "271234"
        gent["regions"] = "leiestreek"
        pk = Municipality.objects.get(nis_code="44021").pk

        report = municipalities_load(rows=rows)

        assert (report.created, report.updated) == (0, 1)
        assert report.unchanged == len(rows) - 1
        gent = Municipality.objects.get(nis_code="44021")
        assert (gent.pk, gent.population) == (pk, 271234)
        assert [r.slug for r in gent.regions.all()] == ["leiestreek"]

    def test_two_municipalities_with_one_name_get_distinct_slugs(self, builtin):
        rows = rows_from(
            f"{HEADER}\n99001,Testdorp,,limburg,50.9,5.3,,\n99002,Testdorp,,antwerpen,51.1,4.6,,\n"
        )

        report = municipalities_load(rows=rows)

        assert report.created == 2
        slugs = set(Municipality.objects.filter(name_nl="Testdorp").values_list("slug", flat=True))
        assert slugs == {"testdorp", "testdorp-99002"}

    def test_two_municipalities_may_swap_names_in_one_file(self, builtin):
        rows = rows_from(
            f"{HEADER}\n"
            "43005,Zelzate,,oost-vlaanderen,51.1858,3.5656,,\n"
            "43018,Eeklo,,oost-vlaanderen,51.1996,3.8091,,\n"
        )

        report = municipalities_load(rows=rows)

        assert report.ok, report.errors
        assert report.updated == 2
        swapped = dict(
            Municipality.objects.filter(nis_code__in=["43005", "43018"]).values_list(
                "nis_code", "slug"
            )
        )
        assert swapped == {"43005": "zelzate", "43018": "eeklo"}

    def test_regions_rows_are_loaded_before_the_municipalities_that_name_them(self, db):
        regions = rows_from(
            "slug,kind,name_nl,name_fr,code\n"
            "limburg,province,Limburg,Limbourg,70000\n"
            "voerstreek,region,Voerstreek,Fourons,\n"
        )
        rows = rows_from(f"{HEADER}\n73109,Voeren,Fourons,limburg,50.7586,5.76,4200,voerstreek\n")

        report = municipalities_load(rows=rows, regions_rows=regions)

        assert (report.created, report.regions_created) == (1, 2)
        voeren = Municipality.objects.get(nis_code="73109")
        assert [r.slug for r in voeren.regions.all()] == ["voerstreek"]


class TestBadRows:
    BAD = (
        f"{HEADER}\n"
        "44021,Gent,Gand,oost-vlaanderen,51.0543,3.7174,270000,\n"
        "4402,Nergens,,oost-vlaanderen,51.0,3.7,,\n"
        "44084,Aalter,Aalter,oost-vlaanderen,3.4466,51.0856,31000,meetjesland\n"
        "44085,Lievegem,Lievegem,narnia,51.118,3.595,veel,\n"
    )

    def test_every_bad_row_is_reported_with_its_line_and_field(self, builtin):
        report = municipalities_load(rows=rows_from(self.BAD))

        assert {(e.line, e.field) for e in report.errors} == {
            (3, "nis_code"),
            (4, "latitude"),
            (4, "longitude"),
            (5, "province"),
            (5, "population"),
        }
        assert {e.line for e in report.errors} == {3, 4, 5}
        assert str(report.errors[0]) == "line 3, field nis_code: '4402' is not five digits"

    @pytest.mark.parametrize(
        ("language", "reasons"),
        [
            (
                "nl",
                {
                    "'4402' is geen vijf cijfers",
                    "'narnia' is geen gekende provincie",
                    "'veel' is geen geheel getal",
                },
            ),
            (
                "fr",
                {
                    "'4402' ne compte pas cinq chiffres",
                    "'narnia' n’est pas une province connue",
                    "'veel' n’est pas un nombre entier",
                },
            ),
        ],
    )
    def test_the_reasons_speak_the_language_of_the_person_importing(
        self, builtin, language, reasons
    ):
        with translation.override(language):
            report = municipalities_load(rows=rows_from(self.BAD))

        assert reasons <= {str(e.reason) for e in report.errors}

    def test_nothing_is_written_when_any_row_is_bad(self, builtin):
        before = snapshot()
        rows = rows_from(self.BAD.replace("270000", "1"))  # the one good row changes Gent

        report = municipalities_load(rows=rows)

        assert not report.ok
        assert (report.created, report.updated) == (0, 0)
        assert snapshot() == before

    def test_nothing_is_written_to_an_empty_database_either(self, db):
        rows = rows_from(self.BAD)
        regions = read_csv_rows(BUILTIN_REGIONS_CSV)

        report = municipalities_load(rows=rows, regions_rows=regions)

        assert len({e.line for e in report.errors}) == 3
        assert Municipality.objects.count() == Region.objects.count() == 0

    @pytest.mark.parametrize(
        ("row", "field", "reason"),
        [
            ("44021,Gent,,oost-vlaanderen,51.05,3.71,,", None, None),
            ("44O21,Gent,,oost-vlaanderen,51.05,3.71,,", "nis_code", "not five digits"),
            ("44021,,Gand,oost-vlaanderen,51.05,3.71,,", "name_nl", "is required"),
            ("44021,Gent,,oost-vlaanderen,51.05,3.71,,,extra", "-", "more values than the header"),
            ("44021,Gent,,oost-vlaanderen,nan,3.71,,", "latitude", "not a number"),
            ("44021,Gent,,oost-vlaanderen,51.05,x,,", "longitude", "not a number"),
            ("44021,Gent,,oost-vlaanderen,51.05,7.1,,", "longitude", "outside Belgium"),
            ("44021,Gent,,,51.05,3.71,,", "province", "is required"),
            ("44021,Gent,,meetjesland,51.05,3.71,,", "province", "not a known province"),
            ("44021,Gent,,oost-vlaanderen,51.05,3.71,-5,", "population", "not a whole number"),
            ("44021,Gent,,oost-vlaanderen,51.05,3.71,,atlantis", "regions", "not a known region"),
            ("44021,Gent,,oost-vlaanderen,51.05,3.71,,limburg", "regions", "is a province"),
        ],
    )
    def test_each_rule_names_the_field(self, builtin, row, field, reason):
        report = municipalities_load(rows=rows_from(f"{HEADER}\n{row}\n"))

        if field is None:
            assert report.ok
        else:
            assert [(e.line, e.field) for e in report.errors] == [(2, field)]
            assert reason in report.errors[0].reason

    def test_a_nis_code_twice_in_one_file_is_an_error_on_the_second_line(self, builtin):
        rows = rows_from(
            f"{HEADER}\n"
            "44021,Gent,,oost-vlaanderen,51.05,3.71,,\n"
            "44021,Gent bis,,oost-vlaanderen,51.05,3.71,,\n"
        )

        report = municipalities_load(rows=rows)

        assert [(e.line, e.field) for e in report.errors] == [(3, "nis_code")]
        assert "already on line 2" in report.errors[0].reason

    def test_a_missing_column_is_reported_on_the_header_line(self, builtin):
        rows = rows_from("nis_code,name_nl,province,latitude,longitude\n44021,Gent,x,51,3.7\n")

        report = municipalities_load(rows=rows)

        assert {(e.line, e.field) for e in report.errors} == {
            (1, "name_fr"),
            (1, "population"),
            (1, "regions"),
        }

    def test_bad_region_rows_are_reported_as_such(self, db):
        regions = rows_from("slug,kind,name_nl,name_fr,code\nMeetjes Land,streek,,,\n")

        report = municipalities_load(rows=[], regions_rows=regions)

        assert {(e.source, e.field) for e in report.errors} == {
            ("regions", "slug"),
            ("regions", "kind"),
            ("regions", "name_nl"),
        }
        assert Region.objects.count() == 0

    def test_line_numbers_follow_the_file_even_past_blank_lines(self, builtin, tmp_path):
        path = write_csv(
            tmp_path, f"{HEADER}\n\n44021,Gent,,oost-vlaanderen,51.05,3.71,,\n\n44022,,,,,,,\n"
        )

        report = municipalities_load(rows=read_csv_rows(path))

        assert {e.line for e in report.errors} == {5}


class TestDryRun:
    def test_dry_run_counts_but_writes_nothing(self, db):
        report = municipalities_load(
            rows=BUILTIN_ROWS, regions_rows=read_csv_rows(BUILTIN_REGIONS_CSV), dry_run=True
        )

        assert report.ok and not report.written
        assert report.created == len(BUILTIN_ROWS)
        assert Municipality.objects.count() == Region.objects.count() == 0


class TestCommand:
    def test_without_a_file_it_loads_the_built_in_list(self, db):
        out = StringIO()

        call_command("load_municipalities", stdout=out)

        assert Municipality.objects.count() == len(BUILTIN_ROWS)
        assert f"municipalities: {len(BUILTIN_ROWS)} created" in out.getvalue()

    def test_running_it_twice_reports_everything_unchanged(self, builtin):
        out = StringIO()

        call_command("load_municipalities", stdout=out)

        assert f"0 created, 0 updated, {len(BUILTIN_ROWS)} unchanged" in out.getvalue()

    def test_dry_run_writes_nothing(self, db):
        out = StringIO()

        call_command("load_municipalities", "--dry-run", stdout=out)

        assert Municipality.objects.count() == Region.objects.count() == 0
        assert "Dry run, nothing written" in out.getvalue()

    def test_bad_file_prints_every_error_and_fails(self, builtin, tmp_path):
        path = write_csv(tmp_path, TestBadRows.BAD)
        before = snapshot()
        err = StringIO()

        with pytest.raises(CommandError, match="5 error"):
            call_command("load_municipalities", str(path), stderr=err)

        printed = err.getvalue()
        assert "line 3, field nis_code: '4402' is not five digits" in printed
        assert "line 4, field latitude:" in printed
        assert "line 4, field longitude:" in printed
        assert "line 5, field province: 'narnia' is not a known province" in printed
        assert "line 5, field population:" in printed
        assert snapshot() == before

    def test_a_user_file_is_loaded_with_the_built_in_regions(self, db, tmp_path):
        path = write_csv(
            tmp_path,
            f"{HEADER}\n43005,Eeklo,Eeklo,oost-vlaanderen,51.1858,3.5656,21500,meetjesland\n",
        )

        call_command("load_municipalities", str(path), stdout=StringIO())

        eeklo = Municipality.objects.get(nis_code="43005")
        assert eeklo.province.slug == "oost-vlaanderen"
        assert [r.slug for r in eeklo.regions.all()] == ["meetjesland"]

    def test_a_large_file_shows_a_progress_bar_and_a_small_one_does_not(
        self, builtin, tmp_path, capsys
    ):
        lines = [f"{90000 + i},Proefgemeente {i},,limburg,50.9,5.3,,\n" for i in range(250)]
        large = write_csv(tmp_path, HEADER + "\n" + "".join(lines), "large.csv")
        small = write_csv(tmp_path, HEADER + "\n" + "".join(lines[:5]), "small.csv")

        call_command("load_municipalities", str(small), stdout=StringIO())
        assert "municipalities:" not in capsys.readouterr().err

        call_command("load_municipalities", str(large), stdout=StringIO())
        assert "250/250" in capsys.readouterr().err
        assert Municipality.objects.filter(name_nl__startswith="Proefgemeente").count() == 250

    def test_a_missing_file_is_a_clear_error(self, db, tmp_path):
        with pytest.raises(CommandError, match="No such file"):
            call_command("load_municipalities", str(tmp_path / "nope.csv"))


GENT_POSTCODES = "9000 9030 9031 9032 9040 9041 9042 9050 9051 9052"
POSTCODES_HEADER = f"{HEADER},postcodes"
# bpost's postcode ranges by province.
PROVINCE_POSTCODES = {
    "brussel": [(1000, 1299)],
    "vlaams-brabant": [(1500, 1999), (3000, 3499)],
    "antwerpen": [(2000, 2999)],
    "limburg": [(3500, 3999)],
    "west-vlaanderen": [(8000, 8999)],
    "oost-vlaanderen": [(9000, 9999)],
}


class TestPostcodes:
    def test_builtin_list_gives_gent_its_postcodes_and_eeklo_9900(self, builtin):
        gent = Municipality.objects.get(nis_code="44021")
        eeklo = Municipality.objects.get(nis_code="43005")

        assert gent.postcodes == GENT_POSTCODES
        assert eeklo.postcodes == "9900"
        # The directory's lookup of a typed postcode.
        assert Municipality.objects.get(postcodes__contains="9000") == gent
        assert Municipality.objects.get(postcodes__contains="9900") == eeklo

    @pytest.mark.parametrize(
        ("nis_code", "postcodes"),
        [
            ("44084", "9880 9881 9910"),  # Aalter, Bellem, Knesselare and Ursel
            ("44085", "9920 9921 9930 9931 9932 9950"),  # Lievegem
            ("44087", "9080 9185"),  # Lochristi with Wachtebeke (2025)
            ("46030", "2070 9120 9130 9150"),  # Beveren-Kruibeke-Zwijndrecht (2025)
            ("71072", "3500 3501 3510 3511 3512 3720 3721 3722 3723 3724"),  # with Kortessem
            ("11002", "2000 2018 2020 2030 2040 2050 2060 2100 2140 2150 2170 2180 2600 2610 2660"),
            ("23106", "1540 1541 1570 1755"),  # Pajottegem: Herne, Galmaarden, Gooik
        ],
    )
    def test_merged_municipalities_carry_the_postcodes_of_their_deelgemeenten(
        self, builtin, nis_code, postcodes
    ):
        assert Municipality.objects.get(nis_code=nis_code).postcodes == postcodes

    def test_every_builtin_municipality_has_postcodes_in_its_province_range(self):
        for row in BUILTIN_ROWS:
            codes = row["postcodes"].split()
            assert codes, row["name_nl"]
            assert row["postcodes"] == " ".join(sorted(set(codes))), row["name_nl"]
            for code in codes:
                if (row["nis_code"], code) == ("46030", "2070"):
                    continue  # Zwijndrecht moved from Antwerpen to Oost-Vlaanderen in 2025
                ranges = PROVINCE_POSTCODES[row["province"]]
                assert any(low <= int(code) <= high for low, high in ranges), (row, code)

    def test_each_builtin_postcode_finds_exactly_one_municipality(self):
        # As the directory matches: a substring of the stored postcodes.
        for code in {code for row in BUILTIN_ROWS for code in row["postcodes"].split()}:
            holders = [row["name_nl"] for row in BUILTIN_ROWS if code in row["postcodes"]]
            assert len(holders) == 1, (code, holders)

    @pytest.mark.parametrize(
        ("cell", "reason"),
        [
            ("900", "'900' is not a Belgian postcode"),
            ("ABCD", "'ABCD' is not a Belgian postcode"),
            ("0999", "'0999' is not a Belgian postcode"),
            ("9000 10000", "'10000' is not a Belgian postcode"),
            ("9000;9030", "separate postcodes with spaces"),
        ],
    )
    def test_a_bad_postcode_is_reported_with_its_line_and_field_and_nothing_is_written(
        self, builtin, cell, reason
    ):
        before = snapshot()
        rows = rows_from(
            f"{POSTCODES_HEADER}\n"
            "43005,Eeklo,Eeklo,oost-vlaanderen,51.1858,3.5656,1,meetjesland,9900\n"
            f"44021,Gent,Gand,oost-vlaanderen,51.0543,3.7174,270000,,{cell}\n"
        )

        report = municipalities_load(rows=rows)

        assert [(e.line, e.field) for e in report.errors] == [(3, "postcodes")]
        assert reason in report.errors[0].reason
        assert str(report.errors[0]).startswith("line 3, field postcodes: ")
        assert snapshot() == before

    def test_every_bad_postcode_of_a_cell_is_reported(self, builtin):
        rows = rows_from(
            f"{POSTCODES_HEADER}\n44021,Gent,Gand,oost-vlaanderen,51.0543,3.7174,,,900 9000 ABCD\n"
        )

        report = municipalities_load(rows=rows)

        assert [(e.line, e.field) for e in report.errors] == [(2, "postcodes"), (2, "postcodes")]

    def test_a_file_without_the_column_loads_and_keeps_the_stored_postcodes(self, builtin):
        rows = rows_from(
            f"{HEADER}\n"
            "44021,Gent,Gand,oost-vlaanderen,51.0543,3.7174,271234,\n"
            "99001,Testdorp,,limburg,50.9,5.3,,\n"
        )

        report = municipalities_load(rows=rows)

        assert report.ok, report.errors
        assert (report.created, report.updated) == (1, 1)
        gent = Municipality.objects.get(nis_code="44021")
        assert (gent.population, gent.postcodes) == (271234, GENT_POSTCODES)
        assert Municipality.objects.get(nis_code="99001").postcodes == ""

    def test_postcodes_are_stored_sorted_unique_and_single_spaced(self, db):
        regions = read_csv_rows(BUILTIN_REGIONS_CSV)
        rows = rows_from(
            f"{POSTCODES_HEADER}\n"
            '44021,Gent,Gand,oost-vlaanderen,51.0543,3.7174,,," 9052 9000  9031\t9000 "\n'
        )

        report = municipalities_load(rows=rows, regions_rows=regions)

        assert report.ok, report.errors
        assert Municipality.objects.get(nis_code="44021").postcodes == "9000 9031 9052"

    def test_a_change_of_postcodes_alone_counts_as_updated(self, builtin):
        rows = [dict(row) for row in BUILTIN_ROWS]
        eeklo = next(row for row in rows if row["nis_code"] == "43005")
        eeklo["postcodes"] = "9900 9901"

        report = municipalities_load(rows=rows)

        assert (report.created, report.updated, report.unchanged) == (0, 1, len(rows) - 1)
        assert Municipality.objects.get(nis_code="43005").postcodes == "9900 9901"

    def test_the_same_postcodes_in_another_order_change_nothing(self, builtin):
        rows = [dict(row) for row in BUILTIN_ROWS]
        gent = next(row for row in rows if row["nis_code"] == "44021")
        gent["postcodes"] = " ".join(reversed(GENT_POSTCODES.split()))

        report = municipalities_load(rows=rows)

        assert (report.updated, report.unchanged) == (0, len(rows))

    def test_an_empty_cell_clears_the_postcodes(self, builtin):
        rows = rows_from(
            f"{POSTCODES_HEADER}\n43005,Eeklo,Eeklo,oost-vlaanderen,51.1858,3.5656,21500,meetjesland,\n"
        )

        report = municipalities_load(rows=rows)

        assert report.updated == 1
        assert Municipality.objects.get(nis_code="43005").postcodes == ""

    def test_the_command_prints_a_bad_postcode_with_its_line(self, builtin, tmp_path):
        path = write_csv(
            tmp_path,
            f"{POSTCODES_HEADER}\n43005,Eeklo,Eeklo,oost-vlaanderen,51.1858,3.5656,,,0999\n",
        )
        before = snapshot()
        err = StringIO()

        with pytest.raises(CommandError, match="1 error"):
            call_command("load_municipalities", str(path), stderr=err)

        assert "line 2, field postcodes: '0999' is not a Belgian postcode" in err.getvalue()
        assert snapshot() == before
