"""Incidents, the acts (violations) within them, and the claims of who perpetrated each act."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality
from sijill.places.models import Precision as PlacePrecision


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    RANGE = "range", _("range")


CASUALTY_GROUPS = ("children", "women", "men", "combatants")
CASUALTY_OUTCOMES = ("killed", "injured")


def _casualty_fields() -> dict[str, models.Field]:
    fields = {}
    for outcome in CASUALTY_OUTCOMES:
        for group in ("total", *CASUALTY_GROUPS):
            for bound in ("min", "max"):
                name = f"{outcome}_{group}_{bound}"
                fields[name] = models.PositiveIntegerField(null=True, blank=True)
    return fields


def _casualty_constraints() -> list[models.BaseConstraint]:
    constraints = []
    for outcome in CASUALTY_OUTCOMES:
        for group in ("total", *CASUALTY_GROUPS):
            lo, hi = f"{outcome}_{group}_min", f"{outcome}_{group}_max"
            constraints.append(
                models.CheckConstraint(
                    condition=Q(**{f"{lo}__isnull": True}) | Q(**{f"{hi}__isnull": True}) | Q(**{f"{lo}__lte": F(hi)}),
                    name=f"incident_{outcome}_{group}_min_le_max",
                )
            )
    return constraints


class Incident(Record):
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"))
    date_precision = models.CharField(
        _("date precision"), max_length=6, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="incidents",
        verbose_name=_("place"),
    )
    place_precision = models.CharField(
        _("place precision"), max_length=12, choices=PlacePrecision.choices, default=PlacePrecision.COMMUNITY
    )
    # Copy of the place's path, kept by the service, so "everything in a governorate" is one
    # indexed prefix scan on this table instead of a join.
    place_path = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    location_note = models.CharField(_("location detail"), max_length=500, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    grading = models.ForeignKey(
        "vocabularies.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "grading"}, verbose_name=_("grading"),
    )
    status = models.ForeignKey(
        "vocabularies.Term", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "verification_status"}, verbose_name=_("verification status"),
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="incidents", verbose_name=_("sources"))
    search_text = models.TextField(blank=True, editable=False)
    locals().update(_casualty_fields())

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["confidentiality", "deleted_at", "-start_date", "-id"], name="incident_list_idx"),
            # Partial covering indexes over the live rows, so the exact totals of the list (all,
            # by date range, by place subtree) are counted from an index alone. `deleted_at` is a
            # column too: without it SQLite does not treat the index as covering.
            models.Index(fields=["confidentiality", "deleted_at"], condition=Q(deleted_at__isnull=True),
                         name="incident_live_conf_idx"),
            models.Index(fields=["end_date", "start_date", "confidentiality", "deleted_at"],
                         condition=Q(deleted_at__isnull=True), name="incident_live_dates_idx"),
            models.Index(fields=["place_path", "confidentiality", "deleted_at"], condition=Q(deleted_at__isnull=True),
                         name="incident_live_place_idx",
                         # PostgreSQL: LIKE 'path%' needs the pattern operator class (ignored on SQLite)
                         opclasses=["varchar_pattern_ops", "int2_ops", "timestamptz_ops"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="incident_end_not_before_start"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="incident_latitude_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="incident_longitude_range",
            ),
            *_casualty_constraints(),
        ]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def title(self) -> str:
        if translation.get_language() == "ar":
            return self.title_ar or self.title_en
        return self.title_en or self.title_ar

    def casualty_rows(self) -> list[tuple[str, list[str]]]:
        """(outcome label, one range per group: total, children, women, men, combatants).

        A range reads "3", "3–5", "–5" (only a maximum known) or "" (nothing known).
        """
        labels = {"killed": _("killed"), "injured": _("injured")}
        rows = []
        for outcome in CASUALTY_OUTCOMES:
            cells = []
            for group in ("total", *CASUALTY_GROUPS):
                low = getattr(self, f"{outcome}_{group}_min")
                high = getattr(self, f"{outcome}_{group}_max")
                text = "" if low is None else str(low)
                if high is not None and high != low:
                    text += f"–{high}"
                cells.append(text)
            rows.append((labels[outcome], cells))
        return rows


class Degree(models.TextChoices):
    DIRECT = "direct", _("direct")
    ORDERED = "ordered", _("ordered")
    COMPLICIT = "complicit", _("complicit")
    ALLEGED = "alleged", _("alleged")


class Confidence(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class Act(models.Model):
    """One violation within an incident, against its victims."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="acts")
    violation_type = models.ForeignKey(
        "vocabularies.Term", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "violation_type"}, verbose_name=_("violation type"),
    )
    method = models.ForeignKey(
        "vocabularies.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "weapon"}, verbose_name=_("weapon or method"),
    )
    legal_qualification = models.CharField(_("legal qualification"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    victims = models.ManyToManyField("people.Person", through="Victim", related_name="acts")
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="acts")

    class Meta:
        ordering = ["incident", "id"]

    def __str__(self) -> str:
        return str(self.violation_type)


class Outcome(models.TextChoices):
    KILLED = "killed", _("killed")
    INJURED = "injured", _("injured")
    DETAINED = "detained", _("detained")
    DISAPPEARED = "disappeared", _("disappeared")
    DISPLACED = "displaced", _("displaced")
    OTHER = "other", _("other")


class Victim(models.Model):
    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="victim_links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="victim_links")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.KILLED)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["act", "person"], name="victim_once_per_act")]


class PerpetrationClaim(models.Model):
    """A claim, by one or more sources, that an actor perpetrated an act. Claims may compete."""

    act = models.ForeignKey(Act, on_delete=models.CASCADE, related_name="claims")
    actor = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="claims", verbose_name=_("actor"))
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, default=Degree.ALLEGED)
    confidence = models.CharField(_("confidence"), max_length=6, choices=Confidence.choices, default=Confidence.MEDIUM)
    note = models.TextField(_("note"), blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="claims")

    class Meta:
        ordering = ["act", "id"]
