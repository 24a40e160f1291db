"""Security keys (WebAuthn) pages: sign in with a key as the second factor, register keys.

Thin: the ceremonies are in security_keys.py. Reachable under /accounts/ so a user who has
given a password but not yet a second factor can use them (accounts/middleware.py)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security_keys
from .models import SecurityKey


def _may_register(user) -> bool:
    """After a second factor, or as the first one (as TOTP enrolment is) for an account with none."""
    if user.is_verified():
        return True
    return not (TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                or SecurityKey.objects.filter(user=user, confirmed=True).exists())


def _next(request) -> str:
    target = request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("dashboard")


@login_required
def security_keys_page(request):
    user = request.user
    return render(request, "security/security_keys.html", {
        "keys": SecurityKey.objects.filter(user=user, confirmed=True),
        "verified": user.is_verified(), "may_register": _may_register(user), "next": _next(request)})


def _refused(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400)


def _body(request) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        data = None
    return data if isinstance(data, dict) else {}


@login_required
@require_POST
def options(request, purpose: str):
    try:
        if purpose == "register":
            if not _may_register(request.user):
                return _refused(_("Verify with your second factor before adding a security key."))
            text = security_keys.registration_options(request)
        else:
            text = security_keys.sign_in_options(request)
    except security_keys.KeyRefused as exc:
        return _refused(str(exc))
    return JsonResponse(json.loads(text))


@login_required
@require_POST
def register(request):
    if not _may_register(request.user):
        return _refused(_("Verify with your second factor before adding a security key."))
    data = _body(request)
    try:
        key = security_keys.key_register(request, credential=json.dumps(data.get("credential")),
                                         name=str(data.get("name") or ""))
    except security_keys.KeyRefused as exc:
        return _refused(str(exc))
    if not request.user.is_verified():
        otp_login(request, key)  # a first second factor, as TOTP enrolment does
    return JsonResponse({"registered": key.name, "next": _next(request)})


@login_required
@require_POST
def sign_in(request):
    data = _body(request)
    try:
        key = security_keys.key_sign_in(request, credential=json.dumps(data.get("credential")))
    except security_keys.KeyRefused as exc:
        return _refused(str(exc))
    otp_login(request, key)
    return JsonResponse({"next": _next(request)})
