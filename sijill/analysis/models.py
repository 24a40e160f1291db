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


CLEARANCES = (0, 1, 2, 3)  # the levels a fact row carries victim counts for (Confidentiality)
GRAIN_ROWS = 0  # one row per act (or act-less incident) and actor node, or per overlap term
GRAIN_YEARS = 1  # the same rows summed per actor node, violation type, district and years
GRAIN_COUNTRY = 2  # GRAIN_YEARS summed over the districts: for figures without places
UNTYPED = 2  # GRAIN_YEARS + UNTYPED, GRAIN_COUNTRY + UNTYPED: also summed over violation types


class Fact(models.Model):
    """Additive figures of the record, flattened for filtered analysis (see `facts.py`).

    Every measure here is a count or a sum that adds up over any set of rows, so a filtered
    figure is one SUM over the rows its filters select, never a distinct count:

    - one row per act and per *actor node* of the act: '' (every act), the path of each actor
      with a claim on it and of each of that actor's parents (its subtree), and the path + "="
      (claims against that actor itself); an incident without acts has one row at node ''.
      `incidents` is 1 on the first act of the incident at that node (`incidents_typed`: the
      first of that violation type), so distinct incidents are summed; the casualty figures sit
      on those rows only.
    - victims are counted per victim link, by the clearance the person needs (`victims_2`:
      links a viewer of clearance 2 sees). An individual with several links (a person in two
      incidents, records merged by linkage) is counted once by inclusion-exclusion: a row per
      set of two or more of its links, with what the set has in common (the deepest shared place,
      the latest start and earliest end date, a type or year only if all share it, the highest
      confidentiality, the nodes of every act) and -1 or +1 for each count. A filter or bucket
      that holds every link of a set takes its row too, so the individual counts once in it.

    `grain` GRAIN_YEARS holds the same rows summed per node, violation type, confidentiality,
    district and start/end year: filters by district or coarser and by whole years read it;
    GRAIN_COUNTRY the same without the district, for figures that need no place; each of the two
    also summed over the violation types (grain + UNTYPED), for figures that need no type.
    """

    grain = models.SmallIntegerField(default=GRAIN_ROWS)
    node = models.CharField(max_length=260, blank=True)
    incident_id = models.BigIntegerField(null=True)  # null on overlap rows and the summed grain
    incident_confidentiality = models.SmallIntegerField()
    start_date = models.DateField()  # GRAIN_YEARS: the first day of the year
    end_date = models.DateField()
    place_path = models.CharField(max_length=200, blank=True)  # GRAIN_YEARS: as area_path
    area_path = models.CharField(max_length=200, blank=True)  # place_path down to the district
    status = models.CharField(max_length=60, blank=True)
    grading = models.CharField(max_length=60, blank=True)
    violation_type = models.CharField(max_length=60, null=True)
    year = models.SmallIntegerField(null=True)  # of the start date (an overlap row: if shared)
    month = models.DateField(null=True)  # first day of the start month; null in GRAIN_YEARS
    incidents = models.IntegerField(default=0)
    incidents_typed = models.IntegerField(default=0)
    acts = models.IntegerField(default=0)
    # The incident's own casualty figures, on its `incidents` rows and on its `incidents_typed` rows.
    killed_total_min = models.IntegerField(null=True)
    killed_total_max = models.IntegerField(null=True)
    killed_children_min = models.IntegerField(null=True)
    killed_children_max = models.IntegerField(null=True)
    killed_women_min = models.IntegerField(null=True)
    killed_women_max = models.IntegerField(null=True)
    typed_killed_total_min = models.IntegerField(null=True)
    typed_killed_total_max = models.IntegerField(null=True)
    typed_killed_children_min = models.IntegerField(null=True)
    typed_killed_children_max = models.IntegerField(null=True)
    typed_killed_women_min = models.IntegerField(null=True)
    typed_killed_women_max = models.IntegerField(null=True)
    victims_0 = models.IntegerField(default=0)
    victims_1 = models.IntegerField(default=0)
    victims_2 = models.IntegerField(default=0)
    victims_3 = models.IntegerField(default=0)
    civilians_0 = models.IntegerField(default=0)
    civilians_1 = models.IntegerField(default=0)
    civilians_2 = models.IntegerField(default=0)
    civilians_3 = models.IntegerField(default=0)
    children_0 = models.IntegerField(default=0)
    children_1 = models.IntegerField(default=0)
    children_2 = models.IntegerField(default=0)
    children_3 = models.IntegerField(default=0)
    women_0 = models.IntegerField(default=0)
    women_1 = models.IntegerField(default=0)
    women_2 = models.IntegerField(default=0)
    women_3 = models.IntegerField(default=0)

    class Meta:
        indexes = [
            # PostgreSQL: LIKE 'path%' needs the pattern operator class (ignored on SQLite).
            models.Index(fields=["grain", "node", "place_path", "incident_confidentiality"],
                         name="analysis_fact_place_idx", opclasses=["int2_ops", "varchar_pattern_ops",
                                                                    "varchar_pattern_ops", "int2_ops"]),
            models.Index(fields=["grain", "node", "start_date"], name="analysis_fact_dates_idx"),
            models.Index(fields=["grain", "node", "end_date"], name="analysis_fact_ends_idx"),
            models.Index(fields=["grain", "node", "violation_type"], name="analysis_fact_type_idx"),
            models.Index(fields=["grain", "node", "incident_id"], name="analysis_fact_incident_idx"),
        ]

    def __str__(self) -> str:
        return f"grain {self.grain}, node {self.node!r}, incident {self.incident_id}"
