"""Places from the gazetteer: OCHA admin hierarchy for Syria and Iraq, names in both scripts."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    COUNTRY = 0, _("country")
    GOVERNORATE = 1, _("governorate")
    DISTRICT = 2, _("district")
    SUBDISTRICT = 3, _("sub-district")
    COMMUNITY = 4, _("community")
    NEIGHBOURHOOD = 5, _("neighbourhood")


class Precision(models.TextChoices):
    """How exactly a record's place is known."""

    EXACT = "exact", _("exact location")
    COMMUNITY = "community", _("village or town")
    SUBDISTRICT = "subdistrict", _("sub-district")
    DISTRICT = "district", _("district")
    GOVERNORATE = "governorate", _("governorate")


class Place(models.Model):
    pcode = models.CharField(max_length=32, unique=True)
    country = models.CharField(max_length=2)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    name_en = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200, blank=True)
    alt_names = models.JSONField(default=list, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Materialised path of p-codes, "SY/SY09/SY0902/SY090200/C1234/": a prefix match finds
    # everything below a place in one indexed range scan.
    path = models.CharField(max_length=200, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    search_names = models.TextField(blank=True, help_text="normalised names and variants")

    class Meta:
        ordering = ["level", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "ar" and self.name_ar:
            return self.name_ar
        return self.name_en
