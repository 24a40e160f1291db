"""Actors: parties, forces, armed groups and units, with aliases and hierarchy."""

from __future__ import annotations

from ninja import Query, Router

from . import selectors
from .schemas import ActorDetailOut, ActorOut, Paging, page_of, paginate

router = Router(tags=["actors"])


@router.get("/", response=page_of(ActorOut))
def actor_list(request, paging: Query[Paging], q: str = ""):
    """Actors; `q` matches names in either language and aliases (ISIS, داعش, ...)."""
    return paginate(selectors.actor_list(q=q), paging)


@router.get("/{actor}", response=ActorDetailOut)
def actor_detail(request, actor: str):
    """One actor by slug (or id), with its aliases, the party it belongs to and its units."""
    return selectors.actor_get(actor=actor)
