"""manage.py import_actors FILE.csv [--dry-run] [--municipality NIS]

Creates the actors of a municipality's existing list, all or nothing: see actors/imports.py
for the rules and the reason imported actors are unlisted and without an owner.
"""

from argparse import RawDescriptionHelpFormatter

from django.core.management.base import BaseCommand, CommandError

from actors.imports import ACTOR_COLUMNS, actors_import
from network.imports import CsvFileError, read_csv_file, tqdm_progress
from network.models import Municipality

PROGRESS_MIN_ROWS = 200


def columns_help() -> str:
    width = max(len(name) for name in ACTOR_COLUMNS)
    lines = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in ACTOR_COLUMNS.items())
    return f"""
Actors CSV: UTF-8 (a BOM is fine) or Windows-1252, separated by semicolons (as Flemish
Excel saves it) or commas; the header line names the columns, in any order:

{lines}

Only name and kind are required; unknown columns are ignored. Every row is checked with the
registration form's rules before anything is written; duplicates (the same enterprise number,
or the same name in the same municipality, in the file or already registered) are errors.
Any bad row means nothing is written, and each problem is printed as "line N, field F:
reason". Imported actors are not listed in the directory and have no owner until the
business claims its record. Sample: actors/fixtures/actors_import_sample.csv
"""


class Command(BaseCommand):
    help = "Import actors from a CSV list, all or nothing."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = columns_help()
        parser.formatter_class = type(
            "Formatter", (RawDescriptionHelpFormatter, parser.formatter_class), {}
        )
        return parser

    def add_arguments(self, parser):
        parser.add_argument("file", help="Actors CSV.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but write nothing."
        )
        parser.add_argument(
            "--municipality",
            metavar="NIS",
            help="Rows without a municipality go here; rows naming another one are refused.",
        )

    def handle(self, *args, **options):
        municipality = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(nis_code=options["municipality"]).first()
            if municipality is None:
                raise CommandError(f"No municipality with NIS code {options['municipality']}.")
        try:
            parsed = read_csv_file(options["file"])
        except FileNotFoundError:
            raise CommandError(f"No such file: {options['file']}") from None
        except (CsvFileError, OSError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from None
        progress = tqdm_progress(
            total_rows=len(parsed.rows),
            min_rows=PROGRESS_MIN_ROWS,
            show=options["verbosity"] > 0,
        )
        report = actors_import(
            rows=parsed.rows,
            header=parsed.header,
            dry_run=options["dry_run"],
            progress=progress,
            municipality=municipality,
        )
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"{options['file']}: {error}")
            raise CommandError(
                f"{len(report.errors)} error(s) found; nothing was written. Fix the rows above."
            )
        counts = report.counts
        summary = (
            f"{counts['actors']} actors, {counts['sales_points']} sales points, "
            f"{counts['offers']} offers"
        )
        if report.dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"Dry run, nothing written. Would have created {summary}.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Created {summary}."))
