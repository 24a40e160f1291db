"""Reports: publications linked to the incidents, actors and places they treat.

A report is written in one language; its translation is another report, linked both ways, with
its own editorial life (an Arabic version may be published after the English one). A report
moves draft -> review -> published; `published_at` in the future means scheduled: the public
selectors compare it with the current time, so nothing has to run at that moment.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REVIEW = "review", _("in review")
    PUBLISHED = "published", _("published")


class Language(models.TextChoices):
    EN = "en", _("English")
    AR = "ar", _("Arabic")


class AuthorKind(models.TextChoices):
    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")


class Author(models.Model):
    """A byline as the public sees it: a writer or the organisation that publishes.

    Deliberately not a user account: staff log-in names never appear on the public portal.
    """

    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    kind = models.CharField(_("kind"), max_length=12, choices=AuthorKind.choices, default=AuthorKind.PERSON)
    bio_en = models.TextField(_("about (English)"), blank=True)
    bio_ar = models.TextField(_("about (Arabic)"), blank=True)

    class Meta:
        ordering = ["name_en", "name_ar"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "ar":
            return self.name_ar or self.name_en
        return self.name_en or self.name_ar

    @property
    def bio(self) -> str:
        if translation.get_language() == "ar":
            return self.bio_ar or self.bio_en
        return self.bio_en or self.bio_ar


class Tag(models.Model):
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=100, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "ar":
            return self.name_ar or self.name_en or self.slug
        return self.name_en or self.name_ar or self.slug


class Report(Record):
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.EN)
    title = models.CharField(_("title"), max_length=500)
    slug = models.SlugField(max_length=120, unique=True, allow_unicode=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    authors = models.ManyToManyField(Author, blank=True, related_name="reports", verbose_name=_("authors"))
    tags = models.ManyToManyField(Tag, blank=True, related_name="reports", verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    # When a published report is (or becomes) public; in the future = scheduled.
    published_at = models.DateTimeField(_("publication time"), null=True, blank=True, db_index=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )
    # The same report in the other language; kept symmetric by the services.
    translation = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("translation")
    )
    review_note = models.TextField(_("note to the author"), blank=True)
    # Normalised word counts of title, summary and text, kept by the services, so related
    # reports are scored without re-reading every text (sijill.publishing.similarity).
    terms = models.JSONField(default=dict, blank=True, editable=False)
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="reports")
    actors = models.ManyToManyField("actors.Actor", blank=True, related_name="reports")
    places = models.ManyToManyField("places.Place", blank=True, related_name="reports")

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="report_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(translation__isnull=True) | ~Q(translation=models.F("id")),
                name="report_not_own_translation",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def direction(self) -> str:
        return "rtl" if self.language == Language.AR else "ltr"

    @property
    def is_scheduled(self) -> bool:
        return self.status == ReportStatus.PUBLISHED and self.published_at is not None and self.published_at > timezone.now()

    @property
    def is_public(self) -> bool:
        return (
            self.status == ReportStatus.PUBLISHED and self.published_at is not None
            and self.published_at <= timezone.now() and self.confidentiality == Confidentiality.PUBLIC
            and self.deleted_at is None
        )
