"""The address of the person at the other end, for rate limits and log-in lockouts.

Behind a reverse proxy REMOTE_ADDR is the proxy: every visitor would share one address, so one
noisy client would throttle everyone and a log-in lockout would lock an account for all. With
`KETENWERK_TRUSTED_PROXIES=N` the address is read from X-Forwarded-For, N hops from the right
(the hops our own proxies added); anything further left was written by the client and is not
trusted. With 0 (the default) the header is ignored, so it cannot be forged.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def axes_client_ip(request) -> str:
    """django-axes' AXES_CLIENT_IP_CALLABLE."""
    return client_ip(request)
