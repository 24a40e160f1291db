"""Request rate limits for views: `@rate_limit("login", rate="5/m")`.

Counts live in Django's cache (a file cache under SIJILL_HOME on a laptop, Redis for teams), in
fixed windows keyed by scope, client address and, when logged in, the user. A request over the
limit gets 429 with a message saying how long to wait, as JSON under /api/ and as plain text
elsewhere; nothing in the view runs.

Settings:
    SIJILL_RATE_LIMITS_ENABLED  False turns every limit off (env SIJILL_RATE_LIMITS=0)
    SIJILL_RATE_LIMITS          {"scope": "10/m"} overrides the rate written at a decorator
    SIJILL_TRUSTED_PROXY_HOPS   how many reverse proxies append to X-Forwarded-For (default 0:
                                the socket address is the client)
"""

from __future__ import annotations

import functools
import json
import os
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import gettext as _

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """"5/m" -> 5 per 60 s; "100/5m" -> 100 per 300 s. Raises ValueError naming the bad rate."""
    match = _RATE.match(rate or "")
    if not match:
        raise ValueError(f"Rate {rate!r} is not like '5/m', '100/h' or '20/10m'.")
    count, multiple, unit = match.groups()
    return Rate(int(count), int(multiple or 1) * _UNIT[unit])


def enabled() -> bool:
    value = getattr(settings, "SIJILL_RATE_LIMITS_ENABLED", None)
    if value is None:
        value = os.environ.get("SIJILL_RATE_LIMITS", "1").strip().lower() not in {"0", "false", "no", "off"}
    return bool(value)


def client_address(request) -> str:
    """The client's IP: the socket address, or the right entry of X-Forwarded-For when
    SIJILL_TRUSTED_PROXY_HOPS proxies are trusted (never trust a header the client wrote)."""
    hops = int(getattr(settings, "SIJILL_TRUSTED_PROXY_HOPS", 0) or 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _identity(request) -> str:
    user = getattr(request, "user", None)
    user_part = f"u{user.pk}" if user is not None and user.is_authenticated else "anon"
    return f"{client_address(request)}|{user_part}"


def _window(scope: str, identity: str, rate: Rate) -> tuple[str, int]:
    now = time.time()
    window = int(now // rate.seconds)
    return f"sijill-rl:{scope}:{identity}:{window}", max(1, int((window + 1) * rate.seconds - now))


def peek(scope: str, identity: str, rate: Rate) -> tuple[bool, int]:
    """(still allowed, seconds until reset) without counting a request."""
    key, retry_after = _window(scope, identity, rate)
    return (cache.get(key, 0) or 0) < rate.count, retry_after


def hit(scope: str, identity: str, rate: Rate) -> tuple[bool, int]:
    """Count one request; return (allowed, seconds until the window resets)."""
    key, retry_after = _window(scope, identity, rate)
    if cache.add(key, 1, timeout=rate.seconds + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=rate.seconds + 1)
            count = 1
    return count <= rate.count, retry_after


def too_many_requests(request, retry_after: int) -> HttpResponse:
    message = _("Too many requests. Wait %(seconds)d seconds and try again.") % {"seconds": retry_after}
    if request.path.startswith("/api/") or "application/json" in request.META.get("HTTP_ACCEPT", ""):
        response = HttpResponse(json.dumps({"detail": message}), status=429, content_type="application/json")
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(retry_after)
    return response


def check_request(request, scope: str, rate: str) -> HttpResponse | None:
    """Count *request* against *scope*; the 429 response when over the limit, else None."""
    if not enabled():
        return None
    rate = getattr(settings, "SIJILL_RATE_LIMITS", {}).get(scope, rate)
    allowed, retry_after = hit(scope, _identity(request), parse_rate(rate))
    return None if allowed else too_many_requests(request, retry_after)


def rate_limit(scope: str, rate: str = "5/m", *, methods: tuple[str, ...] | None = None):
    """Decorate a view (function view, or a django-ninja operation) with a rate limit.

    *methods* limits which HTTP methods count (e.g. ("POST",) for a form whose page may be
    viewed freely); None counts every request.
    """
    parse_rate(rate)  # a bad rate fails at import, not at the first request

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if methods is None or request.method in methods:
                refused = check_request(request, scope, rate)
                if refused is not None:
                    return refused
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
