"""Security keys (WebAuthn) as a second factor for staff, beside the TOTP authenticator app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


class SecurityKey(Device):
    """A WebAuthn credential (a hardware key, or a platform authenticator such as a phone or a
    laptop's fingerprint reader) registered by one user. It is a django-otp device, so passing it
    marks the session verified exactly as a TOTP code does (`django_otp.login`).

    The server keeps only the credential id and its public key: nothing here lets anyone sign in.
    """

    credential_id = models.CharField(_("credential id"), max_length=1400, unique=True)  # base64url
    public_key = models.TextField(_("public key"))  # COSE key, base64url
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("security key")
        ordering = ["user", "id"]

    def verify_token(self, token) -> bool:
        """A security key answers a signed challenge (security_keys.py), never a typed code."""
        return False
