"""Places of the gazetteer, by name or OCHA p-code."""

from __future__ import annotations

from ninja import Query, Router

from . import selectors
from .schemas import Paging, PlaceOut, page_of, paginate

router = Router(tags=["places"])


@router.get("/", response=page_of(PlaceOut))
def place_list(request, paging: Query[Paging], q: str = ""):
    """Places whose name (Arabic, English or a variant) matches `q`, best first (at most 200)."""
    return paginate(selectors.place_list(q=q), paging)


@router.get("/{pcode}", response=PlaceOut)
def place_detail(request, pcode: str):
    return selectors.place_get(pcode=pcode)
