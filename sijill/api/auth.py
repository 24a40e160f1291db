"""Who is calling the API: a bearer token, or the web UI's session (with CSRF on unsafe methods)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from sijill.accounts.models import STAFF_ROLES
from sijill.accounts.services import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, a token issued by `api_token_create`."""

    def authenticate(self, request: HttpRequest, token: str):
        return api_token_user(token)


class WebSessionAuth(APIKeyCookie):
    """The logged-in web user. Unsafe methods must carry the CSRF token, as web forms do.

    Staff who have not passed their second factor are not logged in as far as the API is
    concerned: the two-factor middleware lets /api/ through so that tokens work without it.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        # Anonymous callers get 401, not a CSRF 403, so the CSRF check waits for a session user.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if settings.SIJILL_REQUIRE_2FA and user.role in STAFF_ROLES and not user.is_verified():
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value.")
        return user

