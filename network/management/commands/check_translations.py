"""Fails when a Dutch or French catalogue is incomplete, fuzzy, stale or not compiled.

Dutch is the default language and French must be complete: every msgid the code uses must
be translated in both. The command

1. extracts the current msgids from the code with `makemessages` into a scratch copy of the
   catalogues (needs GNU gettext), and reports msgids missing from the committed ones;
2. reports entries that are untranslated, fuzzy, or whose placeholders differ;
3. reports a compiled .mo that does not match its .po.

English is the source language of the msgids, so it needs no catalogue of its own.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from network.translations import REQUIRED_LANGUAGES, catalogue_problems


class Command(BaseCommand):
    help = "Check that the nl and fr catalogues are complete, current and compiled."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-extract",
            action="store_true",
            help="Only check the committed catalogues (no makemessages; no gettext needed).",
        )

    def handle(self, *args, skip_extract=False, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        problems = catalogue_problems(locale_dir)
        if not skip_extract:
            problems += self.missing_msgids(locale_dir)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} translation problem(s); run `make messages`.")
        self.stdout.write(
            self.style.SUCCESS("Translations complete: " + ", ".join(REQUIRED_LANGUAGES))
        )

    def missing_msgids(self, locale_dir: Path) -> list[str]:
        """Extract msgids from a scratch copy of the code and compare with the catalogues."""
        import polib

        if shutil.which("xgettext") is None:
            raise CommandError("GNU gettext (xgettext) is needed; or pass --skip-extract.")
        base = Path(settings.BASE_DIR)
        problems = []
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "src"
            ignore = shutil.ignore_patterns(
                ".venv",
                ".git",
                "node_modules",
                "staticfiles",
                "media",
                "*.pyc",
                "__pycache__",
                "*.mo",
                "db.sqlite3*",
            )
            shutil.copytree(base, copy, ignore=ignore)
            for language in REQUIRED_LANGUAGES:
                for domain in ("django", "djangojs"):
                    committed_path = locale_dir / language / "LC_MESSAGES" / f"{domain}.po"
                    if domain == "djangojs" and not committed_path.exists():
                        continue
                    command = ["makemessages", "--locale", language, "--domain", domain]
                    command += ["--ignore", "tests/*", "--no-obsolete"]
                    subprocess.run(  # noqa: S603 — our own manage.py, fixed arguments
                        [sys.executable, "manage.py", *command],
                        cwd=copy,
                        check=True,
                        capture_output=True,
                    )
                    fresh = polib.pofile(
                        str(copy / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
                    )
                    committed = polib.pofile(str(committed_path)) if committed_path.exists() else []
                    known = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
                    for entry in fresh:
                        if (entry.msgctxt, entry.msgid) not in known:
                            problems.append(
                                f"{language}/{domain}: not in the catalogue: {entry.msgid!r} "
                                f"({entry.occurrences[0][0] if entry.occurrences else '?'})"
                            )
        return problems
