"""Validators every app shares: places in the region, and dates a person could mean.

They sit on the model fields, so a page (ModelForm or a service's `full_clean()`) and the API
(ModelSerializer, or the same service) give the same field message.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

# Belgium spans latitude 49.50–51.51 and longitude 2.54–6.41; the margin keeps a farm on the
# border (or a market just across it) in, and catches swapped or mistyped coordinates (3.72,
# 51.05; 510.5). Every actor and sales point lies in or near one of our municipalities.
REGION_LATITUDE = (49.3, 51.7)
REGION_LONGITUDE = (2.3, 6.6)

# A date before this is a typing error (a cooperation founded in 202), after the other bound
# one too (2205); both would also break date arithmetic and sorting on some databases.
PLAUSIBLE_YEARS = (1900, 2100)


def validate_latitude_in_region(value) -> None:
    """A latitude in or near Belgium. One outside -90..90 is left to the world-range validator
    beside it, so each mistake gets one message."""
    low, high = REGION_LATITUDE
    if value is not None and -90 <= value <= 90 and not low <= value <= high:
        raise ValidationError(
            _(
                "This point lies outside Belgium: the latitude must be between %(low)s and "
                "%(high)s (Gent is 51.05). Check that latitude and longitude are not swapped."
            ),
            code="latitude_outside_region",
            params={"low": low, "high": high},
        )


def validate_longitude_in_region(value) -> None:
    """A longitude in or near Belgium (see validate_latitude_in_region)."""
    low, high = REGION_LONGITUDE
    if value is not None and -180 <= value <= 180 and not low <= value <= high:
        raise ValidationError(
            _(
                "This point lies outside Belgium: the longitude must be between %(low)s and "
                "%(high)s (Gent is 3.72). Check that latitude and longitude are not swapped."
            ),
            code="longitude_outside_region",
            params={"low": low, "high": high},
        )


# For the place of an actor, a sales point or a cooperation: on Earth, then in the region.
REGION_LATITUDE_VALIDATORS = [
    MinValueValidator(-90),
    MaxValueValidator(90),
    validate_latitude_in_region,
]
REGION_LONGITUDE_VALIDATORS = [
    MinValueValidator(-180),
    MaxValueValidator(180),
    validate_longitude_in_region,
]


def validate_plausible_date(value) -> None:
    """A date or moment between 1900 and 2100: anything else is a typing error."""
    if value is None:
        return
    year = value.year if isinstance(value, datetime.date) else None
    low, high = PLAUSIBLE_YEARS
    if year is not None and not low <= year <= high:
        raise ValidationError(
            _("Give a date between %(low)s and %(high)s."),
            code="implausible_date",
            params={"low": low, "high": high},
        )
