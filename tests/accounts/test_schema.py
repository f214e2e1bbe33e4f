"""The OpenAPI schema describes the accounts endpoints as they answer."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema


@pytest.fixture(scope="module")
def schema():
    generated = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(generated)
    return generated


def json_schema(operation, status):
    return operation["responses"][status]["content"]["application/json"]["schema"]


def test_me_is_described_as_one_object_not_a_list(schema):
    operation = schema["paths"]["/api/v1/me/"]["get"]

    assert json_schema(operation, "200") == {"$ref": "#/components/schemas/Me"}
    assert set(schema["components"]["schemas"]["Me"]["properties"]) == {
        "id",
        "email",
        "first_name",
        "last_name",
    }


def test_token_endpoints_never_describe_the_hash_and_show_the_raw_token_only_on_create(schema):
    tokens = schema["paths"]["/api/v1/tokens/"]
    components = schema["components"]["schemas"]

    assert json_schema(tokens["post"], "201") == {"$ref": "#/components/schemas/ApiTokenCreated"}
    assert "token" in components["ApiTokenCreated"]["properties"]
    assert set(components["ApiToken"]["properties"]) == {
        "name",
        "token_key",
        "created",
        "expiry",
        "last_used",
    }
    assert "delete" in schema["paths"]["/api/v1/tokens/{token_key}/"]
    assert not any("digest" in component.get("properties", {}) for component in components.values())


def test_the_token_scheme_is_documented(schema):
    scheme = schema["components"]["securitySchemes"]["apiToken"]

    assert scheme["name"] == "Authorization"
    assert {"apiToken": []} in schema["paths"]["/api/v1/me/"]["get"]["security"]
