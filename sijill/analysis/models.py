"""Stored summaries: the unfiltered dashboard per clearance level, computed ahead of time.

On a large record (hundreds of thousands of incidents) the distinct counts behind the dashboard
take seconds; the figures are computed once per clearance level and kept here with the data
version they were computed at (`summaries.data_version`). A page shows them while they are
current, and while a newer computation runs it shows them with their time.
"""

from __future__ import annotations

from django.db import models


class Summary(models.Model):
    key = models.CharField(max_length=40)
    clearance = models.SmallIntegerField()
    data_version = models.CharField(max_length=100)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "clearance"], name="analysis_summary_once")]

    def __str__(self) -> str:
        return f"{self.key} at clearance {self.clearance} ({self.computed_at:%Y-%m-%d %H:%M})"
