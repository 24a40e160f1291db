"""Verification and case building: the review of each record, corroboration by independent
sources, crimes and their legal elements, cases, and the command structure of actors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality


class State(models.TextChoices):
    RECEIVED = "received", _("waiting for review")
    IN_REVIEW = "in_review", _("in review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected")


# The incident's verification status (vocabulary code) for each review state.
STATUS_OF_STATE = {
    State.RECEIVED: "received",
    State.IN_REVIEW: "under-review",
    State.CHANGES_REQUESTED: "under-review",
    State.VERIFIED: "verified",
    State.REJECTED: "rejected",
}


class RecordKind(models.TextChoices):
    INCIDENT = "incident", _("incident")
    PERSON = "person", _("person")
    SOURCE = "source", _("source")


class ReviewItem(models.Model):
    """The review of one incident, person or source: its state, reviewer and checklist."""

    kind = models.CharField(_("kind"), max_length=8, choices=RecordKind.choices)
    incident = models.OneToOneField("incidents.Incident", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="review_item")
    person = models.OneToOneField("people.Person", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="review_item")
    source = models.OneToOneField("sources.Source", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="review_item")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.RECEIVED, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="review_items", verbose_name=_("reviewer"))
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["assignee", "state"], name="review_item_assignee_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="incident", incident__isnull=False, person__isnull=True, source__isnull=True)
                    | Q(kind="person", incident__isnull=True, person__isnull=False, source__isnull=True)
                    | Q(kind="source", incident__isnull=True, person__isnull=True, source__isnull=False)
                ),
                name="review_item_one_record_of_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.record_id}: {self.get_state_display()}"

    @property
    def record(self):
        return getattr(self, self.kind)

    @property
    def record_id(self):
        return getattr(self, f"{self.kind}_id")


class ReviewEvent(models.Model):
    """One step of a review (submitted, assigned, review started, changes requested, ...)."""

    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    note = models.TextField(blank=True)
    checklist = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["item", "at", "id"]


class ReviewComment(models.Model):
    item = models.ForeignKey(ReviewItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "at", "id"]


class Notification(models.Model):
    """A message in a user's in-app inbox (also sent by e-mail when mail is configured)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_notifications")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    item = models.ForeignKey(ReviewItem, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(max_length=20)
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="review_notification_inbox_idx")]


class SourceOrigin(models.Model):
    """A source's origin key (see origins.py) and, for a repost or copy, the source it derives from.

    Kept in step with the source on every save (signals.py) and rebuilt by
    `sijill review_origins` after bulk imports, so the queues can count origins in SQL.
    """

    source = models.OneToOneField("sources.Source", primary_key=True, on_delete=models.CASCADE,
                                  related_name="origin_link")
    derived_from = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="derivatives", verbose_name=_("derived from"))
    key = models.CharField(max_length=400, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)


class CorroborationSummary(models.Model):
    """What the work queues need to know of one incident's sources and claims, kept by the services
    so that counting a queue is an indexed query, not a pass over every link (see
    services.corroboration_refresh; `sijill review_origins` rebuilds every row after bulk writes).

    `corroborated_from`: the lowest clearance at which the incident has two or more independent
    sources (sources of one origin count once), None when it never has; so an incident is
    single-source for a user cleared to c unless corroborated_from <= c. `contested`: an act of
    the incident is claimed for two or more parties (the unknown actor aside). `open` (received or
    under review, not deleted) and `confidentiality` are the incident's own, copied so that the
    dashboard counts read this table's index alone.
    """

    incident = models.OneToOneField("incidents.Incident", primary_key=True, on_delete=models.CASCADE,
                                    related_name="corroboration_summary")
    open = models.BooleanField(default=True)
    confidentiality = models.PositiveSmallIntegerField(default=0)
    corroborated_from = models.PositiveSmallIntegerField(null=True, blank=True)
    contested = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["open", "confidentiality", "corroborated_from"], name="review_summary_single_idx"),
            models.Index(fields=["open", "confidentiality"], condition=Q(contested=True),
                         name="review_summary_contested_idx"),
        ]


class Aspect(models.TextChoices):
    DATE = "date", _("date")
    PLACE = "place", _("place")
    CASUALTIES = "casualties", _("casualty figure")
    PERPETRATOR = "perpetrator", _("perpetrator")


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    CONTRADICTS = "contradicts", _("contradicts")


