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

from django.db.models import Prefetch, QuerySet

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
    """Incidents anyone may see: public, not deleted, not rejected; with the parts a dict needs."""
    from sijill.incidents.models import Incident

    qs = visible_to(Incident.objects.all(), PUBLIC_READER).exclude(status__code=NOT_PUBLISHED_STATUS)
    return with_public_parts(qs).order_by("-start_date", "-id")


def with_public_parts(queryset: QuerySet) -> QuerySet:
    """`queryset` of incidents with their acts, victim links, claims and sources prefetched.

    The prefetches are not filtered by confidentiality: `restrict_parts` keeps the public ones
    after loading (a person or source filter inside the prefetch makes SQLite walk the whole
    person table by its confidentiality index instead of the few victims of these acts).
    """
    from sijill.incidents.models import Act, PerpetrationClaim, Victim
    from sijill.sources.models import Source

    sources = Source.objects.select_related("source_type", "reliability", "credibility").order_by("published_on", "id")
    claims = PerpetrationClaim.objects.select_related("actor").order_by("id").prefetch_related(
        Prefetch("sources", queryset=sources, to_attr="all_sources"))
    acts = Act.objects.select_related("violation_type", "method").order_by("id").prefetch_related(
        Prefetch("victim_links", queryset=Victim.objects.select_related("person").order_by("id"),
                 to_attr="all_victim_links"),
        Prefetch("claims", queryset=claims, to_attr="public_claims"),
    )
    return queryset.select_related("place", "grading", "status").prefetch_related(
        Prefetch("acts", queryset=acts, to_attr="public_acts"),
        Prefetch("sources", queryset=sources, to_attr="all_sources"),
    )


def restrict_parts(incidents: Iterable, reader) -> None:
    """Keep on each loaded incident only the victims and sources `reader` may see, by `visible_to`.

    Sets `act.public_victims`, `incident.public_sources` and `claim.visible_sources` from the
    unfiltered prefetches of `with_public_parts`; persons and sources are looked up by primary key.
    """
    from sijill.people.models import Person
    from sijill.sources.models import Source

    incidents = list(incidents)
    acts = [a for i in incidents for a in i.public_acts]
    claims = [c for a in acts for c in a.public_claims]
    person_ids = {v.person_id for a in acts for v in a.all_victim_links}
    source_ids = {s.pk for i in incidents for s in i.all_sources} | {s.pk for c in claims for s in c.all_sources}
    people = set(visible_to(Person.objects.filter(pk__in=person_ids), reader).values_list("pk", flat=True))
    sources = set(visible_to(Source.objects.filter(pk__in=source_ids), reader).values_list("pk", flat=True))
    for incident in incidents:
        incident.public_sources = [s for s in incident.all_sources if s.pk in sources]
    for act in acts:
        act.public_victims = [v for v in act.all_victim_links if v.person_id in people]
    for claim in claims:
        claim.visible_sources = [s for s in claim.all_sources if s.pk in sources]


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


def public_incident_dict(incident, *, places: PlaceLineage | None = None) -> dict:
    """The published form of one public incident (see the module rules); ValueError if not public."""
    if not is_public(incident):
        raise ValueError(f"Incident {incident.pk} is not public and cannot be published.")
    if not hasattr(incident, "public_acts"):
        incident = with_public_parts(type(incident).objects.filter(pk=incident.pk)).get()
    if not hasattr(incident, "public_sources"):
        restrict_parts([incident], PUBLIC_READER)
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
                "violation_type": term_dict(act.violation_type),
                "method": term_dict(act.method),
                "legal_qualification": act.legal_qualification,
                "perpetrators": [claim_dict(c) for c in act.public_claims],
                # restrict_parts kept the public persons; checked again here, as this is the last step.
                "victims": [public_victim_dict(v) for v in act.public_victims
                            if v.person.confidentiality == Confidentiality.PUBLIC and v.person.deleted_at is None],
            }
            for act in incident.public_acts
        ],
        "sources": [public_source_dict(s) for s in incident.public_sources
                    if s.confidentiality == Confidentiality.PUBLIC and s.deleted_at is None],
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
        rows = {i.pk: i for i in public_incidents().filter(pk__in=part)}
        restrict_parts(rows.values(), PUBLIC_READER)
        places = PlaceLineage.for_incidents(rows.values())
        for pk in part:
            if pk in rows:
                yield public_incident_dict(rows[pk], places=places)


# -- the parts


def term_dict(term) -> dict | None:
    if term is None:
        return None
    return {"code": term.code, "en": term.label_en, "ar": term.label_ar}


def claim_dict(claim) -> dict:
    actor = claim.actor
    return {"actor": actor.slug, "name_en": actor.name_en, "name_ar": actor.name_ar,
            "acled_inter_code": actor.acled_inter_code, "degree": claim.degree, "confidence": claim.confidence}


def public_tags(tags: Iterable[str] | None) -> list[str]:
    """Tags without machine instructions (anything with a colon, such as public-place:...)."""
    return [t for t in tags or [] if ":" not in t]


def public_victim_dict(link) -> dict:
    person = link.person
    return {"name_ar": person.name_ar, "name_latin": person.name_latin, "sex": person.sex, "age": person.age,
            "is_child": person.is_child, "status": person.status, "outcome": link.outcome}


def public_source_dict(source) -> dict:
    kind = source.source_type.code if source.source_type_id else ""
    data = {
        "type": term_dict(source.source_type),
        "published_on": source.published_on.isoformat() if source.published_on else None,
        "language": source.language,
        "reliability": source.reliability.code if source.reliability_id else None,
        "credibility": source.credibility.code if source.credibility_id else None,
        "title": "",
        "url": "",
        "archived_url": "",
    }
    if kind in CITABLE_SOURCE_TYPES:
        data.update(title=source.title, url=source.url, archived_url=source.archived_url)
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
