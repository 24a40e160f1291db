"""Writing persons: victims, witnesses, perpetrators and source persons."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sijill.audit.services import record_changed
from sijill.confidentiality import Confidentiality
from sijill.input_rules import (
    claim_next_version,
    number_in_range,
    reject_unknown_fields,
    require_clearance,
    require_edit_rights,
    require_role,
)
from sijill.security.crypto import sealed_fingerprint
from sijill.text.normalise import has_arabic, search_text

from .models import NameScript, Person, PersonName, Sex, Status

# Choices' `.values` builds a new list on every access; the bulk importer cleans millions of rows.
_SEXES = frozenset(Sex.values)
_STATUSES = frozenset(Status.values)
_LEVELS = frozenset(Confidentiality.values)

PERSON_FIELDS = ["name_ar", "name_latin", "sex", "age", "birth_year", "is_child", "status", "origin", "death_date",
                 "death_place", "cause_of_death", "notes", "confidentiality"]
# Stored encrypted: snapshots and audit diffs carry a keyed fingerprint, never the clear text.
SEALED_FIELDS = ("notes",)
# Foreign keys to the gazetteer: given and snapshotted as p-codes.
PLACE_FIELDS = ("origin", "death_place")


def sealed_snapshot_values(data: dict) -> dict:
    """*data* (a person's snapshot) with each sealed field replaced by its fingerprint."""
    for name in SEALED_FIELDS:
        if name in data:
            data[name] = sealed_fingerprint(data[name], context=f"people.Person.{name}")
    return data


def _clean(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    clean = dict(data)
    for name in ("name_ar", "name_latin"):
        value = " ".join((clean.get(name) or "").split())
        if len(value) > 300:
            errors.setdefault(name, []).append(_("At most 300 characters."))
        clean[name] = value
    if not (clean.get("name_ar") or clean.get("name_latin")):
        errors.setdefault("name_ar", []).append(_("Give the person's name in Arabic or Latin script (\"Unidentified\" is a name too)."))
    if clean.get("name_latin") and has_arabic(clean["name_latin"]) and not clean.get("name_ar"):
        # An Arabic name typed into the Latin field belongs in the Arabic one.
        clean["name_ar"], clean["name_latin"] = clean["name_latin"], ""
    for name, low, high in (("age", 0, 130), ("birth_year", 1880, 2100)):
        number_in_range(clean, errors, name, low, high)
    if clean.get("sex", Sex.UNKNOWN) not in _SEXES:
        errors.setdefault("sex", []).append(_("Unknown sex %(value)r.") % {"value": clean.get("sex")})
    if clean.get("status", Status.UNKNOWN) not in _STATUSES:
        errors.setdefault("status", []).append(_("Unknown status %(value)r.") % {"value": clean.get("status")})
    if clean.get("confidentiality", Confidentiality.INTERNAL) not in _LEVELS:
        errors.setdefault("confidentiality", []).append(_("Unknown confidentiality level."))
    for name in PLACE_FIELDS:
        place = clean.get(name)
        if place not in (None, "") and not hasattr(place, "pk"):
            from sijill.places.models import Place

            found = Place.objects.filter(pcode=str(place)).first()
            if found is None:
                errors.setdefault(name, []).append(_("Unknown place %(value)r; give a gazetteer p-code.") % {"value": place})
            clean[name] = found
        elif place == "":
            clean[name] = None
    died = clean.get("death_date")
    if died in (None, ""):
        clean["death_date"] = None
    elif not isinstance(died, date):
        try:
            clean["death_date"] = date.fromisoformat(str(died).strip())
        except ValueError:
            errors.setdefault("death_date", []).append(_("%(value)r is not a date (YYYY-MM-DD).") % {"value": died})
    clean["cause_of_death"] = " ".join((clean.get("cause_of_death") or "").split())[:200]
    if isinstance(clean.get("age"), int) and clean["age"] < 18:
        clean["is_child"] = True
    if errors:
        raise ValidationError(errors)
    return clean


def person_snapshot(person: Person) -> dict:
    data = {name: getattr(person, name) for name in PERSON_FIELDS if name not in PLACE_FIELDS}
    for name in PLACE_FIELDS:
        data[name] = getattr(person, name).pcode if getattr(person, f"{name}_id") else None
    data["names"] = [{"name": n.name, "script": n.script} for n in person.names.order_by("id")]
    return sealed_snapshot_values(data)


def _reindex(person: Person) -> None:
    variants = list(person.names.values_list("name", flat=True)) if person.pk else []
    text = search_text(person.name_ar, person.name_latin, *variants)
    if text != person.search_text:
        Person.objects.filter(pk=person.pk).update(search_text=text)
        person.search_text = text


@transaction.atomic
def person_create(*, user, names=(), **fields) -> Person:
    """File a person. `names` are other spellings: [{"name": ..., "script": "ar"|"latin"}]."""
    require_role(user, "create")
    reject_unknown_fields(fields, PERSON_FIELDS)
    fields.setdefault("confidentiality", Confidentiality.INTERNAL)
    clean = _clean(fields)
    require_clearance(user, clean["confidentiality"])
    person = Person.objects.create(**clean, created_by=user, updated_by=user)
    for variant in names:
        name = " ".join((variant.get("name") or "").split())
        if name:
            script = variant.get("script") or (NameScript.ARABIC if has_arabic(name) else NameScript.LATIN)
            PersonName.objects.create(person=person, name=name, script=script)
    _reindex(person)
    record_changed(user=user, action="create", record_type="person", record_id=person.pk, before=None, after=person_snapshot(person))
    return person


@transaction.atomic
def person_update(*, user, person_id: int, lock_version: int, **changes) -> Person:
    """Change a person's fields; refused with EditConflict when `lock_version` is stale."""
    from .selectors import person_get

    require_role(user, "edit")
    person = person_get(user=user, person_id=person_id)
    require_edit_rights(user, person)
    reject_unknown_fields(changes, PERSON_FIELDS)
    before = person_snapshot(person)
    merged = {name: getattr(person, name) for name in PERSON_FIELDS}
    merged.update(changes)
    clean = _clean(merged)
    require_clearance(user, clean["confidentiality"])
    claim_next_version(person, lock_version=lock_version, record_type="person", before=before, yours={**before, **changes})
    for name, value in clean.items():
        setattr(person, name, value)
    person.updated_by = user
    person.save()
    _reindex(person)
    if before["confidentiality"] != person.confidentiality or before["name_ar"] != person.name_ar or before["name_latin"] != person.name_latin:
        from sijill.incidents.models import Incident
        from sijill.incidents.services import incident_reindex

        for incident in Incident.objects.filter(acts__victim_links__person=person).distinct():
            incident_reindex(incident)
    record_changed(user=user, action="update", record_type="person", record_id=person.pk, before=before, after=person_snapshot(person))
    return person
