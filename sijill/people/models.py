"""Persons: victims, witnesses, perpetrators and source persons, named in both scripts."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import Record
from sijill.confidentiality import Confidentiality
from sijill.security.fields import EncryptedTextField


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "unknown", _("unknown")


class Status(models.TextChoices):
    CIVILIAN = "civilian", _("civilian")
    COMBATANT = "combatant", _("combatant")
    UNKNOWN = "unknown", _("unknown")


class Person(Record):
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_latin = models.CharField(_("name (Latin)"), max_length=300, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    is_child = models.BooleanField(_("child"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNKNOWN)
    origin = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("place of origin"),
    )
    death_date = models.DateField(_("date of death"), null=True, blank=True)
    death_place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("place of death"),
    )
    cause_of_death = models.CharField(_("cause of death"), max_length=200, blank=True, default="", db_default="")
    # Notes on a person hold what a seizure must not reveal (family, where they were held, who
    # told us): encrypted with a key kept outside the database (sijill.security). Names stay in
    # clear: victims' names are the public record the documentation exists to keep, and searched.
    notes = EncryptedTextField(_("notes"), blank=True, help_text=_("stored encrypted"))
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Confidentiality.choices, default=Confidentiality.INTERNAL, db_index=True
    )
    sources = models.ManyToManyField("sources.Source", blank=True, related_name="persons")
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age__isnull=True) | models.Q(age__lte=130), name="person_age_plausible"
            ),
            models.CheckConstraint(
                condition=models.Q(name_ar__gt="") | models.Q(name_latin__gt=""), name="person_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if translation.get_language() == "ar":
            return self.name_ar or self.name_latin
        return self.name_latin or self.name_ar


class NameScript(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    LATIN = "latin", _("Latin")


class PersonName(models.Model):
    """Another spelling of a person's name, as a source gave it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=300)
    script = models.CharField(max_length=6, choices=NameScript.choices)
    source = models.ForeignKey("sources.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["person", "id"]

    def __str__(self) -> str:
        return self.name
