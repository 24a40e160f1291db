"""Redaction: the one path from the private master to anything the public sees.

Every public page, public API response, feed, public export (`sijill export --public`), public
dataset release and public case file is built from `public_incidents()` and
`public_incident_dict()`; nothing public reads incidents, persons or sources another way.

The rules, in order:

1. **Nothing above public.** Only incidents whose confidentiality is *public*, not soft-deleted
   and not *rejected* in verification are published (`public_incidents`, through
   `visible_to` with a reader cleared for public records only). Inside a published incident, each
   victim and each source is published only when it is itself public.
2. **No witness or source identity.** A source is published as its type, date, reliability and
   credibility only. Its title and URL (original and archived) are added only for source types
   that are publications in their own right (media article, official statement, another
   organisation's dataset: `CITABLE_SOURCE_TYPES`); witness testimony, field reports, social-media
   posts and photos/videos never show a title or a URL, because those name or point to a person.
   A source's origin (the person or outlet the information came from) and content are never
   published.
3. **Victims only as allowed.** A victim is named only when the person record is public; then
   the names (Arabic and Latin), sex, age, child flag, civilian/combatant status and outcome are
   published. Notes, other spellings, birth year and place of origin are never published. Victims
   who are not public appear only inside the casualty figures.
4. **Places coarsened.** The record's own coordinates (latitude/longitude typed on the incident)
   and its location detail (`location_note`) are never published, with one exception: a record
   whose place precision is *exact* and that carries the tag `public-place:exact`. Otherwise the
   public point is the gazetteer centroid of the incident's place at the *publication level*: the
   coarsest of (a) the place itself, never finer than a community (a neighbourhood is published as
   its community), (b) the record's place precision, and (c) the level the record asks for with a
   tag `public-place:community|subdistrict|district|governorate`. Place names below that level are
   not published either.
5. **Small cells suppressed.** The casualty totals (killed, injured; minimum and maximum) are
   published as recorded. The breakdowns by children, women, men and combatants are passed through
   `sijill.analysis.suppression.suppress(count, k)`: a count from 1 to k-1 is published as "<k"
   (k = settings.SIJILL_SUPPRESSION_K, default 5), because a small count by age and sex can point
   at one family.
6. **No internal notes or people.** Claim notes, act descriptions, person notes, who created or
   changed the record, evidence files and machine tags (any tag containing ":") are not published.
   Perpetrators are published as actors (organisations) with the claim's degree and confidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from sijill.analysis.suppression import suppress
from sijill.confidentiality import Confidentiality, visible_to

# Source types whose title and URL are themselves public (publications, not people).
CITABLE_SOURCE_TYPES = frozenset({"media-article", "official-statement", "organisation-dataset"})

# The tag a record carries to ask for a coarser public place, and the levels it may ask for.
PLACE_TAG = "public-place:"
# precision name -> gazetteer level (country 0 ... neighbourhood 5); "exact" is finer than any place.
PRECISION_LEVEL = {"exact": 6, "community": 4, "subdistrict": 3, "district": 2, "governorate": 1}
LEVEL_PRECISION = {4: "community", 3: "subdistrict", 2: "district", 1: "governorate", 0: "country"}
FINEST_PUBLIC_LEVEL = 4  # community

CASUALTY_BREAKDOWN = ("children", "women", "men", "combatants")
CASUALTY_OUTCOMES = ("killed", "injured")
NOT_PUBLISHED_STATUS = "rejected"


class _PublicReader:
    """A reader cleared for public records only: what anyone on the internet may see."""

    is_authenticated = True
    is_active = True
    clearance = Confidentiality.PUBLIC
    pk = None
    username = "public"


PUBLIC_READER = _PublicReader()


# -- what is published


def public_incidents() -> QuerySet:
    """Incidents anyone may see: public, not deleted, not rejected; newest first."""
    from sijill.incidents.models import Incident

    qs = visible_to(Incident.objects.all(), PUBLIC_READER).exclude(status__code=NOT_PUBLISHED_STATUS)
    return qs.select_related("grading", "status").order_by("-start_date", "-id")


class _Term:
    """A vocabulary term as the record builders read it (code and both labels)."""

    __slots__ = ("code", "label_en", "label_ar")

    def __init__(self, code, label_en, label_ar):
        self.code, self.label_en, self.label_ar = code, label_en, label_ar


class IncidentRow:
    """An incident's own columns as attributes (`pk`, `title_en`, ..., `grading` and `status` as
    terms): what the record builders read from an Incident, without building a model instance."""

    def __init__(self, values: dict):
        terms = {key: values.pop(key) for key in [f"{name}__{part}" for name in ("grading", "status")
                                                  for part in ("code", "label_en", "label_ar")]}
        self.__dict__.update(values)
        self.pk = values["id"]
        for name in ("grading", "status"):
            code = terms[f"{name}__code"]
            setattr(self, name, _Term(code, terms[f"{name}__label_en"], terms[f"{name}__label_ar"]) if code else None)


_INCIDENT_COLUMNS = (
    "id", "title_en", "title_ar", "description_en", "description_ar", "start_date", "end_date", "date_precision",
    "place_path", "place_precision", "location_note", "latitude", "longitude", "tags", "confidentiality",
    "deleted_at", "updated_at", "status_id", "grading_id",
    *(f"{o}_{g}_{b}" for o in CASUALTY_OUTCOMES for g in ("total", *CASUALTY_BREAKDOWN) for b in ("min", "max")),
    *(f"{name}__{part}" for name in ("grading", "status") for part in ("code", "label_en", "label_ar")),
)


def incident_rows(ids: Iterable[int]) -> dict[int, IncidentRow]:
    """The incidents with these ids, by id, as `IncidentRow`s (one query, no model instances)."""
    from sijill.incidents.models import Incident

    return {v["id"]: IncidentRow(v) for v in Incident.objects.filter(pk__in=list(ids)).values(*_INCIDENT_COLUMNS)}


def incident_parts(incident_ids: Iterable[int], reader) -> dict[int, dict]:
    """{incident id: {"acts": [...], "sources": [...]}}: the parts of these incidents `reader` may see.

    Plain rows (`values()`), never model instances, in a fixed number of queries per call: acts,
    victim links, the visible persons, claims, actors, claim and incident source links, the
    visible sources, and the vocabulary terms they name. Victims and sources are filtered by
    `visible_to` on their own primary keys (a confidentiality filter joined to the links makes
    SQLite walk the whole person table by its confidentiality index instead of these few rows).

    An act: {"id", "violation_type", "method" (term dicts), "legal_qualification", "description",
    "claims": [{"actor": {...}, "degree", "confidence", "note", "sources": [...]}], "victims":
    [{"name_ar", ..., "confidentiality", "deleted_at", "outcome"}]}; a source: its row with
    "type", "reliability" and "credibility" as term dicts.
    """
    from sijill.actors.models import Actor
    from sijill.incidents.models import Act, Incident, PerpetrationClaim, Victim
    from sijill.people.models import Person
    from sijill.sources.models import Source
    from sijill.vocabularies.models import Term

    incident_ids = list(incident_ids)
    parts = {pk: {"acts": [], "sources": []} for pk in incident_ids}
    acts = list(Act.objects.filter(incident_id__in=incident_ids).order_by("id").values(
        "id", "incident_id", "violation_type_id", "method_id", "legal_qualification", "description"))
    act_ids = [a["id"] for a in acts]
    links = list(Victim.objects.filter(act_id__in=act_ids).order_by("id").values_list("act_id", "person_id", "outcome"))
    people = {p["id"]: p for p in visible_to(Person.objects.filter(pk__in={pid for _a, pid, _o in links}), reader)
              .values("id", "name_ar", "name_latin", "sex", "age", "is_child", "status", "confidentiality",
                      "deleted_at")}
    claims = list(PerpetrationClaim.objects.filter(act_id__in=act_ids).order_by("id").values(
        "id", "act_id", "actor_id", "degree", "confidence", "note"))
    actors = {a["id"]: a for a in Actor.objects.filter(pk__in={c["actor_id"] for c in claims}).values(
        "id", "slug", "name_en", "name_ar", "acled_inter_code")}
    claim_links = list(PerpetrationClaim.sources.through.objects.filter(
        perpetrationclaim_id__in=[c["id"] for c in claims]).values_list("perpetrationclaim_id", "source_id"))
    incident_links = list(Incident.sources.through.objects.filter(incident_id__in=incident_ids)
                          .values_list("incident_id", "source_id"))
    source_ids = {sid for _c, sid in claim_links} | {sid for _i, sid in incident_links}
    sources = sorted(visible_to(Source.objects.filter(pk__in=source_ids), reader).values(
        "id", "title", "url", "archived_url", "published_on", "language", "source_type_id", "reliability_id",
        "credibility_id", "confidentiality", "deleted_at"),
        key=lambda r: (r["published_on"] is None, r["published_on"] or 0, r["id"]))
    term_ids = {a[k] for a in acts for k in ("violation_type_id", "method_id")}
    term_ids |= {r[k] for r in sources for k in ("source_type_id", "reliability_id", "credibility_id")}
    terms = {t["id"]: {"code": t["code"], "en": t["label_en"], "ar": t["label_ar"]}
             for t in Term.objects.filter(pk__in=term_ids - {None}).values("id", "code", "label_en", "label_ar")}

    for row in sources:
        row["type"] = terms.get(row["source_type_id"])
        row["reliability"] = terms.get(row["reliability_id"])
        row["credibility"] = terms.get(row["credibility_id"])
    order = {row["id"]: n for n, row in enumerate(sources)}
    by_id = {row["id"]: row for row in sources}

    def _sources(ids: list[int]) -> list[dict]:
        return [by_id[i] for i in sorted(set(ids) & by_id.keys(), key=order.__getitem__)]

    claim_sources: dict[int, list[int]] = {}
    for claim_id, source_id in claim_links:
        claim_sources.setdefault(claim_id, []).append(source_id)
    incident_sources: dict[int, list[int]] = {}
    for incident_id, source_id in incident_links:
        incident_sources.setdefault(incident_id, []).append(source_id)
    by_act = {}
    for act in acts:
        entry = {"id": act["id"], "violation_type": terms.get(act["violation_type_id"]),
                 "method": terms.get(act["method_id"]), "legal_qualification": act["legal_qualification"],
                 "description": act["description"], "claims": [], "victims": []}
        by_act[act["id"]] = entry
        parts[act["incident_id"]]["acts"].append(entry)
    for act_id, person_id, outcome in links:
        if person_id in people:
            by_act[act_id]["victims"].append({**people[person_id], "outcome": outcome})
    for claim in claims:
        by_act[claim["act_id"]]["claims"].append({
            "actor": actors[claim["actor_id"]], "degree": claim["degree"], "confidence": claim["confidence"],
            "note": claim["note"], "sources": _sources(claim_sources.get(claim["id"], []))})
    for pk, part in parts.items():
        part["sources"] = _sources(incident_sources.get(pk, []))
    return parts


def is_public(incident) -> bool:
    """True when `incident` may be published at all (rule 1)."""
    return (
        incident.confidentiality == Confidentiality.PUBLIC
        and incident.deleted_at is None
        and not (incident.status_id and incident.status.code == NOT_PUBLISHED_STATUS)
    )


def incident_fields(incident) -> dict:
    """The fields every form of an incident record shares, public or staff."""
    return {
        "id": incident.pk,
        "title_en": incident.title_en,
        "title_ar": incident.title_ar,
        "description_en": incident.description_en,
        "description_ar": incident.description_ar,
        "start_date": incident.start_date.isoformat(),
        "end_date": incident.end_date.isoformat(),
        "date_precision": incident.date_precision,
        "grading": term_dict(incident.grading),
        "status": term_dict(incident.status),
    }


def public_incident_dict(incident, *, places: PlaceLineage | None = None, parts: dict | None = None) -> dict:
    """The published form of one public incident (see the module rules); ValueError if not public.

    `parts`: the incident's entry of `incident_parts(..., PUBLIC_READER)`, loaded here when not given.
    """
    if not is_public(incident):
        raise ValueError(f"Incident {incident.pk} is not public and cannot be published.")
    if parts is None:
        parts = incident_parts([incident.pk], PUBLIC_READER)[incident.pk]
    places = places or PlaceLineage.for_incidents([incident])
    place = public_place(incident, places)
    return {
        **incident_fields(incident),
        "tags": public_tags(incident.tags),
        "place": place["place"],
        "admin": place["admin"],
        "latitude": place["latitude"],
        "longitude": place["longitude"],
        "geo_precision": place["precision"],
        "point_source": place["point_source"],
        "casualties": public_casualties(incident),
        "acts": [
            {
                "violation_type": act["violation_type"],
                "method": act["method"],
                "legal_qualification": act["legal_qualification"],
                "perpetrators": [claim_dict(c) for c in act["claims"]],
                # incident_parts kept the public persons; checked again here, as this is the last step.
                "victims": [public_victim_dict(v) for v in act["victims"]
                            if v["confidentiality"] == Confidentiality.PUBLIC and v["deleted_at"] is None],
            }
            for act in parts["acts"]
        ],
        "sources": [public_source_dict(s) for s in parts["sources"]
                    if s["confidentiality"] == Confidentiality.PUBLIC and s["deleted_at"] is None],
        "updated_at": incident.updated_at.isoformat() if incident.updated_at else None,
    }


def public_incident_dicts(queryset: QuerySet | None = None, *, chunk: int = 500) -> Iterator[dict]:
    """Published dicts of `queryset` (default: every public incident), a chunk at a time.

    The queryset is always narrowed to `public_incidents()` first, so a caller cannot pass
    anything non-public through.
    """
    base = public_incidents()
    if queryset is not None:
        base = base.filter(pk__in=queryset.values("pk"))
    ids = list(base.values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        part = ids[start:start + chunk]
        rows = incident_rows(public_incidents().filter(pk__in=part).values_list("pk", flat=True))
        parts = incident_parts(rows, PUBLIC_READER)
        places = PlaceLineage.for_incidents(rows.values())
        for pk in part:
            if pk in rows:
                yield public_incident_dict(rows[pk], places=places, parts=parts[pk])


# -- the parts


def term_dict(term) -> dict | None:
    if term is None:
        return None
    return {"code": term.code, "en": term.label_en, "ar": term.label_ar}


def claim_dict(claim: dict) -> dict:
    actor = claim["actor"]
    return {"actor": actor["slug"], "name_en": actor["name_en"], "name_ar": actor["name_ar"],
            "acled_inter_code": actor["acled_inter_code"], "degree": claim["degree"], "confidence": claim["confidence"]}


def public_tags(tags: Iterable[str] | None) -> list[str]:
    """Tags without machine instructions (anything with a colon, such as public-place:...)."""
    return [t for t in tags or [] if ":" not in t]


def public_victim_dict(victim: dict) -> dict:
    return {"name_ar": victim["name_ar"], "name_latin": victim["name_latin"], "sex": victim["sex"],
            "age": victim["age"], "is_child": victim["is_child"], "status": victim["status"],
            "outcome": victim["outcome"]}


def source_dict(source: dict) -> dict:
    """A source row of `incident_parts` as every record shows it (staff: with title and URLs)."""
    return {
        "type": source["type"],
        "published_on": source["published_on"].isoformat() if source["published_on"] else None,
        "language": source["language"],
        "reliability": source["reliability"]["code"] if source["reliability"] else None,
        "credibility": source["credibility"]["code"] if source["credibility"] else None,
        "title": source["title"],
        "url": source["url"],
        "archived_url": source["archived_url"],
    }


def public_source_dict(source: dict) -> dict:
    """A source as published: its title and URLs only for publications (rule 2)."""
    data = source_dict(source)
    if (source["type"] or {}).get("code") not in CITABLE_SOURCE_TYPES:
        data.update(title="", url="", archived_url="")
    return data


def public_casualties(incident) -> dict:
    """{"killed_total_min": 3, "killed_children_max": "<5", ...}: totals as recorded, breakdowns suppressed."""
    figures = {}
    for outcome in CASUALTY_OUTCOMES:
        for group in ("total", *CASUALTY_BREAKDOWN):
            for bound in ("min", "max"):
                name = f"{outcome}_{group}_{bound}"
                value = getattr(incident, name)
                figures[name] = value if group == "total" else suppress(value)
    return figures


# -- places


class PlaceLineage:
    """Gazetteer rows (names, level, centroid) of the places of some incidents and their ancestors.

    One query per batch: the ancestors' p-codes are read from the incidents' `place_path`.
    """

    def __init__(self, rows: dict[str, dict]):
        self.rows = rows

    @classmethod
    def for_incidents(cls, incidents: Iterable) -> PlaceLineage:
        from sijill.places.models import Place

        pcodes = {code for i in incidents for code in (i.place_path or "").split("/") if code}
        rows = {
            r["pcode"]: r for r in Place.objects.filter(pcode__in=pcodes).values(
                "pcode", "level", "name_en", "name_ar", "latitude", "longitude")
        }
        return cls(rows)

    def lineage(self, incident) -> list[dict]:
        """The incident's place and its ancestors, country first."""
        return [self.rows[c] for c in (incident.place_path or "").split("/") if c in self.rows]


