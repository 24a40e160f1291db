"""Reading persons, limited to the viewer's clearance."""

from __future__ import annotations

from django.db.models import QuerySet

from sijill.confidentiality import visible_to
from sijill.errors import NotFound
from sijill.search_index import search_filter

from .models import Person


def person_list(*, user, q: str = "") -> QuerySet[Person]:
    qs = visible_to(Person.objects.all(), user)
    if q:
        qs = search_filter(qs, q)
    return qs.order_by("-id")


def person_get(*, user, person_id) -> Person:
    try:
        person_id = int(person_id)
    except (TypeError, ValueError):
        raise NotFound(f"No person {person_id!r}.") from None
    person = visible_to(Person.objects.select_related("origin", "death_place"), user).filter(pk=person_id).first()
    if person is None:
        raise NotFound(f"No person {person_id}.")
    return person
