"""Validators for Belgian business data."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

POSTCODE_RE = re.compile(r"^[1-9]\d{3}$")


def normalize_kbo(value: str) -> str:
    """'BE 0123.456.749' → '0123456749': the ten digits the KBO/BCE register uses."""
    digits = re.sub(r"[\s.\-]", "", value or "").upper().removeprefix("BE")
    if len(digits) == 9:  # numbers issued before 2005 are sometimes written without the 0
        digits = "0" + digits
    return digits


def validate_kbo_number(value: str) -> None:
    """An enterprise number: ten digits starting 0 or 1, the last two a modulo-97 check."""
    digits = normalize_kbo(value)
    if not re.fullmatch(r"[01]\d{9}", digits):
        raise ValidationError(
            _("An enterprise number has ten digits and starts with 0 or 1, e.g. 0123.456.749."),
            code="kbo_format",
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _("This enterprise number fails its check digits; check for a typing error."),
            code="kbo_checksum",
        )


def validate_postcode(value: str) -> None:
    if not POSTCODE_RE.match(value or ""):
        raise ValidationError(_("A Belgian postcode has four digits, e.g. 9000."), code="postcode")


def validate_today_or_later(value) -> None:
    """A date someone plans for (a closed day): not one already past.

    Not on the model: yesterday's exception stays valid once recorded; only new input is
    checked, on the page (OpeningExceptionForm) and in the API (OpeningExceptionSerializer).
    """
    if value is not None and value < timezone.localdate():
        raise ValidationError(_("Choose today or a later date."), code="date_in_past")
