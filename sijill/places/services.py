"""Writes to the gazetteer: loading the places packaged with Sijill into the database."""

from __future__ import annotations

from django.db import transaction

from sijill.audit.services import audit_record
from sijill.text import normalise

from . import resolver
from .models import Place

# The fields the packaged gazetteer decides; anything else on a Place row is left alone.
_PACKAGED_FIELDS = (
    "country", "level", "name_en", "name_ar", "alt_names", "parent_id", "path",
    "latitude", "longitude", "search_names",
)


def _merged_alt_names(packaged: list[str], existing: list[str]) -> list[str]:
    """The packaged alternate names, then any a user added that the package lacks."""
    known = {normalise.normalise(n) for n in packaged}
    extra = [n for n in existing or [] if normalise.normalise(n) not in known]
    return [*packaged, *extra]


@transaction.atomic
def gazetteer_load(*, replace: bool = False) -> dict:
    """Create or update one Place per entry of the packaged gazetteer, in one transaction.

    Idempotent: a second run finds every row as the package wants it and writes nothing.
    Places that are not in the package (added by a team) are never touched or deleted. An
    existing place keeps alternate names a user added to it, unless `replace` is true, in
    which case the packaged names overwrite them. Returns counts: created, updated, unchanged,
    total (places in the package).
    """
    packaged = resolver.read_places()
    existing = {p.pcode: p for p in Place.objects.filter(pcode__in=[g.pcode for g in packaged])}
    ids: dict[str, int] = {pcode: place.pk for pcode, place in existing.items()}
    paths: dict[str, str] = {}
    counts = {"created": 0, "updated": 0, "unchanged": 0, "total": len(packaged)}
    to_update: list[Place] = []

    # The file lists parents before children, level by level: create one level at a time so
    # every parent has its id before its children are written.
    for level in sorted({g.level for g in packaged}):
        to_create: list[Place] = []
        for entry in (g for g in packaged if g.level == level):
            parent_path = paths[entry.parent_pcode] if entry.parent_pcode else ""
            paths[entry.pcode] = f"{parent_path}{entry.pcode}/"
            row = existing.get(entry.pcode)
            alt_names = list(entry.alt_names)
            if row is not None and not replace:
                alt_names = _merged_alt_names(alt_names, row.alt_names)
            wanted = {
                "country": entry.country,
                "level": entry.level,
                "name_en": entry.name_en,
                "name_ar": entry.name_ar,
                "alt_names": alt_names,
                "parent_id": ids[entry.parent_pcode] if entry.parent_pcode else None,
                "path": paths[entry.pcode],
                "latitude": entry.lat,
                "longitude": entry.lon,
                "search_names": normalise.search_text(entry.name_en, entry.name_ar, *alt_names),
            }
            if row is None:
                to_create.append(Place(pcode=entry.pcode, **wanted))
            elif any(getattr(row, f) != v for f, v in wanted.items()):
                for f, v in wanted.items():
                    setattr(row, f, v)
                to_update.append(row)
            else:
                counts["unchanged"] += 1
        if to_create:
            Place.objects.bulk_create(to_create, batch_size=500)
            counts["created"] += len(to_create)
            ids.update(
                Place.objects.filter(pcode__in=[p.pcode for p in to_create]).values_list("pcode", "pk")
            )
    if to_update:
        Place.objects.bulk_update(to_update, _PACKAGED_FIELDS, batch_size=500)
        counts["updated"] = len(to_update)
    if counts["created"] or counts["updated"]:
        audit_record(
            user=None, action="gazetteer.load", record_type="places.Place", record_id="gazetteer",
            changes={"created": counts["created"], "updated": counts["updated"], "replace": replace},
        )
    return counts
