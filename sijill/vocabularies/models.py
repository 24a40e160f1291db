"""Controlled vocabularies: one table of bilingual terms, grouped by kind, editable by admins."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    VIOLATION_TYPE = "violation_type", _("violation type")
    WEAPON = "weapon", _("weapon or method")
    ACTOR_TYPE = "actor_type", _("actor type")
    GRADING = "grading", _("grading")
    VERIFICATION_STATUS = "verification_status", _("verification status")
    SOURCE_TYPE = "source_type", _("source type")
    RELIABILITY = "reliability", _("source reliability")
    CREDIBILITY = "credibility", _("information credibility")


class Term(models.Model):
    kind = models.CharField(max_length=40, choices=Kind.choices, db_index=True)
    code = models.SlugField(max_length=60)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_ar = models.CharField(_("label (Arabic)"), max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["kind", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="term_unique_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.label_ar if translation.get_language() == "ar" else self.label_en
