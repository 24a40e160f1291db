"""Users, their role and their clearance."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality


class Role(models.TextChoices):
    ADMIN = "admin", _("admin")
    COORDINATOR = "coordinator", _("coordinator")
    ANALYST = "analyst", _("analyst")
    DOCUMENTER = "documenter", _("documenter")
    VIEWER = "viewer", _("viewer")


# What each role may do. Reading is further limited by clearance in every selector.
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.ADMIN: {"view", "create", "edit", "delete", "edit_any", "manage_users", "manage_vocabularies"},
    Role.COORDINATOR: {"view", "create", "edit", "delete", "edit_any"},
    Role.ANALYST: {"view", "create", "edit", "edit_any"},
    Role.DOCUMENTER: {"view", "create", "edit"},
    Role.VIEWER: {"view"},
}

# Roles that handle unpublished material and so must log in with a second factor.
STAFF_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.DOCUMENTER}


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    clearance = models.PositiveSmallIntegerField(
        _("clearance"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def may(self, action: str) -> bool:
        """True when this user's role allows `action` (view, create, edit, delete, ...)."""
        return self.is_active and action in ROLE_PERMISSIONS.get(self.role, set())

    def may_edit(self, record) -> bool:
        """Edit rights on one record: any record with edit_any, else only one's own."""
        if self.may("edit_any"):
            return True
        return self.may("edit") and getattr(record, "created_by_id", None) == self.pk


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user.username}: {self.name}"
