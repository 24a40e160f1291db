"""A draft: a report's text, what the extractor found in it, and the analyst's review of each item."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.confidentiality import Confidentiality


class Draft(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", _("incident created")
        ATTACHED = "attached", _("attached to an incident")
        REJECTED = "rejected", _("rejected")

    title = models.CharField(_("title"), max_length=500, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    published_on = models.DateField(_("published"), null=True, blank=True)
    extraction = models.JSONField(_("extraction"), default=dict)
    # kind -> item id (as text) -> {"decision": "accept" | "correct" | "reject", "value": ...}
    decisions = models.JSONField(_("decisions"), default=dict, blank=True)
    # What the incident was built from: field -> {"kind", "item", "span", "text", "value"}
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="drafts")
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="drafts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafts")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title or self.text[:60]
