"""A draft: a report's text, what the extractor found in it, and the analyst's review of each item."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality


class Draft(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("incident created")
        ATTACHED = "attached", _("attached to an incident")
        REJECTED = "rejected", _("rejected")

    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    extraction = models.JSONField(_("extraction"), default=dict)
    # kind -> item id (as text) -> {"decision": "accept" | "correct" | "reject", "value": ...}
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    # What the incident was built from: field -> {"kind", "item", "span", "text", "value"}
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="drafts")
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="drafts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title or self.text[:60]


# A batch read by no job for this long (a stopped worker, or none running) may be resumed.
STALE_SECONDS = 120


class ReportBatch(models.Model):
    """Many reports read at once from one file, in the background; each becomes a draft."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("reports"), default=0)
    done = models.PositiveIntegerField(_("read"), default=0)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    # [where, where the same text was read first] for every text the file gave twice
    repeats = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_batches")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # the last sign of life of the job reading it: queued, started, or a report read
    heartbeat = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stalled(self) -> bool:
        """Failed, or queued or running with no sign of life for STALE_SECONDS: its job has stopped."""
        if self.status == self.Status.FAILED:
            return True
        if self.status == self.Status.DONE:
            return False
        last = self.heartbeat or self.created_at
        return last is not None and (timezone.now() - last).total_seconds() > STALE_SECONDS


class BatchEntry(models.Model):
    """One report of a batch, stored before it is read: a batch stopped midway resumes where it was."""

    batch = models.ForeignKey(ReportBatch, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField()
    where = models.CharField(max_length=500)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    published_on = models.DateField(null=True, blank=True)
    lang = models.CharField(max_length=4, default="auto")
    draft = models.OneToOneField(Draft, null=True, blank=True, on_delete=models.SET_NULL, related_name="batch_entry")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="batch_entry_number_unique")]

    def __str__(self):
        return f"{self.batch} {self.where}"
