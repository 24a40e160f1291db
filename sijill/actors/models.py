"""Actors (parties, forces, armed groups, units) with aliases in both languages and a hierarchy."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record


class Actor(Record):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=80, unique=True)
    actor_type = models.ForeignKey(
        "vocabularies.Term", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        limit_choices_to={"kind": "actor_type"}, verbose_name=_("type"),
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="units",
        verbose_name=_("part of"),
    )
    # Materialised path of actor ids, "/3/17/": a prefix match finds an actor and its sub-units.
    path = models.CharField(max_length=255, db_index=True, blank=True)
    acled_inter_code = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "ar" and self.name_ar:
            return self.name_ar
        return self.name_en


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=5, choices=[("ar", "Arabic"), ("en", "English")])
    normalised = models.CharField(max_length=200, db_index=True)

    class Meta:
        ordering = ["actor", "name"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "normalised"], name="alias_unique_per_actor")
        ]

    def __str__(self) -> str:
        return self.name
