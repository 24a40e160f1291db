"""The audit log, record versions, and the base every documentary record builds on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Record(models.Model):
    """A documentary record: who made and changed it, soft deletion, optimistic locking.

    `lock_version` grows by one on every save through a service; a save that carries an older
    value is refused as a conflict instead of overwriting someone else's change.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lock_version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change, chained to the one before by SHA-256 so no row can be edited unseen.

    hash = sha256(prev_hash + canonical JSON of seq, at, user, action, record and changes).
    """

    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=40)
    record_type = models.CharField(max_length=60, db_index=True)
    record_id = models.CharField(max_length=64, db_index=True)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.record_type}:{self.record_id}"


class Version(models.Model):
    """A full snapshot of a record (with its parts) after each change, for history and diffs."""

    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=64)
    number = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField()

    class Meta:
        ordering = ["record_type", "record_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "number"], name="version_unique_number"
            )
        ]
