"""A grading suggested from corroboration, with its reasons (plain Python, no Django).

The scale is the one seeded in the `grading` vocabulary (after Airwars): confirmed, fair, weak,
contested, discounted. The suggestion is never applied by itself; the analyst decides.

Rules, first match wins:

- discounted: independent sources contradict the incident (its date, place or casualty figure) at
  least as often as independent sources support it, and at least one contradicts;
- contested: two or more parties are each claimed, by at least one source, to have perpetrated
  an act of the incident (competing perpetration claims);
- confirmed: at least two independent sources, no contradiction, and the attribution is either
  acknowledged (an official statement supports the perpetrator claim) or backed by at least
  three independent sources of which one is rated reliable (A or B);
- fair: at least two independent sources and no contradiction;
- weak: one independent source, or none, or contradictions that do not outweigh support.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Corroboration:
    """What the grading is suggested from: counts of independent sources (origins), not sources."""

    independent_sources: int
    supporting_origins: int = 0  # independent sources explicitly supporting date/place/figures
    contradicting_origins: int = 0  # independent sources contradicting date/place/figures
    parties_claimed: int = 0  # distinct parties with a sourced perpetration claim
    acknowledged: bool = False  # an official statement supports the perpetrator claim
    reliable_origins: int = 0  # independent sources rated A or B
    reasons: list[str] = field(default_factory=list)


def suggest_grading(c: Corroboration) -> tuple[str, list[str]]:
    """(grading code, reasons in plain English) for one incident's corroboration.

    Reasons are English keys the caller translates with gettext (see `REASONS`).
    """
    support = max(c.supporting_origins, c.independent_sources - c.contradicting_origins, 0)
    if c.contradicting_origins and c.contradicting_origins >= support:
        return "discounted", ["contradicted"]
    if c.parties_claimed >= 2:
        return "contested", ["competing_claims"]
    if c.independent_sources >= 2 and not c.contradicting_origins:
        if c.acknowledged:
            return "confirmed", ["several_sources", "acknowledged"]
        if c.independent_sources >= 3 and c.reliable_origins >= 1:
            return "confirmed", ["many_sources_reliable"]
        return "fair", ["several_sources"]
    if c.independent_sources == 0:
        return "weak", ["no_source"]
    if c.independent_sources == 1:
        return "weak", ["single_source"]
    return "weak", ["some_contradicted"]
