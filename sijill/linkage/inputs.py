"""What the linkage engine reads from the database: persons and incidents as engine records,
and the lists (sources) that documented each person.

Read with `.values()` queries, a few per table, never one query per record: a run reads every
person in the database. Id lists passed to SQL stay under 10,000 (SQLite caps the number of
parameters at 32,766); beyond that, everything is read and filtered here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sijill.confidentiality import visible_to
from sijill.incidents.models import Act, Incident, PerpetrationClaim, Victim
from sijill.intake.models import ImportRecord
from sijill.linkage.engine import IncidentRecord, PersonRecord
from sijill.people.models import Person

# The list name of records filed by hand, with no import and no source naming an organisation.
OWN_RECORDS = "sijill"


@dataclass(frozen=True)
class PersonEvent:
    """When and where a person was harmed: the incident they are a victim of, else their death."""

    date: object = None
    pcode: str | None = None
    path: str = ""
    latitude: float | None = None
    longitude: float | None = None


def _persons(user=None):
    persons = Person.objects.filter(deleted_at__isnull=True)
    return visible_to(persons, user) if user is not None else persons


def person_events(person_ids=None) -> dict[int, PersonEvent]:
    """Each person's event: the earliest incident they are a victim in, else date of death and
    place of origin."""
    events: dict[int, PersonEvent] = {}
    links = Victim.objects.filter(act__incident__deleted_at__isnull=True)
    people = Person.objects.filter(deleted_at__isnull=True)
    if person_ids is not None:
        links = links.filter(person_id__in=person_ids)
        people = people.filter(pk__in=person_ids)
    rows = links.order_by("person_id", "act__incident__start_date").values_list(
        "person_id", "act__incident__start_date", "act__incident__place__pcode", "act__incident__place_path",
        "act__incident__latitude", "act__incident__longitude", "act__incident__place__latitude",
        "act__incident__place__longitude")
    for pid, when, pcode, path, lat, lon, plat, plon in rows.iterator(chunk_size=5000):
        if pid not in events:
            events[pid] = PersonEvent(when, pcode, path or "", lat if lat is not None else plat,
                                      lon if lon is not None else plon)
    rest = people.exclude(pk__in=list(events)) if len(events) < 10_000 else people
    for pid, died, pcode, path, lat, lon in rest.values_list(
            "id", "death_date", "origin__pcode", "origin__path", "origin__latitude", "origin__longitude").iterator(
            chunk_size=5000):
        if pid not in events:
            events[pid] = PersonEvent(died, pcode, path or "", lat, lon)
    return events


def person_lists(person_ids=None) -> dict[int, set[str]]:
    """The lists that documented each person: the source each import came from, the
    organisation of each source cited for the person, and the import source of the incident
    they are a victim in."""
    lists: dict[int, set[str]] = defaultdict(set)
    imports = ImportRecord.objects.filter(target_type="person")
    if person_ids is not None:
        imports = imports.filter(target_id__in=person_ids)
    for pid, source in imports.values_list("target_id", "source").iterator(chunk_size=5000):
        lists[pid].add(source)
    cited = Person.sources.through.objects.filter(source__deleted_at__isnull=True)
    if person_ids is not None:
        cited = cited.filter(person_id__in=person_ids)
    for pid, origin, title in cited.values_list("person_id", "source__origin", "source__title"):
        lists[pid].add((origin or title).strip())
    victims = Victim.objects.all()
    if person_ids is not None:
        victims = victims.filter(person_id__in=person_ids)
    by_incident: dict[int, set[int]] = defaultdict(set)
    for pid, incident_id in victims.values_list("person_id", "act__incident_id").iterator(chunk_size=5000):
        by_incident[incident_id].add(pid)
    if by_incident:
        incident_imports = ImportRecord.objects.filter(target_type="incident")
        if len(by_incident) < 10_000:
            incident_imports = incident_imports.filter(target_id__in=list(by_incident))
        for incident_id, source in incident_imports.values_list("target_id", "source").iterator(chunk_size=5000):
            for pid in by_incident.get(incident_id, ()):
                lists[pid].add(source)
    return lists


def person_records(user=None) -> list[PersonRecord]:
    """Every live person (or those `user` may see) as an engine record, id = the person's pk."""
    events = person_events()
    lists = person_lists()
    records = []
    rows = _persons(user).order_by("id").values_list("id", "name_ar", "name_latin", "sex", "age", "birth_year")
    for pid, name_ar, name_latin, sex, age, birth_year in rows.iterator(chunk_size=5000):
        event = events.get(pid) or PersonEvent()
        names = sorted(lists.get(pid) or {OWN_RECORDS})
        records.append(PersonRecord(
            id=str(pid), source=names[0], name_ar=name_ar, name_latin=name_latin,
            sex=None if sex == "unknown" else sex, age=age, birth_year=birth_year, event_date=event.date,
            place_pcode=event.pcode, latitude=event.latitude, longitude=event.longitude,
        ))
    return records


def incident_records(user=None) -> list[IncidentRecord]:
    """Every live incident as an engine record: dates, place, first act's type, first actor."""
    incidents = Incident.objects.filter(deleted_at__isnull=True)
    if user is not None:
        incidents = visible_to(incidents, user)
    types: dict[int, str] = {}
    for incident_id, code in Act.objects.order_by("incident_id", "id").values_list(
            "incident_id", "violation_type__code").iterator(chunk_size=5000):
        types.setdefault(incident_id, code)
    actors: dict[int, str] = {}
    for incident_id, slug in PerpetrationClaim.objects.order_by("act__incident_id", "id").values_list(
            "act__incident_id", "actor__slug").iterator(chunk_size=5000):
        actors.setdefault(incident_id, slug)
    sources: dict[int, str] = {}
    for incident_id, source in ImportRecord.objects.filter(target_type="incident").order_by("id").values_list(
            "target_id", "source").iterator(chunk_size=5000):
        sources.setdefault(incident_id, source)
    records = []
    for pk, start, end, pcode, lat, lon, plat, plon in incidents.order_by("id").values_list(
            "id", "start_date", "end_date", "place__pcode", "latitude", "longitude", "place__latitude",
            "place__longitude").iterator(chunk_size=5000):
        records.append(IncidentRecord(
            id=str(pk), source=sources.get(pk, OWN_RECORDS), start_date=start, end_date=end,
            violation_type=types.get(pk), actor=actors.get(pk), place_pcode=pcode,
            latitude=lat if lat is not None else plat, longitude=lon if lon is not None else plon,
        ))
    return records
