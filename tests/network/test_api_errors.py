"""The API's error answers: always JSON, always documented, never a 500 or an HTML page.

Schemathesis (`.ci/schemathesis`, `make fuzz`) checks these properties against the running
app with generated requests; these tests pin the rules it relies on: the schema documents the
error codes each operation can answer, a malformed `page` or `page_size` is a 400 naming it,
and an address under /api/v1/ that no endpoint matches is a JSON 404.
"""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.factories import ActorFactory, UserFactory

METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    return generated


def operations(schema):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def error_ref(operation, status):
    return operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]


def paginated_lists(schema):
    return sorted(
        path
        for path, method, operation in operations(schema)
        if method == "get"
        and "{" not in path
        and any(p["name"] == "page" for p in operation.get("parameters", []))
    )


# --- The schema documents the errors ------------------------------------------------------------


def test_every_operation_documents_bad_credentials_as_a_json_401(schema):
    # A wrong token is refused even on a public read, so every operation can answer 401.
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if "401" not in operation["responses"]
    ]

    assert missing == []
    operation = schema["paths"]["/api/v1/actors/"]["get"]
    assert error_ref(operation, "401") == "#/components/schemas/Error"
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_an_address_the_web_server_finds_too_long_is_a_documented_html_414(schema):
    # gunicorn answers 414 with its own HTML page before the app sees the request.
    with_query_or_path = [
        (path, operation)
        for path, method, operation in operations(schema)
        if "{" in path or operation.get("parameters")
    ]
    assert len(with_query_or_path) > 40
    for path, operation in with_query_or_path:
        assert operation["responses"]["414"]["content"] == {
            "text/html": {"schema": {"type": "string"}}
        }, path
    assert "414" not in schema["paths"]["/api/v1/me/"]["get"]["responses"]


def test_every_operation_with_an_id_in_its_path_documents_404(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(schema)
        if "{" in path and "404" not in operation["responses"]
    ]

    assert missing == []


def test_every_write_documents_400_with_field_messages(schema):
    writes = [
        (path, method, operation)
        for path, method, operation in operations(schema)
        if method in ("post", "put", "patch")
    ]

    assert len(writes) > 20
    for path, method, operation in writes:
        assert error_ref(operation, "400") == "#/components/schemas/ValidationError", (
            f"{method.upper()} {path}"
        )


def test_a_paginated_list_documents_400_and_404_for_its_pages(schema):
    lists = paginated_lists(schema)

    assert "/api/v1/actors/" in lists
    for path in lists:
        responses = schema["paths"][path]["get"]["responses"]
        assert {"400", "404"} <= set(responses), path


def test_a_view_s_own_error_description_is_kept_and_given_a_body(schema):
    operation = schema["paths"]["/api/v1/actors/"]["post"]

    assert operation["responses"]["400"]["description"] == "Invalid input: field-level messages."
    assert error_ref(operation, "400") == "#/components/schemas/ValidationError"


def test_opening_times_are_wall_clock_times_not_rfc3339_times(schema):
    # "format: time" demands a time zone ("09:00:00Z"); we send and accept "09:00:00".
    opens = schema["components"]["schemas"]["OpeningHours"]["properties"]["opens"]

    assert "format" not in opens
    assert opens["pattern"].startswith("^([01][0-9]|2[0-3])")


def test_blank_stored_values_are_valid_in_responses(schema):
    actor = schema["components"]["schemas"]["Actor"]["properties"]

    assert {"type": "string", "maxLength": 0} in actor["website"]["oneOf"]
    assert {"$ref": "#/components/schemas/BlankEnum"} in actor["kitchen_type"]["oneOf"]


def test_the_municipal_dashboard_is_one_object_not_a_list(schema):
    for path in (
        "/api/v1/municipalities/{nis}/dashboard/",
        "/api/v1/regions/{slug}/dashboard/",
    ):
        operation = schema["paths"][path]["get"]
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/Dashboard"}, path


# --- Pagination ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page_size=0", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=many", "page_size"),
    ],
)
def test_a_malformed_page_is_a_400_naming_the_parameter_on_every_list(
    api_client, schema, query, name
):
    api_client.force_authenticate(UserFactory())

    for path in paginated_lists(schema):
        response = api_client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, response.content)
        assert response["Content-Type"] == "application/json"
        assert list(response.json()) == [name], path


@pytest.mark.django_db
def test_a_page_past_the_last_is_a_json_404(api_client):
    ActorFactory()

    response = api_client.get("/api/v1/actors/?page=99")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.django_db
def test_last_page_and_a_large_page_size_still_answer(api_client):
    ActorFactory.create_batch(3)

    assert api_client.get("/api/v1/actors/?page=last").json()["count"] == 3
    response = api_client.get("/api/v1/actors/?page_size=100000")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


# --- Addresses no endpoint answers ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/sales-points/0.5/",  # an id that is no number
        "/api/v1/regions/%C2%84/",  # a slug with a character no route takes
        "/api/v1/events/1.5/register/",
        "/api/v1/nothing-here/",
        # An encoded newline in the address (found by schemathesis): `.` stops at a newline.
        "/api/v1/sales-points/%C2%BC%0Ab/opening-exceptions/%C3%8A%3A/",
    ],
)
def test_an_address_no_endpoint_matches_is_a_json_404(client, method, path):
    # A logged-in browser session without a CSRF token: still a 404, not the HTML CSRF page.
    client.force_login(UserFactory())

    response = getattr(client, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


@pytest.mark.django_db
def test_a_list_address_without_its_slash_still_redirects(client):
    response = client.get("/api/v1/actors")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/actors/"


@pytest.mark.django_db
def test_an_unknown_api_path_is_a_json_404_even_for_a_signed_in_post_without_csrf(user):
    """The catch-all is exempt from CSRF on purpose: it changes nothing, and the check would
    otherwise answer an HTML 403 page to an API client. Real endpoints still demand the token."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)

    unknown = client.post("/api/v1/no-such-thing/", {"name": "x"})
    real = client.post("/api/v1/tokens/", {"name": "x"})

    assert (unknown.status_code, unknown["Content-Type"]) == (404, "application/json")
    assert unknown.json() == {"detail": "Not found."}
    assert real.status_code == 403
