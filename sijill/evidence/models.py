"""Evidence items: immutable originals with their acquisition, custody log and timestamps.

The bytes live in the vault (`storage.py`), addressed by SHA-256; these rows describe them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality


class Kind(models.TextChoices):
    PHOTO = "photo", _("photo")
    VIDEO = "video", _("video")
    AUDIO = "audio", _("audio")
    DOCUMENT = "document", _("document")
    ARCHIVE = "archive", _("archive")
    OTHER = "other", _("other")


class Method(models.TextChoices):
    DEVICE = "device", _("captured on a device")
    URL = "url", _("downloaded from a URL")
    MESSENGER = "messenger", _("received by messenger")
    DRIVE = "drive", _("copied from a drive")
    OTHER = "other", _("other")


class TimestampStatus(models.TextChoices):
    NONE = "none", _("not requested")
    PENDING = "pending", _("pending")
    GRANTED = "granted", _("granted")


class EvidenceItem(Record):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    sha512 = models.CharField(max_length=128, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    mime_type = models.CharField(_("type"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=255)
    title = models.CharField(_("title"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )
    metadata = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    has_thumbnail = models.BooleanField(default=False)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates",
        help_text=_("the first item with the same bytes; the file is stored once"),
    )
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives",
        help_text=_("the original this working copy (e.g. a redacted version) was made from"),
    )
    derivation = models.CharField(max_length=200, blank=True)
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="evidence_items")
    timestamp_status = models.CharField(max_length=10, choices=TimestampStatus.choices, default=TimestampStatus.NONE)
    timestamp_token = models.BinaryField(null=True, blank=True)
    timestamp_time = models.DateTimeField(null=True, blank=True)
    timestamp_attempts = models.PositiveIntegerField(default=0)
    timestamp_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("evidence item")

    def __str__(self) -> str:
        return self.title or self.original_name


class Acquisition(models.Model):
    """How an item came to us: who collected it, when, from whom or where, how, under what name."""

    item = models.OneToOneField(EvidenceItem, on_delete=models.CASCADE, related_name="acquisition")
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collector = models.CharField(_("collected by"), max_length=200, blank=True)
    collected_at = models.DateTimeField(_("collected at"), null=True, blank=True)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    method = models.CharField(_("how"), max_length=10, choices=Method.choices, default=Method.OTHER)
    original_name = models.TextField(_("original file name, as received"), blank=True)
    original_url = models.URLField(_("original URL"), max_length=2000, blank=True)
    notes = models.TextField(_("notes"), blank=True)


class CustodyAction(models.TextChoices):
    ACQUIRED = "acquired", _("acquired")
    UPLOADED = "uploaded", _("uploaded")
    VIEWED = "viewed", _("viewed")
    DOWNLOADED = "downloaded", _("downloaded")
    EXPORTED = "exported", _("exported")
    ACCESS_CHANGED = "access_changed", _("access changed")
    TRANSFERRED = "transferred", _("transferred")
    VERIFIED = "verified", _("verified")
    DERIVED = "derived", _("working copy made")
    LINKED = "linked", _("linked to an incident")
    TIMESTAMPED = "timestamped", _("timestamped")


class CustodyEvent(models.Model):
    """One step in an item's custody, chained to the one before by SHA-256 (see package_verify)."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="custody")
    seq = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=CustodyAction.choices)
    details = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["item", "seq"]
        constraints = [models.UniqueConstraint(fields=["item", "seq"], name="custody_unique_seq")]


class PerceptualHash(models.Model):
    """pHash of a photo or a video keyframe, to flag near-duplicates across the vault."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="phashes")
    value = models.CharField(max_length=16, db_index=True)


class Upload(models.Model):
    """A resumable API upload: chunks are appended to a part file until `finish` adds the item."""

    uid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.TextField()
    size = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    item = models.ForeignKey(EvidenceItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
