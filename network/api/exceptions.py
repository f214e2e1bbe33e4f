"""The API's error answers: a service's Django ValidationError becomes a 400 with field messages.

Services (`actors.services`, …) validate with `full_clean()` and raise Django's
`ValidationError` and `PermissionDenied`, so the pages and the API give the same messages.
DRF already turns `PermissionDenied` into a 403 and `Http404` into a 404; without this handler
a `ValidationError` raised by a service would escape as a 500.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def as_api_error(error: DjangoValidationError, *, field: str | None = None):
    """A service's ValidationError as a DRF one: `{field: [messages]}`, 400.

    Errors that name no field land under `field` when given (e.g. "opening_hours" for the
    periods a service validated together), else under DRF's `non_field_errors`.
    """
    detail = serializers.as_serializer_error(error)
    fallback = field or api_settings.NON_FIELD_ERRORS_KEY
    for key in (NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY):
        if key in detail and key != fallback:
            detail.setdefault(fallback, [])
            detail[fallback] = [*detail[fallback], *detail.pop(key)]
    return serializers.ValidationError(detail)


def exception_handler(exc, context):
    """DRF's handler, plus Django ValidationErrors from services as 400 with field messages."""
    if isinstance(exc, DjangoValidationError):
        exc = as_api_error(exc)
    return drf_exception_handler(exc, context)
