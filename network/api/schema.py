"""The OpenAPI schema as clients (and schemathesis) meet the API, not only its happy path.

drf-spectacular documents what a view answers when all goes well. The API also answers, on
every operation, errors whose shape is fixed by DRF and by `network.api.exceptions`:
400 with field messages, 401 for missing or bad credentials (a wrong token is refused even on
a public read), 403, 404 for unknown or invisible rows and pages, 429 when throttled, and 414
from the web server in front when a query makes the address too long. This
schema class adds those answers where they can occur, so a client's generated code and
schemathesis' `status_code_conformance` check see the whole contract.

It also corrects two spots where the generated schema is stricter than the JSON we send:
- read-only model fields lose DRF's `allow_blank`, so an empty URL or an empty choice would be
  documented as invalid although blank is an allowed stored value;
- `format: time` means an RFC 3339 time *with a time zone*; our opening hours are local wall
  clock times ("08:30:00"), so they are described by a pattern instead.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers
from rest_framework.permissions import AllowAny

# A wall clock time as DRF parses and renders it: HH:MM, HH:MM:SS or HH:MM:SS.ffffff.
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"

ERROR_COMPONENT = "Error"
VALIDATION_ERROR_COMPONENT = "ValidationError"

ERROR_DESCRIPTIONS = {
    400: _("Invalid input: messages per field (`non_field_errors` for the whole)."),
    401: _("Not signed in, or the token is invalid, expired or revoked."),
    403: _("Signed in, but not allowed to do this."),
    404: _("Not found, not visible to you, or no such page."),
    429: _("Too many requests: wait the number of seconds in Retry-After."),
}
# Answered by the web server before the app (gunicorn's limit_request_line), as its HTML page.
URI_TOO_LONG = 414
URI_TOO_LONG_DESCRIPTION = _(
    "The address with its query is longer than the web server accepts (8190 bytes)."
)


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with the error answers and the two corrections above."""

    # --- Error answers ------------------------------------------------------------------------

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            key = str(code)
            component = self._error_component(code)
            content = {"application/json": {"schema": component.ref}}
            if key not in responses:
                responses[key] = {"description": str(ERROR_DESCRIPTIONS[code]), "content": content}
            elif not responses[key].get("content"):
                # An extend_schema(responses={400: OpenApiResponse(description=…)}) of a view:
                # keep its words, add the body every error has.
                responses[key]["content"] = content
        return dict(sorted(responses.items()))

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation and any(p["in"] in ("query", "path") for p in operation.get("parameters", [])):
            # A client can make this address too long: the web server's own answer.
            operation["responses"][str(URI_TOO_LONG)] = {
                "description": str(URI_TOO_LONG_DESCRIPTION),
                "content": {"text/html": {"schema": {"type": "string"}}},
            }
            operation["responses"] = dict(sorted(operation["responses"].items()))
        return operation

    def _error_codes(self) -> list[int]:
        codes = []
        method = self.method.upper()
        has_input = (
            method in ("POST", "PUT", "PATCH")
            or bool(self._get_filter_parameters())
            or bool(self._get_pagination_parameters())
            or bool(self._resolve_path_parameters(self._get_path_parameters_names()))
        )
        if has_input:
            codes.append(400)
        if self.view.get_authenticators():
            codes.append(401)
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes.append(403)
        if "{" in self.path or self._is_list_view() and self._get_paginator():
            codes.append(404)
        if self.view.get_throttles():
            codes.append(429)
        return codes

    def _get_path_parameters_names(self) -> list[str]:
        return [part.strip("{}") for part in self.path.split("/") if part.startswith("{")]

    def _error_component(self, code: int) -> ResolvedComponent:
        if code == 400:
            name = VALIDATION_ERROR_COMPONENT
            schema = {
                "type": "object",
                "description": (
                    "Field name → list of messages; `non_field_errors` for the whole input, "
                    "`detail` for a malformed request (e.g. unreadable JSON)."
                ),
                "additionalProperties": {},
            }
        else:
            name = ERROR_COMPONENT
            schema = {
                "type": "object",
                "properties": {"detail": {"type": "string"}},
                "required": ["detail"],
            }
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
        )
        if component not in self.registry:
            self.registry.register(component)
        return self.registry[component]

    # --- Corrections of field schemas ---------------------------------------------------------

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema is None:
            return schema
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            del schema["format"]
            schema["pattern"] = TIME_PATTERN
            schema.setdefault("example", "08:30:00")
        if direction == "response" and field.read_only and _model_field_allows_blank(field):
            schema = _allow_blank(schema)
        return schema


def _model_field_allows_blank(field) -> bool:
    """Whether a read-only serializer field shows a model text field that may be blank."""
    if not isinstance(field, serializers.CharField | serializers.ChoiceField):
        return False
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        model_field = model._meta.get_field(field.source)
    except FieldDoesNotExist:
        return False
    return bool(getattr(model_field, "blank", False)) and not model_field.is_relation


def _allow_blank(schema: dict) -> dict:
    """The same schema, also accepting "" (as drf-spectacular does for writable blank fields)."""
    if "enum" in schema:
        # drf-spectacular's enum hook turns a "" choice into `oneOf: [XEnum, BlankEnum]`.
        if "" not in schema["enum"]:
            schema["enum"] = [*schema["enum"], ""]
        return schema
    constrained = "$ref" in schema or "format" in schema or "pattern" in schema
    if not constrained or "oneOf" in schema:
        return schema
    outer_keys = {"readOnly", "writeOnly", "nullable", "deprecated", "description", "title"}
    inner = {key: schema.pop(key) for key in list(schema) if key not in outer_keys}
    schema["oneOf"] = [inner, {"type": "string", "maxLength": 0}]
    return schema
