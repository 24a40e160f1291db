"""Bulk writing of one validated batch: persons or incidents with their parts, versions, provenance.

Called by `services._Importer.commit` inside the batch's transaction. The records get the same
fields, place path and search text the per-record services would give them.
"""

from __future__ import annotations

import json
from functools import lru_cache

from django.utils import timezone

from sijill.incidents.models import Act, Incident, PerpetrationClaim, Victim
from sijill.incidents.services import (
    INCIDENT_FIELDS,
    REVIEW_DECIDED,
    incident_reindex,
    incident_snapshot,
)
from sijill.people.models import Person, PersonName
from sijill.people.services import (
    PERSON_FIELDS,
    PLACE_FIELDS,
    SEALED_FIELDS,
    sealed_snapshot_values,
)
from sijill.search_index import indexed_after_insert
from sijill.security.fields import seal_in_bulk, sealed_for
from sijill.text.normalise import search_text, search_tokens

PERSON_UPDATABLE = [f for f in PERSON_FIELDS if f != "confidentiality"]
INCIDENT_UPDATABLE = [f for f in INCIDENT_FIELDS if f != "confidentiality"]
# `sijill.audit.services._canonical`'s options in one reusable encoder (same text, built once).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


@lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    return tuple(search_tokens(word))


def names_search_text(*parts: str | None) -> str:
    """`search_text(*parts)`, computed word by word through a cache.

    The same words (محمد, Ahmad, al-Hassan) recur across thousands of names, and the
    normaliser's work on a word does not depend on its neighbours: tokens never span
    whitespace, so the tokens of a text are those of its words, in order.
    """
    out: dict[str, None] = {}
    for part in parts:
        if part:
            for word in part.split():
                for token in _word_tokens(word):
                    out[token] = None
    return " ".join(out)


def _person_snapshot(person: Person, names=()) -> dict:
    """`sijill.people.services.person_snapshot` without its query, for persons written here."""
    data = {name: getattr(person, name) for name in PERSON_FIELDS if name not in PLACE_FIELDS}
    for name in PLACE_FIELDS:
        data[name] = getattr(person, name).pcode if getattr(person, f"{name}_id") else None
    data["names"] = [{"name": n, "script": s} for n, s in names]
    return sealed_snapshot_values(data)


def _new_person(imp, clean: dict) -> Person:
    fields = {k: clean[k] for k in PERSON_FIELDS if k in clean}
    return Person(**fields, created_by=imp.user, updated_by=imp.user,
                  search_text=names_search_text(clean.get("name_ar"), clean.get("name_latin")))


_PERSON_COLUMNS = ["id", "created_at", "updated_at", "created_by_id", "updated_by_id", "lock_version",
                   *(f if f not in PLACE_FIELDS else f"{f}_id" for f in PERSON_FIELDS), "search_text"]


def _sealed_rows(rows: list[tuple]) -> list[tuple]:
    """Person rows with their encrypted fields (notes) sealed for their own ids (column 0): the
    raw insert below bypasses the field's save hooks."""
    columns = [(_PERSON_COLUMNS.index(name), name) for name in SEALED_FIELDS]
    out = []
    for row in rows:
        if any(row[i] for i, _n in columns):
            row = list(row)
            for i, name in columns:
                if row[i]:
                    row[i] = sealed_for(Person, row[0], name, row[i])
            row = tuple(row)
        out.append(row)
    return out


