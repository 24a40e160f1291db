"""What the public portal reads. Nothing here takes a user: the reader is anyone on the internet.

Reports are public when published, due (`published_at` <= now: a scheduled report appears at
its time without any worker), public in confidentiality and not deleted. Incidents come only
through `sijill.exports.redaction` (the one path from the private master to public output), as
its published dicts: no witness or source identity, places coarsened, small cells suppressed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from sijill.confidentiality import Confidentiality
from sijill.errors import NotFound
from sijill.exports import redaction
from sijill.reports.models import Author, Report, ReportStatus, Tag
from sijill.search_index import search_filter
from sijill.text.normalise import query_tokens, search_tokens

from . import similarity


def public_reports(*, now=None) -> QuerySet[Report]:
    """Reports anyone may read now, newest first."""
    return (
        Report.objects.filter(
            status=ReportStatus.PUBLISHED, published_at__lte=now or timezone.now(),
            confidentiality=Confidentiality.PUBLIC, deleted_at__isnull=True,
        )
        .prefetch_related("authors", "tags")
        .order_by("-published_at", "-id")
    )


def public_report_list(*, language: str) -> QuerySet[Report]:
    """Public reports for a reader of `language`: those written in it, and those in the other
    language that have no public translation into it (so each report appears once)."""
    public = public_reports()
    # (without the NULLs: `NOT IN` a list holding NULL is never true)
    translated = public.filter(language=language, translation__isnull=False).values("translation_id")
    return public.filter(Q(language=language) | ~Q(pk__in=translated))


def public_report_search(*, language: str, q: str) -> list[Report]:
    """Public reports (as listed for `language`) whose title, summary or text hold every word of
    `q`, compared in the normalised form stored with each report (Arabic letter forms and
    articles folded, so "الرقة", "رقه" and "al-Raqqa" meet their own spellings)."""
    words = set(similarity.report_terms(q))
    reports = public_report_list(language=language)
    if not words:
        return list(reports)
    return [r for r in reports if words <= set(r.terms or {})]


def public_report_get(*, slug: str) -> Report:
    report = public_reports().filter(slug=slug).first()
    if report is None:
        raise NotFound(f"No public report {slug!r}.")
    return report


def public_translation(report: Report) -> Report | None:
    """The report's translation when it is public too."""
    if not report.translation_id:
        return None
    return public_reports().filter(pk=report.translation_id).first()


# -- incidents, always redacted


def public_incident_dicts_of(queryset: QuerySet | None) -> list[dict]:
    return list(redaction.public_incident_dicts(queryset))


def public_incident_get(*, incident_id) -> dict:
    try:
        incident_id = int(incident_id)
    except (TypeError, ValueError):
        raise NotFound(f"No public incident {incident_id!r}.") from None
    found = public_incident_dicts_of(redaction.public_incidents().filter(pk=incident_id))
    if not found:
        raise NotFound(f"No public incident {incident_id}.")
    return found[0]


def published_text(item: dict) -> str:
    """Everything a public incident shows, as one string: what a public search may match."""
    parts = [item["title_en"], item["title_ar"], item["description_en"], item["description_ar"], *item["tags"]]
    if item["place"]:
        parts += [item["place"]["name_en"], item["place"]["name_ar"]]
    for admin in item["admin"].values():
        parts += [admin["name_en"], admin["name_ar"]]
    for act in item["acts"]:
        for term in (act["violation_type"], act["method"]):
            if term:
                parts += [term["en"], term["ar"]]
        for p in act["perpetrators"]:
            parts += [p["name_en"], p["name_ar"]]
        for v in act["victims"]:
            parts += [v["name_ar"], v["name_latin"]]
    return " ".join(p for p in parts if p)


def shown_in_place(item: dict, pcode: str) -> bool:
    """True when the incident's *published* place is `pcode` or lies within it. Places finer than
    the published level never match, so a place page cannot reveal a coarsened location."""
    codes = {a["pcode"] for a in item["admin"].values()}
    if item["place"]:
        codes.add(item["place"]["pcode"])
    return pcode in codes


@dataclass
class IncidentSearch:
    q: str = ""
    place: str = ""  # p-code of a governorate, district or sub-district, matched on the published place
    year: int | None = None


