"""WebAuthn ceremonies for security keys (py_webauthn): registering a key and signing in with it.

The relying party is the host the page was served from (`localhost` on a laptop, the server's
name for a team); the origin must match it exactly, so a key registered on one server never
answers another. Challenges live in the session for one ceremony each. Keys are registered only
by a user who has already passed a second factor, so a stolen password cannot add one.
"""

from __future__ import annotations

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .models import SecurityKey

_REGISTER = "sijill-webauthn-register"
_SIGN_IN = "sijill-webauthn-sign-in"


class KeyRefused(Exception):
    """A ceremony failed; the message says why in words a user can act on."""


def _relying_party(request) -> tuple[str, str]:
    """(rp id, expected origin) of the page's own host."""
    host = request.get_host()
    rp_id = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return rp_id.strip("[]"), f"{request.scheme}://{host}"


def registration_options(request) -> str:
    """The JSON options for navigator.credentials.create(), remembered in the session."""
    rp_id, _origin = _relying_party(request)
    user = request.user
    options = generate_registration_options(
        rp_id=rp_id, rp_name="Sijill", user_name=user.get_username(), user_id=str(user.pk).encode(),
        authenticator_selection=AuthenticatorSelectionCriteria(resident_key=ResidentKeyRequirement.DISCOURAGED,
                                                               user_verification=UserVerificationRequirement.PREFERRED),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id))
                             for k in SecurityKey.objects.filter(user=user)],
    )
    request.session[_REGISTER] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


@transaction.atomic
def key_register(request, *, credential: str, name: str) -> SecurityKey:
    """Check the browser's answer to the registration challenge and store the new key."""
    challenge = request.session.pop(_REGISTER, None)
    if challenge is None:
        raise KeyRefused(_("The registration expired; start again."))
    rp_id, origin = _relying_party(request)
    try:
        verified = verify_registration_response(credential=credential, expected_challenge=base64url_to_bytes(challenge),
                                                expected_rp_id=rp_id, expected_origin=origin)
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:  # any malformed or false answer
        raise KeyRefused(_("The security key's answer was refused: %(reason)s") % {"reason": exc}) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if SecurityKey.objects.filter(credential_id=credential_id).exists():
        raise KeyRefused(_("This security key is already registered."))
    return SecurityKey.objects.create(
        user=request.user, name=(name or "").strip()[:64] or _("security key"), confirmed=True,
        credential_id=credential_id, public_key=bytes_to_base64url(verified.credential_public_key),
        sign_count=verified.sign_count)


def sign_in_options(request) -> str:
    """The JSON options for navigator.credentials.get() over the user's keys."""
    keys = list(SecurityKey.objects.filter(user=request.user, confirmed=True))
    if not keys:
        raise KeyRefused(_("You have no security key yet; use the code from your authenticator app."))
    rp_id, _origin = _relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.PREFERRED,
        allow_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(k.credential_id)) for k in keys])
    request.session[_SIGN_IN] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


@transaction.atomic
def key_sign_in(request, *, credential: str) -> SecurityKey:
    """Check a signed challenge against the user's own key; the key that answered, its counter
    moved on (a counter that goes backwards means a cloned key and is refused)."""
    challenge = request.session.pop(_SIGN_IN, None)
    if challenge is None:
        raise KeyRefused(_("The sign-in expired; start again."))
    try:
        credential_id = json.loads(credential)["id"]
    except (ValueError, KeyError, TypeError):
        raise KeyRefused(_("The browser's answer could not be read.")) from None
    key = SecurityKey.objects.select_for_update().filter(user=request.user, confirmed=True,
                                                         credential_id=credential_id).first()
    if key is None:
        raise KeyRefused(_("This security key is not registered to your account."))
    rp_id, origin = _relying_party(request)
    try:
        verified = verify_authentication_response(
            credential=credential, expected_challenge=base64url_to_bytes(challenge), expected_rp_id=rp_id,
            expected_origin=origin, credential_public_key=base64url_to_bytes(key.public_key),
            credential_current_sign_count=key.sign_count)
    except (WebAuthnException, ValueError, KeyError, TypeError) as exc:  # any malformed or false answer
        raise KeyRefused(_("The security key's answer was refused: %(reason)s") % {"reason": exc}) from None
    key.sign_count = verified.new_sign_count
    key.last_used_at = timezone.now()
    key.save(update_fields=["sign_count", "last_used_at"])
    return key
