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


class Fact(models.Model):
    """One countable thing of the record, flattened for filtered analysis (see `facts.py`).

    One row per victim link and perpetration claim of each act (an act without claims or
    victims, and an incident without acts, still has one row), carrying what filters and
    breakdowns read: the incident's dates, place path, status, grading and confidentiality, the
    act's violation type, the claim's actor path, the victim's individual (cluster or person)
    with its confidentiality and civilian, child and woman flags, and the incident's casualty
    figures. Counts are distinct incidents, acts and individuals over these rows, and casualty
    figures are summed over the distinct incidents, so they equal the live queries exactly.
    """

    incident_id = models.BigIntegerField()
    incident_confidentiality = models.SmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()
    place_path = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=60, blank=True)
    grading = models.CharField(max_length=60, blank=True)
    act_id = models.BigIntegerField(null=True)
    violation_type = models.CharField(max_length=60, null=True)
    actor_path = models.CharField(max_length=255, null=True)
    individual = models.BigIntegerField(null=True)  # -cluster id or person id, as selectors.visible_victims
    person_confidentiality = models.SmallIntegerField(null=True)
    civilian = models.BooleanField(default=False)
    child = models.BooleanField(default=False)
    woman = models.BooleanField(default=False)
    # The incident's own casualty figures, repeated on each of its rows: summed once per incident.
    killed_total_min = models.IntegerField(null=True)
    killed_total_max = models.IntegerField(null=True)
    killed_children_min = models.IntegerField(null=True)
    killed_children_max = models.IntegerField(null=True)
    killed_women_min = models.IntegerField(null=True)
    killed_women_max = models.IntegerField(null=True)

    class Meta:
        indexes = [
            # PostgreSQL: LIKE 'path%' needs the pattern operator class (ignored on SQLite).
            models.Index(fields=["place_path", "incident_confidentiality"], name="analysis_fact_place_idx",
                         opclasses=["varchar_pattern_ops", "int2_ops"]),
            models.Index(fields=["actor_path", "incident_confidentiality"], name="analysis_fact_actor_idx",
                         opclasses=["varchar_pattern_ops", "int2_ops"]),
            models.Index(fields=["start_date", "end_date"], name="analysis_fact_dates_idx"),
            models.Index(fields=["violation_type", "incident_confidentiality"], name="analysis_fact_type_idx"),
        ]

    def __str__(self) -> str:
        return f"incident {self.incident_id}, act {self.act_id}, individual {self.individual}"
