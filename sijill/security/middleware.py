"""Response headers every page carries, and the rate limits that apply by path.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and, under
SIJILL_TLS, HSTS; XFrameOptionsMiddleware sends X-Frame-Options: DENY. This adds:

- Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval': scripts, styles, fonts and
  images only from Sijill itself (everything ships in the package), no framing, forms posting
  only back to Sijill. An injected <script> or style="" does not run.
- Permissions-Policy switching off camera, microphone, geolocation and the like.
- Cross-Origin-Opener-Policy / Cross-Origin-Resource-Policy: same-origin.
- Cache-Control: no-store on pages for signed-in users, so a seized laptop's browser cache does
  not hold the records that were viewed.

SIJILL_CSP overrides the policy text (for example to add a report-uri).
"""

from __future__ import annotations

import re

from django.conf import settings

from .ratelimit import (
    check_request,
    client_address,
    enabled,
    hit,
    parse_rate,
    peek,
    too_many_requests,
)

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; media-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        csp = getattr(settings, "SIJILL_CSP", DEFAULT_CSP)
        if csp:
            response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response


# (path prefix, scope, default rate). The login limit counts failed sign-ins per address (axes
# locks a username+address pair; this stops one address trying many usernames). The API limit
# counts every request per address and user.
LOGIN_PATH = "/accounts/login/"
LOGIN_FAILURES_RATE = "30/10m"
API_PREFIX = "/api/"
API_RATE = "600/m"


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        path = request.path
        if path == LOGIN_PATH and request.method == "POST":
            return self._login(request)
        if path.startswith(API_PREFIX):
            refused = check_request(request, "api", API_RATE)
            if refused is not None:
                return refused
        return self.get_response(request)

    def _login(self, request):
        rate = parse_rate(getattr(settings, "SIJILL_RATE_LIMITS", {}).get("login-failures", LOGIN_FAILURES_RATE))
        identity = f"{client_address(request)}|login"
        allowed, retry_after = peek("login-failures", identity, rate)
        if not allowed:
            return too_many_requests(request, retry_after)
        response = self.get_response(request)
        # A successful sign-in redirects; anything else (form shown again, lockout) is a failure.
        if response.status_code != 302:
            hit("login-failures", identity, rate)
        return response


_HUGE_NUMBER = re.compile(r"(?<![\w.])[-+]?\d{19,}(?![\w.])")


class RejectNulMiddleware:
    """A request the database could not even be asked about answers 400 before any query:

    - a NUL character in a query string or form field: no text Sijill stores or searches may hold
      one (PostgreSQL refuses it in text values), and a browser never sends one;
    - a number of 19 digits or more in the path or the query string (ids, pages): beyond what a
      64-bit database column holds, so it can match nothing (PostgreSQL would raise an error).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponseBadRequest

        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or self._form_has_nul(request):
            return HttpResponseBadRequest("A NUL character is not allowed in a request.",
                                          content_type="text/plain; charset=utf-8")
        if _HUGE_NUMBER.search(request.path) or any(
                _HUGE_NUMBER.fullmatch(v.strip()) for vs in request.GET.lists() for v in vs[1]):
            return HttpResponseBadRequest("A number in the request is out of range.",
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _form_has_nul(request) -> bool:
        if request.method != "POST" or not request.content_type.startswith("application/x-www-form-urlencoded"):
            return False
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
