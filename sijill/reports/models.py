"""Reports: bilingual publications linked to the incidents, actors and places they treat."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class Report(Record):
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_ar = models.TextField(_("text (Arabic)"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )
    incidents = models.ManyToManyField("incidents.Incident", blank=True, related_name="reports")
    actors = models.ManyToManyField("actors.Actor", blank=True, related_name="reports")
    places = models.ManyToManyField("places.Place", blank=True, related_name="reports")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        if translation.get_language() == "ar":
            return self.title_ar or self.title_en
        return self.title_en or self.title_ar
