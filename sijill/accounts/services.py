"""Users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sijill.audit.services import audit_record

from .models import ApiToken, Role, User


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str = "api") -> str:
    """Issue a token for `user` and return it; only its hash is kept."""
    key = "sjl_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100] or "api", key_hash=_digest(key))
    audit_record(user=user, action="token_create", record_type="api_token", record_id=token.pk, changes={"name": token.name})
    return key


def api_token_user(key: str) -> User | None:
    """The active user a token belongs to, or None for an unknown or revoked token."""
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def user_create(*, username: str, password: str, role: str, clearance: int, email: str = "", created_by=None) -> User:
    """Create a user with a role and a clearance; the password must pass the validators."""
    errors = {}
    if role not in Role.values:
        errors["role"] = [f"Unknown role {role!r}; use one of {', '.join(Role.values)}."]
    if clearance not in (0, 1, 2, 3):
        errors["clearance"] = ["Clearance must be 0 (public) to 3 (secret)."]
    if User.objects.filter(username=username).exists():
        errors["username"] = [f"A user {username!r} exists already."]
    candidate = User(username=username, email=email, role=role or "viewer")
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    candidate.clearance = clearance
    candidate.is_staff = role == Role.ADMIN
    candidate.is_superuser = role == Role.ADMIN
    candidate.set_password(password)
    candidate.save()
    audit_record(user=created_by, action="user_create", record_type="user", record_id=candidate.pk,
                 changes={"username": username, "role": role, "clearance": clearance})
    return candidate
