"""manage.py load_municipalities [FILE.csv] [--regions REGIONS.csv] [--dry-run]

Without FILE the built-in regions and municipalities (network/fixtures/) are loaded. The
load is all-or-nothing and idempotent: see network/services.py for the rules.
"""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError

from network.imports import CsvFileError, tqdm_progress
from network.services import (
    BUILTIN_MUNICIPALITIES_CSV,
    BUILTIN_REGIONS_CSV,
    municipalities_load,
    read_csv_rows,
)

# Below this many rows a load takes a blink; a bar would only add noise to the output.
PROGRESS_MIN_ROWS = 200

COLUMNS_HELP = """
Municipalities CSV: UTF-8 (a BOM is fine), separated by commas or semicolons (as Flemish
Excel saves it; the header line tells which), with this header line (postcodes optional):

  nis_code,name_nl,name_fr,province,latitude,longitude,population,regions,postcodes

  nis_code    five-digit official NIS code, valid from 1 January 2025 (Gent: 44021)
  name_nl     Dutch name (required); the slug is made from it
  name_fr     French name, or empty
  province    province slug: antwerpen, limburg, oost-vlaanderen, vlaams-brabant,
              west-vlaanderen, or brussel (the Brussels-Capital Region)
  latitude    centre, decimal degrees with a point, within 49.4..51.6
  longitude   centre, decimal degrees with a point, within 2.4..6.5
  population  a whole number, or empty
  regions     ';'-separated region slugs (streken), e.g. meetjesland or kust;westhoek
  postcodes   space-separated four-digit postcodes (1000..9999), e.g. 9000 9030 9031;
              stored sorted without repeats. An empty cell clears them; without the
              column the stored postcodes are kept.

Regions CSV: slug,kind,name_nl,name_fr,code (kind: province, region or intermunicipal).

Every row is checked before anything is written; any bad row means nothing is written,
and each problem is printed as "line N, field F: reason". Rows are matched on nis_code
(regions on slug), so running the same file twice changes nothing.
"""


class Command(BaseCommand):
    help = "Load regions and municipalities from CSV (the built-in list when no file is given)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = COLUMNS_HELP
        # Keep the column table's line breaks in --help.
        parser.formatter_class = type(
            "Formatter", (RawDescriptionHelpFormatter, parser.formatter_class), {}
        )
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            nargs="?",
            help="Municipalities CSV; default: the built-in list in network/fixtures/.",
        )
        parser.add_argument(
            "--regions",
            help="Regions CSV loaded first; default: the built-in provinces and streken.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and count, but write nothing.",
        )

    def handle(self, *args, **options):
        municipalities_path = options["file"] or BUILTIN_MUNICIPALITIES_CSV
        regions_path = options["regions"] or BUILTIN_REGIONS_CSV
        rows = self._read(municipalities_path)
        regions_rows = self._read(regions_path)

        progress = tqdm_progress(
            total_rows=len(rows), min_rows=PROGRESS_MIN_ROWS, show=options["verbosity"] > 0
        )
        report = municipalities_load(
            rows=rows,
            regions_rows=regions_rows,
            dry_run=options["dry_run"],
            progress=progress,
        )
        if not report.ok:
            names = {"municipalities": municipalities_path, "regions": regions_path}
            for error in report.errors:
                self.stderr.write(f"{names[error.source]}: {error}")
            raise CommandError(
                f"{len(report.errors)} error(s) found; nothing was written. Fix the rows above."
            )
        prefix = "Dry run, nothing written. Would have loaded " if report.dry_run else "Loaded "
        self.stdout.write(self.style.SUCCESS(prefix + report.summary() + "."))

    def _read(self, path):
        try:
            return read_csv_rows(path)
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except (CsvFileError, OSError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