# A search that must be checked against published text reads at most this many candidates.
SEARCH_CANDIDATES = 5000


def _candidates(search: IncidentSearch) -> QuerySet:
    from sijill.places.models import Place

    qs = redaction.public_incidents()
    if search.year:
        qs = qs.filter(start_date__year__lte=search.year, end_date__year__gte=search.year)
    if search.place:
        place = Place.objects.filter(pcode=search.place).first()
        qs = qs.filter(place_path__startswith=place.path) if place else qs.none()
    if search.q.strip():
        qs = search_filter(qs, search.q)
    return qs.order_by("-start_date", "-id")


def _rechecked(search: IncidentSearch, items: list[dict]) -> list[dict]:
    """Keep the items whose *published* form matches: words in their published text, the place
    at its published precision."""
    words = set(query_tokens(search.q))
    if words:
        items = [i for i in items if words <= _words(published_text(i))]
    if search.place:
        items = [i for i in items if shown_in_place(i, search.place)]
    return items


def public_incident_search(search: IncidentSearch, *, limit: int = SEARCH_CANDIDATES) -> list[dict]:
    """Public incidents matching the search, newest first, as published dicts.

    The database narrows the candidates (full-text index, place subtree, year); each candidate
    is then matched again against its published form only, so words that are in the private
    record but not published (a location detail, a protected victim's name) and places finer
    than published never make an incident match.
    """
    ids = list(_candidates(search).values_list("pk", flat=True)[:limit])
    return _rechecked(search, public_incident_dicts_of(redaction.public_incidents().filter(pk__in=ids)))


def public_incident_page(search: IncidentSearch, *, page: int, per_page: int) -> tuple[list[dict], int]:
    """One page of `public_incident_search` and the total. Without words or a place to re-check,
    the page is cut in the database and only its incidents are redacted."""
    start = (max(page, 1) - 1) * per_page
    if not query_tokens(search.q) and not search.place:
        qs = _candidates(search)
        ids = list(qs.values_list("pk", flat=True)[start:start + per_page])
        return public_incident_dicts_of(redaction.public_incidents().filter(pk__in=ids)), qs.count()
    items = public_incident_search(search)
    return items[start:start + per_page], len(items)


def _words(text: str) -> set[str]:
    return set(search_tokens(text))


def report_public_incidents(report: Report) -> list[dict]:
    return public_incident_dicts_of(report.incidents.all())


# -- entity pages


def public_author_get(*, slug: str) -> Author:
    author = Author.objects.filter(slug=slug, reports__in=public_reports()).distinct().first()
    if author is None:
        raise NotFound(f"No author {slug!r}.")
    return author


def public_tag_get(*, slug: str) -> Tag:
    tag = Tag.objects.filter(slug=slug, reports__in=public_reports()).distinct().first()
    if tag is None:
        raise NotFound(f"No tag {slug!r}.")
    return tag


def public_actor_get(*, slug: str):
    from sijill.actors.models import Actor

    actor = Actor.objects.filter(slug=slug, deleted_at__isnull=True).first()
    if actor is None:
        raise NotFound(f"No actor {slug!r}.")
    return actor


def actor_public_incidents(actor, *, limit: int = 200) -> list[dict]:
    from sijill.incidents.models import PerpetrationClaim

    acts = PerpetrationClaim.objects.filter(actor__path__startswith=actor.path).values("act__incident_id")
    return public_incident_dicts_of(redaction.public_incidents().filter(pk__in=acts)[:limit])


def public_place_get(*, pcode: str):
    from sijill.places.models import Place

    place = Place.objects.filter(pcode=pcode).first()
    if place is None:
        raise NotFound(f"No place {pcode!r}.")
    return place


def place_public_incidents(place, *, limit: int = 2000) -> list[dict]:
    candidates = redaction.public_incidents().filter(place_path__startswith=place.path)[:limit]
    return [i for i in public_incident_dicts_of(candidates) if shown_in_place(i, place.pcode)]


# -- related reports


@dataclass
class RelatedReport:
    report: Report
    score: float
    entity_score: float
    text_score: float
    shared: list[str]  # labels of the shared actors, places, incidents and tags