def _insert_new_persons(imp, created: list, now) -> None:
    """New persons, their version 1 and their provenance in one bulk insert per table.

    The persons' full-text index is filled once for the whole batch (`indexed_after_insert`).
    """
    from . import bulk

    if not created:
        return
    defaults = {f: Person._meta.get_field(f).get_default() for f in PERSON_FIELDS if f not in PLACE_FIELDS}
    at = bulk.db_datetime(now)
    user_id = imp.user.pk
    ids = bulk.reserve_ids(Person._meta.db_table, len(created))
    persons, versions, records = [], [], []
    run_id, source, digest_target = imp.run.pk, imp.source, imp.target
    names = [f for f in PERSON_FIELDS if f not in PLACE_FIELDS]
    encode = _CANONICAL.encode
    for p, pk in zip(created, ids, strict=True):
        clean = p.clean
        get = clean.get
        values = {f: get(f, defaults[f]) for f in names}
        places = {f: get(f) for f in PLACE_FIELDS}
        persons.append((pk, at, at, user_id, user_id, 1,
                        *[(places[f].pk if places[f] is not None else None) if f in places else values[f]
                          for f in PERSON_FIELDS],
                        names_search_text(values["name_ar"], values["name_latin"])))
        for f, place in places.items():
            values[f] = place.pcode if place is not None else None
        values["names"] = []
        sealed_snapshot_values(values)  # the version holds a fingerprint; the row is sealed below
        versions.append(("person", str(pk), 1, at, user_id, encode(values)))
        records.append((source, p.mapped.key, p.mapped.alt_key[:300], digest_target, pk, run_id, run_id, p.number,
                        p.digest, "{}"))
        clean["id"] = pk
    with indexed_after_insert(Person._meta.db_table, ids[0], ids[-1]):
        bulk.insert(Person._meta.db_table, _PERSON_COLUMNS, _sealed_rows(persons))
    bulk.insert("audit_version", ["record_type", "record_id", "number", "at", "user_id", "data"], versions)
    bulk.insert("intake_importrecord", ["source", "source_key", "alt_key", "target_type", "target_id", "first_run_id",
                                        "run_id", "row_number", "content_hash", "parts"], records)


def write_persons(imp, changed: list) -> tuple[list, list]:
    now = timezone.now()
    created = [p for p in changed if p.existing is None]
    updated = [p for p in changed if p.existing is not None]
    _insert_new_persons(imp, created, now)
    snapshots: dict = {}

    reindex: set[int] = set()
    if updated:
        rows = Person.objects.select_related(*PLACE_FIELDS).in_bulk([p.existing.target_id for p in updated])
        variants: dict[int, list] = {}
        for person_id, name, script in PersonName.objects.filter(person_id__in=list(rows)).order_by("id").values_list(
                "person_id", "name", "script"):
            variants.setdefault(person_id, []).append((name, script))
        changed_rows = []
        for p in updated:
            person = rows.get(p.existing.target_id)
            if person is None:
                # The record was removed from the database; file it again.
                person = _new_person(imp, p.clean)
                person.save()
                p.clean["id"] = person.pk
                snapshots[person.pk] = _person_snapshot(person)
                continue
            names_before = (person.name_ar, person.name_latin)
            for name in PERSON_UPDATABLE:
                if name in p.clean:
                    setattr(person, name, p.clean[name])
            person.lock_version += 1
            person.updated_by = imp.user
            person.updated_at = now
            person.search_text = names_search_text(person.name_ar, person.name_latin,
                                                   *(n for n, _s in variants.get(person.pk, ())))
            p.clean["id"] = person.pk
            changed_rows.append(person)
            snapshots[person.pk] = _person_snapshot(person, variants.get(person.pk, ()))
            if names_before != (person.name_ar, person.name_latin):
                reindex.add(person.pk)
        Person.objects.bulk_update(changed_rows, [*(f for f in PERSON_UPDATABLE if f not in SEALED_FIELDS),
                                                  "lock_version", "updated_by", "updated_at", "search_text"])
        seal_in_bulk(Person, {person.pk: {f: getattr(person, f) for f in SEALED_FIELDS} for person in changed_rows})

    # Victim links: a victim row names the incident it belongs to.
    links = [(p.victim_act, p.clean["id"], p.mapped.outcome) for p in changed if p.victim_act]
    touched_acts: set[int] = set()
    if links:
        existing = {
            (v.act_id, v.person_id): v
            for v in Victim.objects.filter(person_id__in=[pid for _a, pid, _o in links])
        }
        new, moved = [], []
        for act_id, person_id, outcome in links:
            victim = existing.get((act_id, person_id))
            if victim is None:
                new.append(Victim(act_id=act_id, person_id=person_id, outcome=outcome))
            elif victim.outcome != outcome:
                victim.outcome = outcome
                moved.append(victim)
            else:
                continue
            touched_acts.add(act_id)
        Victim.objects.bulk_create(new)
        Victim.objects.bulk_update(moved, ["outcome"])
    incidents = set(Act.objects.filter(pk__in=touched_acts).values_list("incident_id", flat=True))
    if reindex:
        incidents |= set(Act.objects.filter(victim_links__person_id__in=reindex).values_list("incident_id", flat=True))
    for incident in Incident.objects.filter(pk__in=incidents).select_related("place"):
        incident_reindex(incident)

    imp.versions("person", snapshots, set())
    imp.provenance([], updated)
    return created, updated


