"""Actor and place look-ups shaped for the API, over the actors' and places' own selectors.

Actors and places are not confidential. These add what an endpoint needs on top: an actor by
slug or id, NotFound instead of None, and a bounded list of places for a typed name.
"""

from __future__ import annotations

from django.db.models import QuerySet

from sijill.actors import selectors as actors
from sijill.actors.models import Actor
from sijill.errors import NotFound
from sijill.places import selectors as places
from sijill.places.models import Place

PLACE_SEARCH_LIMIT = 200  # the resolver ranks matches; a caller wants the best, not thousands


def actor_list(*, q: str = "") -> QuerySet[Actor]:
    """Actors not deleted, matching `q` by name, alias or close spelling (see actors.selectors)."""
    return actors.actor_list(query=q).order_by("name_en")


def actor_get(*, actor: str) -> Actor:
    """One actor by slug or id, or NotFound."""
    found = actors.actor_get(actor_id=int(actor)) if actor.isdigit() else actors.actor_list().filter(slug=actor).first()
    if found is None:
        raise NotFound(f"No actor {actor!r}.")
    return found


def place_list(*, q: str = ""):
    """Places for a typed name (resolver-ranked, best first), or the whole gazetteer by level."""
    if q:
        return places.place_search(q, limit=PLACE_SEARCH_LIMIT)
    return Place.objects.select_related("parent").order_by("level", "name_en")


def place_get(*, pcode: str) -> Place:
    place = places.place_get(pcode)
    if place is None:
        raise NotFound(f"No place with p-code {pcode!r}.")
    return place
