"""Checks on the translation catalogues, shared by `check_translations` and the test suite."""

import re
from pathlib import Path

REQUIRED_LANGUAGES = ("nl", "fr")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
# Path converters in translated URL patterns ("dashboard/<str:nis>/"): a translation that
# changes one breaks the route in that language.
CONVERTER = re.compile(r"<\w+:\w+>")


def catalogue_problems(locale_dir: Path) -> list[str]:
    """Untranslated, fuzzy or placeholder-breaking entries, and stale .mo files."""
    import polib

    problems = []
    for language in REQUIRED_LANGUAGES:
        po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            problems.append(f"{language}: no catalogue at {po_path}")
            continue
        for path in sorted((locale_dir / language / "LC_MESSAGES").glob("*.po")):
            catalogue = polib.pofile(str(path))
            label = f"{language}/{path.stem}"
            for entry in catalogue:
                if entry.obsolete:
                    continue
                if "fuzzy" in entry.flags:
                    problems.append(f"{label}: fuzzy: {entry.msgid!r}")
                translations = (
                    list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
                )
                if not all(t.strip() for t in translations):
                    problems.append(f"{label}: untranslated: {entry.msgid!r}")
                    continue
                if (
                    sorted(CONVERTER.findall(entry.msgid))
                    != sorted(CONVERTER.findall(entry.msgstr))
                    and not entry.msgid_plural
                ):
                    problems.append(f"{label}: URL converters differ: {entry.msgid!r}")
                if "python-format" in entry.flags and not entry.msgid_plural:
                    if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
                        PLACEHOLDER.findall(entry.msgstr)
                    ):
                        problems.append(f"{label}: placeholders differ: {entry.msgid!r}")
            mo_path = path.with_suffix(".mo")
            if not mo_path.exists():
                problems.append(f"{label}: not compiled (no {mo_path.name})")
                continue
            compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
            for entry in catalogue.translated_entries():
                if entry.msgid_plural:
                    continue
                if compiled.get((entry.msgctxt, entry.msgid)) != entry.msgstr:
                    problems.append(f"{label}: .mo is older than .po ({entry.msgid!r})")
                    break
    return problems