def _incident_text(incident: Incident, actor_names: list[str], victim_names=()) -> str:
    """`incident_search_text`, for an incident whose claims and victims are given, not queried."""
    parts = [incident.title_en, incident.title_ar, incident.description_en, incident.description_ar,
             incident.location_note]
    if incident.place_id:
        place = incident.place
        parts += [place.name_en, place.name_ar, *place.alt_names]
    parts += actor_names
    parts += victim_names
    parts += incident.tags or []
    return search_text(*parts)


def _incident_snapshot(incident: Incident, act: Act | None, claims: list, victims: list, resolver) -> dict:
    """`incident_snapshot` for an incident just created here, built without queries."""
    data = {name: getattr(incident, name) for name in INCIDENT_FIELDS if name not in ("place", "grading", "status")}
    data["start_date"] = incident.start_date.isoformat()
    data["end_date"] = incident.end_date.isoformat()
    data["place"] = incident.place.pcode if incident.place_id else None
    data["grading"] = incident.grading.code if incident.grading_id else None
    data["status"] = incident.status.code if incident.status_id else None
    data["sources"] = []
    data["acts"] = [] if act is None else [{
        "id": act.pk,
        "violation_type": act.violation_type.code,
        "method": act.method.code if act.method_id else None,
        "legal_qualification": "",
        "description": "",
        "victims": [{"person": v.person_id, "name": person.name_ar or person.name_latin, "outcome": v.outcome}
                    for v, person in victims],
        "claims": [{"actor": resolver.actor_info(c.actor_id)[0], "degree": c.degree, "confidence": c.confidence,
                    "sources": []} for c in claims],
    }]
    return data


def _incident_fields(clean: dict) -> dict:
    return {k: clean[k] for k in INCIDENT_FIELDS if k in clean}


