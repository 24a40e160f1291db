"""Versioned public dataset releases: each `sijill release` gets the next number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DatasetRelease(models.Model):
    """One published snapshot of the public incident database, with the checksums of its files."""

    number = models.PositiveIntegerField(_("release"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    incident_count = models.PositiveIntegerField(default=0)
    directory = models.CharField(max_length=1000)
    # file name -> SHA-256, as written in SHA256SUMS
    files = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("dataset release")

    def __str__(self) -> str:
        return f"release {self.number}"
