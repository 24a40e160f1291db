"""Persons: victims, witnesses, perpetrators and source persons."""

from __future__ import annotations

from ninja import Query, Router, Status

from sijill.people import selectors, services
from sijill.people.models import Person

from .schemas import Paging, PersonIn, PersonOut, PersonPatch, given_fields, page_of, paginate

router = Router(tags=["persons"])


def _get(request, person_id: int):
    return selectors.person_get(user=request.auth, person_id=person_id)


@router.get("/", response=page_of(PersonOut))
def person_list(request, paging: Query[Paging], q: str = ""):
    """Persons you may see; `q` searches names in either script and every spelling."""
    found = selectors.person_list(user=request.auth, q=q).prefetch_related("names")
    return paginate(found, paging)


@router.get("/{person_id}", response=PersonOut)
def person_detail(request, person_id: int):
    return _get(request, person_id)


@router.post("/", response={201: PersonOut})
def person_create(request, payload: PersonIn):
    """File a person; `names` are other spellings of the name."""
    person = services.person_create(user=request.auth, **given_fields(payload, Person))
    return Status(201, _get(request, person.pk))


@router.patch("/{person_id}", response=PersonOut)
def person_update(request, person_id: int, payload: PersonPatch):
    """Change fields; a stale `lock_version` answers 409 with both versions."""
    services.person_update(user=request.auth, person_id=person_id, **given_fields(payload, Person))
    return _get(request, person_id)