def write_incidents(imp, changed: list) -> tuple[list, list]:
    now = timezone.now()
    user = imp.user
    resolver = imp.resolver
    created = [p for p in changed if p.existing is None]
    updated = [p for p in changed if p.existing is not None]

    rows = []
    for p in created:
        incident = Incident(**_incident_fields(p.clean), created_by=user, updated_by=user)
        incident.place_path = incident.place.path if incident.place_id else ""
        names = []
        for actor_id in p.actors:
            _slug, name_en, name_ar = resolver.actor_info(actor_id)
            names += [name_en, name_ar]
        victim_names = []
        for victim in p.victims:
            victim_names += [victim["clean"].get("name_ar"), victim["clean"].get("name_latin")]
        incident.search_text = _incident_text(incident, names, victim_names)
        rows.append(incident)
    Incident.objects.bulk_create(rows)
    acts = []
    for p, incident in zip(created, rows, strict=True):
        p.clean["id"] = incident.pk
        if p.act:
            acts.append(Act(incident=incident, violation_type=p.act["violation_type"], method=p.act.get("method")))
        else:
            acts.append(None)
    Act.objects.bulk_create([a for a in acts if a is not None])
    claims: dict[int, list] = {}
    all_claims = []
    for p, act in zip(created, acts, strict=True):
        if act is not None:
            claims[p.clean["id"]] = [PerpetrationClaim(act=act, actor_id=a) for a in p.actors]
            all_claims += claims[p.clean["id"]]
    PerpetrationClaim.objects.bulk_create(all_claims)
    # Inline victims (XLSForm submissions): new persons linked to the new act.
    people, links = [], []
    for p, act in zip(created, acts, strict=True):
        for victim in p.victims:
            if act is None:
                continue
            person = _new_person(imp, victim["clean"])
            people.append(person)
            links.append((p.clean["id"], act, person, victim["outcome"]))
    Person.objects.bulk_create(people)
    seal_in_bulk(Person, {person.pk: {f: getattr(person, f) for f in SEALED_FIELDS} for person in people})
    victims = [Victim(act=act, person=person, outcome=outcome) for _i, act, person, outcome in links]
    Victim.objects.bulk_create(victims)
    by_incident: dict[int, list] = {}
    for (incident_id, _act, person, _o), victim in zip(links, victims, strict=True):
        by_incident.setdefault(incident_id, []).append((victim, person))
    if people:
        imp.versions("person", {person.pk: _person_snapshot(person) for person in people},
                     {person.pk for person in people})

    snapshots = {}
    for p, incident, act in zip(created, rows, acts, strict=True):
        own_claims = claims.get(incident.pk, [])
        p.clean["parts"] = {"act": act.pk if act else None, "claims": [c.pk for c in own_claims],
                            "persons": [person.pk for _v, person in by_incident.get(incident.pk, [])]}
        snapshots[incident.pk] = _incident_snapshot(incident, act, own_claims, by_incident.get(incident.pk, []),
                                                    resolver)

    if updated:
        existing = Incident.objects.select_related("place", "status").in_bulk(
            [p.existing.target_id for p in updated])
        changed_rows = []
        for p in updated:
            incident = existing.get(p.existing.target_id)
            if incident is None:
                continue
            # A status decided by review (verified, rejected) is left only through review; a status
            # the file does not give is not the file's to reset.
            keep_status = ((incident.status_id and incident.status.code in REVIEW_DECIDED)
                           or "status" not in p.mapped.fields)
            for name in INCIDENT_UPDATABLE:
                if name in p.clean and not (name == "status" and keep_status):
                    setattr(incident, name, p.clean[name])
            incident.place_path = incident.place.path if incident.place_id else ""
            incident.lock_version += 1
            incident.updated_by = user
            incident.updated_at = now
            p.clean["id"] = incident.pk
            changed_rows.append(incident)
            parts = dict(p.existing.parts or {})
            act_id = parts.get("act")
            if act_id and p.act:
                Act.objects.filter(pk=act_id).update(violation_type=p.act["violation_type"], method=p.act.get("method"))
                PerpetrationClaim.objects.filter(pk__in=parts.get("claims") or [], act_id=act_id).delete()
                new_claims = PerpetrationClaim.objects.bulk_create(
                    [PerpetrationClaim(act_id=act_id, actor_id=a) for a in p.actors])
                parts["claims"] = [c.pk for c in new_claims]
            p.clean["parts"] = parts
        Incident.objects.bulk_update(changed_rows, [*INCIDENT_UPDATABLE, "place_path", "lock_version", "updated_by",
                                                    "updated_at"])
        for incident in changed_rows:
            incident_reindex(incident)
            snapshots[incident.pk] = incident_snapshot(incident)

    imp.versions("incident", snapshots, {p.clean["id"] for p in created})
    imp.provenance(created, [p for p in updated if "id" in p.clean])
    return created, [p for p in updated if "id" in p.clean]
