"""Reads of the gazetteer: one place, places for a typed name, and "everything inside a place"."""

from __future__ import annotations

from django.db.models import Q

from . import resolver
from .models import Place


def place_get(pcode: str | None) -> Place | None:
    """The place with this p-code, or None."""
    if not pcode:
        return None
    return Place.objects.filter(pcode=pcode).first()


def place_search(query: str | None, limit: int = 10) -> list[Place]:
    """Places for what a user is typing, best first, for autocompletion in forms.

    Ranking is the resolver's (exact, then spelling variants, then fuzzy; larger places first
    among equals); only places loaded in this database are returned.
    """
    matches = resolver.resolve(query, limit=limit)
    if not matches:
        return []
    rows = Place.objects.in_bulk([m.pcode for m in matches], field_name="pcode")
    return [rows[m.pcode] for m in matches if m.pcode in rows]


def place_descendant_filter(path_field: str, place: Place) -> Q:
    """A filter for records whose place lies in `place` (or is it), by materialised path.

    `path_field` names the path as seen from the queried model, e.g. "place__path" for an
    incident's place, so "incidents in Idleb governorate" is one indexed prefix scan.
    """
    return Q(**{f"{path_field}__startswith": place.path})