def _public_links(reports: list[Report]) -> dict[int, list[int]]:
    """{report id: ids of its linked incidents that are public}, in two queries for all reports."""
    through = Report.incidents.through
    pairs = list(through.objects.filter(report_id__in=[r.pk for r in reports]).values_list("report_id", "incident_id"))
    public = set(redaction.public_incidents().filter(pk__in={i for _, i in pairs}).values_list("pk", flat=True))
    links: dict[int, list[int]] = {r.pk: [] for r in reports}
    for report_id, incident_id in pairs:
        if incident_id in public:
            links[report_id].append(incident_id)
    return links


def _entities(report: Report, public_incidents: list[int]) -> dict[str, str]:
    """{entity key: label} of a report's public links; a place also counts as its governorate."""
    found: dict[str, str] = {}
    for actor in report.actors.all():
        found[f"actor:{actor.slug}"] = actor.name
    for place in report.places.all():
        found[f"place:{place.pcode}"] = place.name
        parts = [p for p in place.path.split("/") if p]
        if len(parts) > 2:
            found.setdefault(f"place:{parts[1]}", parts[1])
    for incident_id in public_incidents:
        found[f"incident:{incident_id}"] = f"#{incident_id}"
    for tag in report.tags.all():
        found[f"tag:{tag.slug}"] = tag.name
    return found


def _document(report: Report, entities: dict[str, str]) -> similarity.Document:
    return similarity.Document(key=report.pk, language=report.language, entities=frozenset(entities),
                               counts=report.terms or similarity.report_terms(report.title, report.summary, report.body))


RELATED_CACHE_SECONDS = 3600


def public_state() -> str:
    """A fingerprint of everything related reports depend on: the public reports (which change
    when one is published, edited, withdrawn or simply becomes due) and the public incidents."""
    from django.db.models import Count, Max

    reports = public_reports().order_by().aggregate(n=Count("id"), changed=Max("updated_at"), due=Max("published_at"))
    incidents = redaction.public_incidents().order_by().aggregate(n=Count("id"), changed=Max("updated_at"))
    return f"{reports['n']}|{reports['changed']}|{reports['due']}|{incidents['n']}|{incidents['changed']}"


def related_reports(report: Report, *, limit: int = 5) -> list[RelatedReport]:
    """Public reports most related to `report` (its own translation excluded), with the reasons.

    Scores are kept in the cache until anything public changes (see `public_state`); the
    labels are looked up on each call, in the reader's language.
    """
    from django.core.cache import cache

    key = f"sijill-related:{report.pk}:{limit}:" + hashlib.sha256(public_state().encode()).hexdigest()[:32]
    scored = cache.get(key)
    if scored is None:
        scored = _related_scores(report, limit=limit)
        cache.set(key, scored, RELATED_CACHE_SECONDS)
    by_pk = public_reports().in_bulk([r.key for r in scored])
    labels = _entity_labels(report, [by_pk[r.key] for r in scored if r.key in by_pk])
    return [
        RelatedReport(by_pk[r.key], r.score, r.entity_score, r.text_score, [labels.get(k, k) for k in r.shared])
        for r in scored if r.key in by_pk
    ]


def _related_scores(report: Report, *, limit: int) -> list[similarity.Related]:
    pool = list(
        public_reports().exclude(pk__in=[report.pk, report.translation_id or 0])
        .prefetch_related("actors", "places", "tags")
    )
    links = _public_links([report, *pool])
    target = _document(report, _entities(report, links[report.pk]))
    return similarity.related(target, [_document(r, _entities(r, links[r.pk])) for r in pool], limit=limit)


def _entity_labels(report: Report, others: list[Report]) -> dict[str, str]:
    """Labels of the shared entities in the reader's language; governorates named from the gazetteer."""
    from sijill.places.models import Place

    links = _public_links([report, *others])
    labels: dict[str, str] = {}
    for r in (report, *others):
        labels.update(_entities(r, links[r.pk]))
    unnamed = [k.split(":", 1)[1] for k, v in labels.items() if k.startswith("place:") and k.endswith(":" + v)]
    labels.update({f"place:{p.pcode}": p.name for p in Place.objects.filter(pcode__in=unnamed)})
    return labels
