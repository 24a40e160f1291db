"""Whether reports are about one event: same date window, same or nearby place, same violation type.
Plain Python; the drafts app feeds it a batch's drafts and the incidents a reader may see.

The rule was measured on Airwars' own texts, where several reports describe each incident
(bench/extraction/grouping.py; figures in docs/benchmarks.md): reports of one event are dated the same
day far more often than a day or more apart, and two reports that only share a governorate (or a city)
on the same day are as often about two strikes as about one. So the date counts most, a place counts
by how specific it is, and a report joins a group only when it fits the group as a whole.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache

from sijill.places import resolver

DATE_WINDOW_DAYS = 3
NEARBY_KM = 25.0

# What each part of the evidence adds to the same-event score (0..1).
DATE_WEIGHT = (0.5, 0.3, 0.2, 0.1)   # by the gap in days: 0, 1, 2, 3 (DATE_WINDOW_DAYS)
SAME_PLACE_WEIGHT = {1: 0.15, 2: 0.3, 3: 0.4}  # by specificity: governorate (or its capital), district, finer
NEARBY_WEIGHT = 0.3       # two specific places at 0 km; falls to nothing at NEARBY_KM
NAMED_PLACE_WEIGHT = 0.2  # both reports name the same village or town, whatever each proposes
SAME_TYPE_WEIGHT = 0.1    # a violation type in common; a penalty as large when both name types and none is shared


@dataclass(frozen=True)
class EventKey:
    """What two reports must share to be about one event."""

    start: date | None
    end: date | None
    pcode: str | None
    violation_types: frozenset[str] = frozenset()
    # Villages and towns (subdistrict level or finer) the report names, beside the proposed place.
    places: frozenset[str] = frozenset()


def event_key(extraction: dict) -> EventKey:
    """The date, place and violation types an extraction (`Extraction.as_dict()`) proposes."""
    proposal = extraction.get("incident", {})
    day = (proposal.get("date") or {}).get("date")
    start = date.fromisoformat(day) if day else None
    pcode = (proposal.get("place") or {}).get("pcode")
    types = frozenset(v["type"] for v in extraction.get("violations", []))
    named = frozenset(p["pcode"] for p in extraction.get("places", [])
                      if p.get("pcode") and specificity(p["pcode"]) >= 3)
    return EventKey(start=start, end=start, pcode=pcode, violation_types=types, places=named)


@cache  # the packaged gazetteer is fixed for the process
def specificity(pcode: str | None) -> int:
    """1 for a governorate or a governorate's capital city (a report placed there says little about
    where), 2 for a district or a district's capital, 3 for anything finer; 2 for a place the
    gazetteer does not know."""
    place = resolver.get(pcode) if pcode else None
    if place is None:
        return 2
    rank = place.capital if place.level >= resolver.COMMUNITY_LEVEL and place.capital else place.level
    return min(max(rank, 1), 3)


@cache
def _point(pcode: str | None) -> tuple[float, float] | None:
    """A place's coordinates, or the nearest ancestor's that has them."""
    place = resolver.get(pcode)
    chain = [place, *reversed(resolver.ancestors(pcode))] if place else []
    for p in chain:
        if p and p.lat is not None and p.lon is not None:
            return p.lat, p.lon
    return None


@lru_cache(maxsize=200_000)
def distance_km(a: str | None, b: str | None) -> float | None:
    pa, pb = _point(a), _point(b)
    if not pa or not pb:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (*pa, *pb))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def same_event_score(new: EventKey, old: EventKey) -> float:
    """0..1: how strongly the two look like one event; 0 when the dates are more than the window
    apart or the places far apart (and no village named by both).

    The date gives 0.5 on the same day, less for each day apart; the same place adds up to 0.4 by
    how specific it is, a nearby one less; a village both reports name adds 0.2; a shared violation
    type adds 0.1 and types that differ take 0.1 away.
    """
    if not new.start or not old.start:
        return 0.0
    new_end, old_end = new.end or new.start, old.end or old.start
    gap = max((new.start - old_end).days, (old.start - new_end).days, 0)
    if gap > DATE_WINDOW_DAYS:
        return 0.0
    return _score(gap, new.pcode, old.pcode, new.violation_types, old.violation_types,
                  bool(new.places & old.places))


@lru_cache(maxsize=100_000)  # a batch repeats the same places and types on the same days
def _score(gap: int, new_pcode: str | None, old_pcode: str | None, new_types: frozenset[str],
           old_types: frozenset[str], named_by_both: bool) -> float:
    score = DATE_WEIGHT[min(gap, len(DATE_WEIGHT) - 1)]
    if new_pcode and old_pcode:
        if new_pcode == old_pcode:
            score += SAME_PLACE_WEIGHT[specificity(new_pcode)]
        else:
            km = distance_km(new_pcode, old_pcode)
            if km is not None and km <= NEARBY_KM:
                both_specific = min(specificity(new_pcode), specificity(old_pcode)) >= 3
                score += NEARBY_WEIGHT * (1 - km / NEARBY_KM) * (1 if both_specific else 0.5)
            elif not named_by_both:
                return 0.0
    if named_by_both and new_pcode != old_pcode:
        score += NAMED_PLACE_WEIGHT
    if new_types and old_types:
        score += SAME_TYPE_WEIGHT if new_types & old_types else -SAME_TYPE_WEIGHT
    return round(min(max(score, 0.0), 1.0), 3)


def group_events(keys: list[EventKey], minimum: float) -> list[list[int]]:
    """Indexes of `keys` gathered into groups about one event; groups are largest first, then by
    first index. A key without a date stands alone.

    Pairs are taken strongest first; two groups are joined when their members' mean same-event score
    is at least `minimum` (a report joins a group it fits as a whole, not one member it resembles:
    chains of look-alikes drift into other events) and the group spans no more than the date window.
    Keys are compared only with those inside the date window whose places do not rule them out, so
    thousands are grouped at once."""
    dated = sorted((k.start, i) for i, k in enumerate(keys) if k.start)
    scores: dict[tuple[int, int], float] = {}
    candidates = []
    for i, j in _pairs_worth_scoring(keys, dated):
        score = scores[i, j] = scores[j, i] = same_event_score(keys[i], keys[j])
        if score >= minimum:
            candidates.append((-score, min(i, j), max(i, j)))
    candidates.sort()
    members = {i: [i] for i in range(len(keys))}
    span = {i: (k.start, k.start) for i, k in enumerate(keys)}  # by group: its first and last day
    group_of = list(range(len(keys)))
    refused: set[tuple[int, int, int, int]] = set()  # groups only grow: their sizes tell them apart
    for _, i, j in candidates:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        state = (a, b, len(members[a]), len(members[b]))
        if state in refused:
            continue
        first, last = min(span[a][0], span[b][0]), max(span[a][1], span[b][1])
        cross = sum(scores.get((x, y), 0.0) for x in members[a] for y in members[b])
        if (last - first).days > DATE_WINDOW_DAYS or cross / (len(members[a]) * len(members[b])) < minimum:
            refused.add(state)
            continue
        for k in members[b]:
            group_of[k] = a
        members[a] += members.pop(b)
        span[a] = (first, last)
    return sorted((sorted(g) for g in members.values()), key=lambda g: (-len(g), g[0]))


def _near(a: str, b: str) -> bool:
    if a == b:
        return True
    km = distance_km(a, b)
    return km is not None and km <= NEARBY_KM


# Places are looked up in a grid of cells at least NEARBY_KM wide (0.3 degrees: 33 km north-south,
# over 26 km east-west south of 38 degrees north), so a place's neighbours lie in the 3 x 3 cells around it.
CELL_DEGREES = 0.3


@cache
def _cell(pcode: str | None) -> tuple[int, int] | None:
    point = _point(pcode) if pcode else None
    return (math.floor(point[0] / CELL_DEGREES), math.floor(point[1] / CELL_DEGREES)) if point else None


def _pairs_worth_scoring(keys: list[EventKey], dated: list[tuple[date, int]]) -> Iterator[tuple[int, int]]:
    """Each pair of dated keys (once) whose days lie within the window and whose places do not rule
    it out: the same or a nearby place, a village both name, or a key without a place. All other
    pairs score 0, so a batch of thousands spread over many places is not compared pair by pair."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for day, i in dated:
        by_day[day].append(i)
    buckets: dict[date, tuple[dict, dict, dict]] = {}
    for day, i_s in by_day.items():
        by_pcode: dict[str | None, list[int]] = defaultdict(list)
        by_cell: dict[tuple[int, int] | None, set[str]] = defaultdict(set)
        by_named: dict[str, list[int]] = defaultdict(list)
        for j in i_s:
            pcode = keys[j].pcode
            by_pcode[pcode].append(j)
            if pcode:
                by_cell[_cell(pcode)].add(pcode)
            for place in keys[j].places:
                by_named[place].append(j)
        buckets[day] = (by_pcode, by_cell, by_named)
    for day, i_s in by_day.items():
        for offset in range(DATE_WINDOW_DAYS + 1):
            other = buckets.get(day + timedelta(days=offset))
            if other is None:
                continue
            by_pcode, by_cell, by_named = other
            for i in i_s:
                key = keys[i]
                found: set[int] = set(by_pcode.get(None, ()))
                if key.pcode is None:
                    found.update(j for j_s in by_pcode.values() for j in j_s)
                else:
                    found.update(by_pcode.get(key.pcode, ()))
                    cell = _cell(key.pcode)
                    if cell is not None:
                        for dx in (-1, 0, 1):
                            for dy in (-1, 0, 1):
                                for pcode in by_cell.get((cell[0] + dx, cell[1] + dy), ()):
                                    if _near(key.pcode, pcode):
                                        found.update(by_pcode[pcode])
                for place in key.places:
                    found.update(by_named.get(place, ()))
                yield from ((i, j) for j in found if offset or j > i)