def requested_level(tags: Iterable[str] | None) -> int | None:
    """The publication level a record asks for with a `public-place:` tag (6 = exact), or None."""
    levels = [PRECISION_LEVEL.get(t[len(PLACE_TAG):].strip().lower()) for t in tags or [] if t.startswith(PLACE_TAG)]
    levels = [lv for lv in levels if lv is not None]
    return min(levels) if levels else None


def public_place(incident, places: PlaceLineage) -> dict:
    """{"place", "admin", "latitude", "longitude", "precision", "point_source"} as published (rule 4).

    point_source: "record" (the record's own coordinates), "place" (a gazetteer centroid) or None.
    """
    asked = requested_level(incident.tags)
    exact = (asked == PRECISION_LEVEL["exact"] and incident.place_precision == "exact"
             and incident.latitude is not None and incident.longitude is not None)
    lineage = places.lineage(incident)
    level = min(PRECISION_LEVEL.get(incident.place_precision, FINEST_PUBLIC_LEVEL), FINEST_PUBLIC_LEVEL)
    if asked is not None:
        level = min(level, asked)
    shown = [row for row in lineage if row["level"] <= level]
    admin = {}
    for row in shown:
        if row["level"] >= 1:
            admin[f"admin{row['level']}"] = {"pcode": row["pcode"], "name_en": row["name_en"], "name_ar": row["name_ar"]}
    result = {"place": None, "admin": admin, "latitude": None, "longitude": None, "precision": None,
              "point_source": None}
    if shown:
        deepest = shown[-1]
        result["place"] = {"pcode": deepest["pcode"], "name_en": deepest["name_en"], "name_ar": deepest["name_ar"],
                           "level": deepest["level"]}
        for row in reversed(shown):  # the nearest ancestor that has a centroid
            if row["latitude"] is not None and row["longitude"] is not None:
                result.update(latitude=row["latitude"], longitude=row["longitude"], point_source="place",
                              precision=LEVEL_PRECISION.get(row["level"], "country"))
                break
    if exact:
        result.update(latitude=incident.latitude, longitude=incident.longitude, precision="exact",
                      point_source="record")
    return result
