"""Reads of actors: lists, one actor, an actor's units, and the process-wide actor resolver."""

from __future__ import annotations

import threading

from django.db.models import Count, Max, Q, QuerySet

from sijill.text.normalise import normalise

from .models import Actor, ActorAlias
from .resolver import ActorResolver

# Fuzzy resolver matches below this score are not offered as search results.
_SEARCH_SCORE = 0.8

_cache_lock = threading.Lock()
_cache: dict[str, object] = {"version": None, "resolver": None}


def actor_list(*, query: str = "") -> QuerySet[Actor]:
    """Actors not deleted, optionally those whose name or an alias matches `query`.

    The query is normalised like the aliases, so case, accents, hamza and article spellings do
    not matter; close spellings found by the resolver ("Daish") are included too.
    """
    qs = Actor.objects.filter(deleted_at__isnull=True).select_related("actor_type", "parent")
    query = (query or "").strip()
    if not query:
        return qs
    folded = normalise(query)
    ids = {m.actor_id for m in actor_resolver().resolve(query) if m.score >= _SEARCH_SCORE}
    matching = (
        Q(name_en__icontains=query) | Q(name_ar__icontains=query)
        | Q(pk__in=ActorAlias.objects.filter(normalised__contains=folded).values("actor_id"))
        | Q(pk__in=ids)
    )
    return qs.filter(matching)


def actor_get(*, actor_id) -> Actor | None:
    """The actor with this id, or None if there is none or it is deleted."""
    return (
        Actor.objects.filter(pk=actor_id, deleted_at__isnull=True)
        .select_related("actor_type", "parent")
        .first()
    )


def actor_subtree_ids(*, actor: Actor) -> list[int]:
    """Ids of the actor and all its units at every level (by path prefix), deleted ones left out."""
    if not actor.path:
        return [actor.pk]
    ids = Actor.objects.filter(path__startswith=actor.path, deleted_at__isnull=True).values_list(
        "pk", flat=True
    )
    return sorted({actor.pk, *ids})


def _version() -> tuple:
    """Changes whenever an actor or alias is added, removed or edited (actors carry updated_at)."""
    actors = Actor.objects.aggregate(n=Count("pk"), at=Max("updated_at"), top=Max("pk"))
    aliases = ActorAlias.objects.aggregate(n=Count("pk"), top=Max("pk"))
    return (actors["n"], actors["at"], actors["top"], aliases["n"], aliases["top"])


def actor_resolver() -> ActorResolver:
    """The resolver over every non-deleted actor's names and aliases, built once per process.

    Rebuilt when the actor tables change: saves in this process clear it at once (signals), and a
    cheap version check (counts, last id, last update) notices changes made by other processes.
    """
    version = _version()
    with _cache_lock:
        if _cache["resolver"] is not None and _cache["version"] == version:
            return _cache["resolver"]  # type: ignore[return-value]
    pairs: list[tuple[int, str]] = []
    for pk, name_en, name_ar in Actor.objects.filter(deleted_at__isnull=True).values_list(
        "pk", "name_en", "name_ar"
    ):
        pairs.append((pk, name_en))
        if name_ar:
            pairs.append((pk, name_ar))
    pairs.extend(
        ActorAlias.objects.filter(actor__deleted_at__isnull=True)
        .order_by("actor_id", "pk")
        .values_list("actor_id", "name")
    )
    resolver = ActorResolver(pairs)
    with _cache_lock:
        _cache["version"], _cache["resolver"] = version, resolver
    return resolver


def actor_resolver_forget() -> None:
    """Drop the cached resolver; the next `actor_resolver()` call rebuilds it."""
    with _cache_lock:
        _cache["version"] = _cache["resolver"] = None
