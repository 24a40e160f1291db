"""Controlled vocabularies: the codes every other endpoint accepts and returns."""

from __future__ import annotations

from ninja import Router

from sijill.errors import NotFound
from sijill.vocabularies.models import Kind
from sijill.vocabularies.selectors import term_list

from .schemas import TermOut

router = Router(tags=["vocabularies"])


@router.get("/{kind}", response=list[TermOut])
def vocabulary(request, kind: str):
    """Active terms of one vocabulary: violation_type, weapon, grading, verification_status, ..."""
    if kind not in Kind.values:
        raise NotFound(f"No vocabulary {kind!r}; there are: {', '.join(Kind.values)}.")
    return list(term_list(kind=kind))