class ClaimAssessment(models.Model):
    """What one source says about one claim of an incident: it supports or contradicts it."""

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="claim_assessments")
    aspect = models.CharField(_("claim"), max_length=12, choices=Aspect.choices)
    perpetration_claim = models.ForeignKey("incidents.PerpetrationClaim", null=True, blank=True,
                                           on_delete=models.CASCADE, related_name="assessments")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="claim_assessments")
    stance = models.CharField(_("stance"), max_length=12, choices=Stance.choices)
    value = models.CharField(_("what the source says"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["incident", "aspect", "id"]


class Framework(models.TextChoices):
    WAR_CRIME = "war-crime", _("war crime (Rome Statute art. 8)")
    CRIME_AGAINST_HUMANITY = "cah", _("crime against humanity (Rome Statute art. 7)")
    IHL_RULE = "ihl-rule", _("customary IHL rule (ICRC study)")


class Crime(models.Model):
    """A crime or IHL rule, bilingual, with the violation types that may amount to it."""

    code = models.SlugField(max_length=60, unique=True)
    framework = models.CharField(max_length=10, choices=Framework.choices)
    article = models.CharField(max_length=80)
    title_en = models.CharField(max_length=200)
    title_ar = models.CharField(max_length=200)
    violation_types = models.JSONField(default=list, blank=True,
                                       help_text="violation_type codes whose acts may amount to this crime")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return f"{self.title} ({self.article})"

    @property
    def title(self) -> str:
        return self.title_ar if translation.get_language() == "ar" else self.title_en


class ElementKind(models.TextChoices):
    CONDUCT = "conduct", _("conduct")
    CONSEQUENCE = "consequence", _("consequence")
    CIRCUMSTANCE = "circumstance", _("circumstance")
    MENTAL = "mental", _("mental element")
    CONTEXTUAL = "contextual", _("contextual element")


class CrimeElement(models.Model):
    """One element of a crime (ICC Elements of Crimes wording, shortened), and how the record's
    structured data can support it (`indicator`; empty: only evidence the analyst links)."""

    crime = models.ForeignKey(Crime, on_delete=models.CASCADE, related_name="elements")
    number = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=ElementKind.choices)
    text_en = models.TextField()
    text_ar = models.TextField()
    indicator = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["crime", "number"]
        constraints = [models.UniqueConstraint(fields=["crime", "number"], name="crime_element_number_unique")]

    def __str__(self) -> str:
        return f"{self.crime.code} {self.number}"

    @property
    def text(self) -> str:
        return self.text_ar if translation.get_language() == "ar" else self.text_en


class CaseScope(models.TextChoices):
    ACTOR = "actor", _("an actor (with its units)")
    UNIT = "unit", _("a unit")
    PLACE_PERIOD = "place_period", _("a place and period")
    PATTERN = "pattern", _("a pattern of violations")


class Case(Record):
    """A case file in the making: the acts in its scope, read against the elements of its crimes."""

    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    scope = models.CharField(_("scope"), max_length=14, choices=CaseScope.choices)
    actor = models.ForeignKey("actors.Actor", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("actor or unit"))
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("place"))
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    violation_types = models.JSONField(_("violation types"), default=list, blank=True)
    crimes = models.ManyToManyField(Crime, related_name="cases", verbose_name=_("crimes"))
    description = models.TextField(_("description"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if translation.get_language() == "ar":
            return self.title_ar or self.title_en
        return self.title_en or self.title_ar


class ElementLink(models.Model):
    """Evidence an analyst links to one element of a crime in a case: an act, a source, an evidence
    item or a witness, with a note on what it shows."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="element_links")
    element = models.ForeignKey(CrimeElement, on_delete=models.PROTECT, related_name="links")
    act = models.ForeignKey("incidents.Act", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    evidence = models.ForeignKey("evidence.EvidenceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    witness = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("what it shows"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "element", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(act__isnull=False) | Q(source__isnull=False) | Q(evidence__isnull=False)
                | Q(witness__isnull=False),
                name="element_link_points_at_something",
            ),
        ]


class Subordination(models.Model):
    """A unit was part of a parent actor from one date to another, as sources say."""

    unit = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="subordinations")
    parent = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="subordinate_links")
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="+")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "date_from"]
        constraints = [
            models.CheckConstraint(condition=~Q(unit=models.F("parent")), name="subordination_not_to_itself"),
            models.CheckConstraint(
                condition=Q(date_from__isnull=True) | Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="subordination_dates_in_order",
            ),
        ]


class Command(models.Model):
    """A person commanded a unit (or actor) from one date to another, as sources say."""

    unit = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="commands")
    commander = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="commands")
    position = models.CharField(_("position"), max_length=200, blank=True)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="+")
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "date_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__isnull=True) | Q(date_to__isnull=True) | Q(date_to__gte=models.F("date_from")),
                name="command_dates_in_order",
            ),
        ]
