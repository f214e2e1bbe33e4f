"""Dutch is the default and French must be complete: the catalogues are checked on every run."""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from network.translations import catalogue_problems


def test_dutch_and_french_catalogues_are_complete_and_compiled():
    problems = catalogue_problems(Path(settings.LOCALE_PATHS[0]))
    assert problems == []


def test_a_fuzzy_or_empty_entry_is_reported(tmp_path):
    messages = tmp_path / "nl" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (tmp_path / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (messages / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "farmer"\nmsgstr "boer"\n\nmsgid "processor"\nmsgstr ""\n'
        'msgid "dashboard/<str:nis>/"\nmsgstr "dashboard/<nis>/"\n',
        encoding="utf-8",
    )
    problems = catalogue_problems(tmp_path)
    assert "nl/django: fuzzy: 'farmer'" in problems
    assert "nl/django: untranslated: 'processor'" in problems
    assert "nl/django: URL converters differ: 'dashboard/<str:nis>/'" in problems
    assert any(problem.startswith("fr: no catalogue") for problem in problems)


def test_the_interface_speaks_dutch_by_default_and_french_on_request():
    with translation.override("nl"):
        assert translation.gettext("Skip to content") != "Skip to content"
    with translation.override("fr"):
        assert translation.gettext("Skip to content") != "Skip to content"
