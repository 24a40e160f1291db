"""Two-factor enforcement: staff who have not passed TOTP are sent to verify or enrol."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect

from .models import STAFF_ROLES

# Paths a half-logged-in user may still reach: the second-factor pages, logout, static files.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/api/")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.SIJILL_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and user.role in STAFF_ROLES
            and not user.is_verified()
            and not request.path.startswith(_OPEN_PREFIXES)
        ):
            return redirect("two_factor")
        return self.get_response(request)
