"""Sources: where each piece of information came from, graded for reliability and credibility."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality
from sijill.security.fields import BlindIndexField, EncryptedTextField


class Source(Record):
    title = models.CharField(_("title"), max_length=500)
    source_type = models.ForeignKey(
        "vocabularies.Term", on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "source_type"}, verbose_name=_("source type"),
    )
    reliability = models.ForeignKey(
        "vocabularies.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "reliability"}, verbose_name=_("reliability"),
    )
    credibility = models.ForeignKey(
        "vocabularies.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "credibility"}, verbose_name=_("credibility"),
    )
    published_on = models.DateField(_("date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    url = models.URLField(_("original URL"), max_length=2000, blank=True)
    archived_url = models.URLField(_("archived copy"), max_length=2000, blank=True)
    origin = models.CharField(
        _("origin"), max_length=300, blank=True,
        help_text=_("organisation, outlet or person the information comes from"),
    )
    content = models.TextField(_("content"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )
    # Who gave the information: encrypted with a key kept outside the database (sijill.security).
    witness_name = EncryptedTextField(
        _("witness name"), blank=True, help_text=_("stored encrypted; searchable by the exact name only"),
    )
    witness_contact = EncryptedTextField(_("witness contact"), blank=True, help_text=_("stored encrypted"))
    witness_name_index = BlindIndexField(of="witness_name")

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title
