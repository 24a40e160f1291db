"""Capture histories for multiple systems estimation: which lists documented each unique victim.

A unique victim is a person cluster built by analysts' accepted pairs, or a person in no cluster.
Its lists are the union of its members' lists (imports, cited sources' organisations, the import
of the incident it is a victim in). Only what the user may see is counted: a member above their
clearance adds neither a victim nor a list.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q

from sijill.confidentiality import visible_to
from sijill.intake.models import ImportRecord
from sijill.people.models import Person

from .inputs import person_events, person_lists
from .models import ClusterMember

Pattern = tuple[int, ...]


@dataclass(frozen=True)
class UniqueVictim:
    persons: tuple[int, ...]
    lists: frozenset[str]
    date: datetime.date | None
    path: str


def unique_victims(user) -> list[UniqueVictim]:
    """Every victim `user` may see, once per individual after linkage."""
    imported = ImportRecord.objects.filter(target_type="person").values("target_id")
    persons = visible_to(Person.objects.all(), user).filter(
        Q(victim_links__isnull=False) | Q(death_date__isnull=False) | Q(pk__in=imported)).distinct()
    ids = set(persons.values_list("pk", flat=True))
    if not ids:
        return []
    # Beyond a few thousand ids an IN list costs more than reading everyone (and SQLite caps it).
    scope = ids if len(ids) <= 5000 else None
    events = person_events(scope)
    lists = person_lists(scope)
    groups: dict[object, list[int]] = {}
    cluster_of = {pid: cid for pid, cid in ClusterMember.objects.filter(left_at__isnull=True)
                  .values_list("person_id", "cluster_id") if pid in ids}
    for pid in sorted(ids):
        groups.setdefault(("c", cluster_of[pid]) if pid in cluster_of else ("p", pid), []).append(pid)
    victims = []
    for members in groups.values():
        named = frozenset(name for pid in members for name in lists.get(pid, ()))
        dated = sorted((e.date, pid) for pid in members if (e := events.get(pid)) and e.date)
        placed = [events[pid].path for pid in members if pid in events and events[pid].path]
        victims.append(UniqueVictim(tuple(members), named or frozenset({"sijill"}),
                                    dated[0][0] if dated else None, placed[0] if placed else ""))
    return victims


def _within(victim: UniqueVictim, place_path, date_from, date_to) -> bool:
    if place_path and not victim.path.startswith(place_path):
        return False
    if (date_from or date_to) and victim.date is None:
        return False
    if date_from and victim.date < date_from:
        return False
    return not (date_to and victim.date > date_to)


def _table(victims, names: list[str]) -> list[tuple[Pattern, int]]:
    counts = Counter(tuple(int(name in v.lists) for name in names) for v in victims)
    return sorted(counts.items())


def capture_table(user, *, place_path: str | None = None, date_from: datetime.date | None = None,
                  date_to: datetime.date | None = None) -> tuple[list[str], list[tuple[Pattern, int]]]:
    """The list names, then one (0/1 per list, number of unique victims) row per capture pattern
    observed, for the victims in the place subtree `place_path` and the period [date_from, date_to]."""
    victims = [v for v in unique_victims(user) if _within(v, place_path, date_from, date_to)]
    names = sorted({name for v in victims for name in v.lists})
    return names, _table(victims, names)


def _stratum_place(path: str, level: int) -> str:
    parts = [p for p in path.split("/") if p]
    return parts[level] if len(parts) > level else ""


def capture_strata(user, *, by_place_level: int | None = None, by_year: bool = False,
                   place_path: str | None = None, date_from=None, date_to=None):
    """Capture tables per stratum: {(place p-code or None, year or None): rows}, with the list
    names shared by all strata (a list absent from a stratum is a column of zeros there)."""
    victims = [v for v in unique_victims(user) if _within(v, place_path, date_from, date_to)]
    names = sorted({name for v in victims for name in v.lists})
    strata: dict[tuple, list[UniqueVictim]] = defaultdict(list)
    for v in victims:
        place = _stratum_place(v.path, by_place_level) if by_place_level is not None else None
        year = (v.date.year if v.date else "") if by_year else None
        strata[(place, year)].append(v)
    return names, {key: _table(group, names) for key, group in sorted(strata.items(), key=lambda kv: str(kv[0]))}
