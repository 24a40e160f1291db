"""Record linkage: runs of the engine, the candidate pairs they propose, analysts' decisions on
them, and the canonical person clusters those decisions build.

Nothing here deletes or rewrites a person. A run proposes; an analyst decides; an accepted pair
joins the two persons' clusters; a split takes a person out again. Every person row, with its
sources and import provenance, stays as it was, so any merge can be undone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PERSONS = "persons", _("persons")
    INCIDENTS = "incidents", _("incidents")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class LinkRun(models.Model):
    """One run of the linkage engine over every person (or incident) in the database."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    backend = models.CharField(max_length=10, default="duckdb")
    threshold = models.FloatField(default=0.5)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.RUNNING)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    decisions_used = models.PositiveIntegerField(default=0)
    pair_count = models.PositiveIntegerField(default=0)
    cluster_count = models.PositiveIntegerField(default=0, help_text="clusters of two records or more")
    # Seconds spent in each stage: reading, linking, storing.
    timing = models.JSONField(default=dict, blank=True)
    # The engine's estimated parameters (m/u probabilities...), handed to the next run.
    parameters = models.JSONField(default=dict, blank=True)
    # Proposed clusters of two records or more, as lists of record ids.
    clusters = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("linkage run")

    def __str__(self) -> str:
        return f"{self.kind} run {self.pk} ({self.status})"


class CandidatePair(models.Model):
    """Two records a run proposes as one person (or incident), with the evidence for and against.

    `features` = {feature: {"left", "right", "level", "agrees", "weight"}}: the value on each side,
    the comparison level reached, whether it counts as agreement, and its match weight.
    """

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="pairs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Person or incident ids, left < right.
    left_id = models.BigIntegerField()
    right_id = models.BigIntegerField()
    match_weight = models.FloatField()
    match_probability = models.FloatField()
    features = models.JSONField(default=dict)

    class Meta:
        ordering = ["-match_weight", "id"]
        indexes = [
            models.Index(fields=["run", "-match_weight"], name="linkage_pair_run_weight"),
            models.Index(fields=["kind", "left_id", "right_id"], name="linkage_pair_ids"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(left_id__lt=models.F("right_id")), name="linkage_pair_ordered"),
            models.UniqueConstraint(fields=["run", "left_id", "right_id"], name="linkage_pair_once_per_run"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.left_id} ~ {self.right_id} ({self.match_weight:.1f})"


class Verdict(models.TextChoices):
    ACCEPT = "accept", _("same person")
    REJECT = "reject", _("different persons")
    SPLIT = "split", _("split from the cluster")


class Decision(models.Model):
    """An analyst's judgement on two records. The latest decision on a pair is the one in force;
    earlier ones stay as history. Accepted pairs are always clustered together by the next run,
    rejected and split ones never directly joined."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    left_id = models.BigIntegerField()
    right_id = models.BigIntegerField()
    verdict = models.CharField(max_length=6, choices=Verdict.choices)
    pair = models.ForeignKey(CandidatePair, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "left_id", "right_id", "-id"], name="linkage_decision_pair")]
        constraints = [
            models.CheckConstraint(condition=Q(left_id__lt=models.F("right_id")), name="linkage_decision_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.verdict} {self.kind} {self.left_id} ~ {self.right_id}"

    @property
    def is_match(self) -> bool:
        return self.verdict == Verdict.ACCEPT


class PersonCluster(models.Model):
    """One individual documented by several person records: the canonical person is the first
    record; every member keeps its own sources and provenance. Dissolved, never deleted."""

    canonical = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    dissolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("person cluster")

    def __str__(self) -> str:
        return f"cluster {self.pk} ({self.canonical_id})"


class ClusterMember(models.Model):
    """A person's membership of a cluster, from the decision that joined it to the one that
    took it out (if any): the membership history is the merge history."""

    cluster = models.ForeignKey(PersonCluster, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cluster_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    joined_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    left_at = models.DateTimeField(null=True, blank=True)
    left_by = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["cluster", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(left_at__isnull=True),
                                    name="linkage_person_in_one_cluster"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.cluster_id}"
