"""Whether a new report is about an incident already recorded: same date window, nearby place,
same violation type. Plain Python; the drafts app feeds it the incidents a reader may see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sijill.places import resolver

DATE_WINDOW_DAYS = 3
NEARBY_KM = 25.0


@dataclass(frozen=True)
class EventKey:
    """What two reports must share to be about one event."""

    start: date | None
    end: date | None
    pcode: str | None
    violation_types: frozenset[str] = frozenset()


def event_key(extraction: dict) -> EventKey:
    """The date, place and violation types an extraction (`Extraction.as_dict()`) proposes."""
    proposal = extraction.get("incident", {})
    day = (proposal.get("date") or {}).get("date")
    start = date.fromisoformat(day) if day else None
    pcode = (proposal.get("place") or {}).get("pcode")
    types = frozenset(v["type"] for v in extraction.get("violations", []))
    return EventKey(start=start, end=start, pcode=pcode, violation_types=types)


def _point(pcode: str | None) -> tuple[float, float] | None:
    """A place's coordinates, or the nearest ancestor's that has them."""
    place = resolver.get(pcode)
    chain = [place, *reversed(resolver.ancestors(pcode))] if place else []
    for p in chain:
        if p and p.lat is not None and p.lon is not None:
            return p.lat, p.lon
    return None


def distance_km(a: str | None, b: str | None) -> float | None:
    pa, pb = _point(a), _point(b)
    if not pa or not pb:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*pa, *pb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def same_event_score(new: EventKey, old: EventKey) -> float:
    """0..1: how likely the two describe one event; 0 when the dates are too far apart.

    Date within the window is required; then place (same or nearby: up to 0.4) and type (0.2)
    add to a base of 0.4.
    """
    if not new.start or not old.start:
        return 0.0
    new_end, old_end = new.end or new.start, old.end or old.start
    gap = max((new.start - old_end).days, (old.start - new_end).days, 0)
    if gap > DATE_WINDOW_DAYS:
        return 0.0
    score = 0.4 - 0.05 * gap
    if new.pcode and old.pcode:
        if new.pcode == old.pcode:
            score += 0.4
        else:
            km = distance_km(new.pcode, old.pcode)
            if km is not None and km <= NEARBY_KM:
                score += 0.4 * (1 - km / NEARBY_KM / 2)
            elif km is not None:
                return 0.0
    if new.violation_types and old.violation_types and new.violation_types & old.violation_types:
        score += 0.2
    return round(min(score, 1.0), 3)


def group_events(keys: list[EventKey], minimum: float) -> list[list[int]]:
    """Indexes of `keys` gathered into groups about one event: two keys are joined when their
    `same_event_score` is at least `minimum` and the group they make spans no more than the date
    window (a chain of reports a day or two apart must not drift into next week's events); groups
    are largest first, then by first index. A key without a date stands alone. Keys are compared
    only with those inside the date window after them in date order, so thousands are grouped at once."""
    parent = list(range(len(keys)))
    first = {i: k.start for i, k in enumerate(keys)}  # by group root: its earliest and latest day
    last = {i: k.end or k.start for i, k in enumerate(keys)}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    dated = sorted((k.start, i) for i, k in enumerate(keys) if k.start)
    for a, (day, i) in enumerate(dated):
        for other_day, j in dated[a + 1:]:
            if (other_day - day).days > DATE_WINDOW_DAYS:
                break
            a_root, b_root = root(i), root(j)
            if a_root == b_root or same_event_score(keys[i], keys[j]) < minimum:
                continue
            lo, hi = min(first[a_root], first[b_root]), max(last[a_root], last[b_root])
            if (hi - lo).days <= DATE_WINDOW_DAYS:
                parent[b_root] = a_root
                first[a_root], last[a_root] = lo, hi
    groups: dict[int, list[int]] = {}
    for i in range(len(keys)):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g[0]))
