"""OpenAPI description of our token authentication (imported by AccountsConfig.ready)."""

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme


class ApiTokenScheme(KnoxTokenScheme):
    """Our subclass of knox's authentication is the same `Authorization: Token …` scheme."""

    target_class = "accounts.authentication.TokenAuthentication"
    name = "apiToken"
