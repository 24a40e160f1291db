"""Intake: saved column mappings, import runs, and the provenance of every imported record.

Provenance lives here, not on the imported records: `ImportRecord` ties a record (incident or
person) to the source and source record id it came from, the run and row that last wrote it and
a hash of that row as normalised, so a re-import knows what is new, changed or unchanged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality


class Target(models.TextChoices):
    INCIDENT = "incident", _("incidents")
    PERSON = "person", _("persons")


class Mapping(models.Model):
    """A saved, reusable mapping of a file's columns to record fields, made in the wizard.

    spec = {"key": [column, ...], "fields": {field: column}, "values": {field: {raw: code}},
            "constants": {field: value}, "place": [column, ...], "actors": column}
    """

    name = models.SlugField(_("name"), max_length=80, unique=True)
    target = models.CharField(_("record type"), max_length=10, choices=Target.choices)
    source_name = models.CharField(_("source name"), max_length=100)
    spec = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    INTERRUPTED = "interrupted", _("interrupted")
    CANCELLED = "cancelled", _("cancelled")
    STOPPED = "stopped", _("stopped at an error")
    FAILED = "failed", _("failed")
    DONE = "done", _("done")


# A run in one of these states may be resumed by importing the same file again.
RESUMABLE = (RunStatus.RUNNING, RunStatus.INTERRUPTED, RunStatus.QUEUED)


class OnError(models.TextChoices):
    STOP = "stop", _("stop at the first error")
    SKIP = "skip", _("import the valid rows, set the rejected ones aside")


class ImportRun(models.Model):
    """One import (or dry run) of one file with one mapping, committed batch by batch."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=300)
    file_path = models.CharField(max_length=1000)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    file_format = models.CharField(max_length=10, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=2, blank=True)
    columns = models.JSONField(default=list, blank=True)
    mapping_name = models.CharField(max_length=80, blank=True)
    dry_run = models.BooleanField(default=False)
    on_error = models.CharField(max_length=4, choices=OnError.choices, default=OnError.SKIP)
    confidentiality = models.PositiveSmallIntegerField(choices=Confidentiality.choices,
                                                       default=Confidentiality.INTERNAL)
    batch_size = models.PositiveIntegerField(default=2000)
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.DRAFT, db_index=True)
    cancel_requested = models.BooleanField(default=False)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    # The last row (spreadsheet numbering, header = 1; JSON: line number) of the last committed
    # batch: a resumed run starts after it.
    last_row = models.PositiveIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    batches = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    rejects_path = models.CharField(max_length=1000, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.mapping_name}, {self.status})"

    @property
    def rows_done(self) -> int:
        return self.rows_read

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.CANCELLED, RunStatus.STOPPED, RunStatus.FAILED)


class ImportRecord(models.Model):
    """Where an imported record came from: source, source record id, the run and row, the row hash."""

    source = models.CharField(max_length=100)
    source_key = models.CharField(max_length=300)
    # A second id the source uses to refer to the record (Airwars incident codes, to which the
    # victims file points), not necessarily unique.
    alt_key = models.CharField(max_length=300, blank=True, db_index=True)
    target_type = models.CharField(max_length=10, choices=Target.choices)
    target_id = models.BigIntegerField(db_index=True)
    first_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="records")
    row_number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    # Parts the import made for the record (the incident's act), so an update replaces only them.
    parts = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target_type", "source_key"], name="import_record_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.source_key} -> {self.target_type} {self.target_id}"


class IssueKind(models.TextChoices):
    PLACE_UNRESOLVED = "place", _("place not found in the gazetteer")
    PLACE_VARIANT = "place-variant", _("place matched through a spelling variant")
    PLACE_OUTSIDE = "place-outside", _("place found outside the governorate the row names")
    ACTOR_UNRESOLVED = "actor", _("actor not found among actors and aliases")
    LINK_UNRESOLVED = "link", _("record it refers to not found")
    VALUE_KEPT_AS_NOTE = "note", _("value kept as a note, not as a field")
    ATTACHMENT = "attachment", _("attachment not stored")


class ImportIssue(models.Model):
    """A value that did not resolve (or resolved only approximately), listed once per run for review."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="issues")
    kind = models.CharField(max_length=16, choices=IssueKind.choices)
    column = models.CharField(max_length=200)
    value = models.CharField(max_length=500)
    count = models.PositiveIntegerField(default=1)
    first_row = models.PositiveIntegerField()
    candidates = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["kind", "-count", "value"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "column", "value"], name="import_issue_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value} ({self.count})"


class ImportRejection(models.Model):
    """A row that was not imported, with its values as read and every reason, written with its batch.

    The rejected rows of a run are offered as a CSV in the file's own columns plus the reasons,
    to be corrected and imported again.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rejections")
    row_number = models.PositiveIntegerField()
    values = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)  # [{"column", "value", "message"}]

    class Meta:
        ordering = ["run", "row_number"]

    def __str__(self) -> str:
        return f"row {self.row_number}: {self.reasons}"
