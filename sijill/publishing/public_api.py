"""The public incident database as a read-only JSON API: /api/public/incidents/, no login.

What it answers is exactly what the portal shows: published incidents in the form
`exports.redaction.public_incident_dict` gives them (through `publishing.selectors`, the portal's
own search), never a record read another way. The response schemas below list every field, so
the OpenAPI document (/api/openapi.json, /api/docs offline) is the public data's reference and a
field the redaction does not produce cannot appear. Each caller (address) may make
`PUBLIC_API_RATE` requests; more answer 429 with Retry-After.

(No `from __future__ import annotations`: django-ninja reads the parameter types of the
rate-limited views through the decorator, in the decorator's module, where `Query` is unknown.)
"""

from ninja import Field, Query, Router, Schema

from sijill.security.ratelimit import rate_limit

from . import selectors

PUBLIC_API_RATE = "60/m"  # per address; SIJILL_RATE_LIMITS={"public-api": ...} overrides it
MAX_PAGE_SIZE = 100

router = Router(tags=["public incident database"])


class PublicTerm(Schema):
    code: str
    en: str
    ar: str


class PublicPlace(Schema):
    pcode: str
    name_en: str
    name_ar: str
    level: int | None = Field(None, description="gazetteer level: 1 governorate ... 4 community")


class PublicClaim(Schema):
    actor: str = Field(description="actor code")
    name_en: str
    name_ar: str
    acled_inter_code: int | None
    degree: str = Field(description="direct, ordered, complicit or alleged: a claim by sources, not a finding")
    confidence: str = Field(description="high, medium or low")


class PublicVictim(Schema):
    name_ar: str
    name_latin: str
    sex: str
    age: int | None
    is_child: bool
    status: str = Field(description="civilian, combatant or unknown")
    outcome: str


class PublicAct(Schema):
    violation_type: PublicTerm | None
    method: PublicTerm | None
    legal_qualification: str
    perpetrators: list[PublicClaim]
    victims: list[PublicVictim] = Field(description="only victims whose own record is public")


class PublicSource(Schema):
    type: PublicTerm | None
    published_on: str | None
    language: str
    reliability: str | None = Field(description="A-F")
    credibility: str | None = Field(description="1-6")
    title: str = Field(description="only for media articles, official statements and datasets")
    url: str
    archived_url: str


class PublicIncident(Schema):
    id: int
    title_en: str
    title_ar: str
    description_en: str
    description_ar: str
    start_date: str = Field(description="YYYY-MM-DD, first day it may have happened")
    end_date: str = Field(description="YYYY-MM-DD, last day it may have happened")
    date_precision: str
    grading: PublicTerm | None
    status: PublicTerm | None
    tags: list[str]
    place: PublicPlace | None = Field(description="the published place, never finer than a community")
    admin: dict[str, PublicPlace] = Field(description="admin1 (governorate), admin2, admin3 as far as published")
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    point_source: str | None = Field(description="'place' (a gazetteer centroid) or 'record' (exact, by consent)")
    casualties: dict[str, int | str | None] = Field(
        description="killed/injured totals as recorded; breakdowns by group below k shown as '<k'")
    acts: list[PublicAct]
    sources: list[PublicSource]
    updated_at: str | None
    url: str = Field(description="the incident's page on the public portal")
    case_file: str = Field(description="the public case file (HTML; add ?format=pdf for the PDF)")


class PublicIncidentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PublicIncident]


class PublicSearch(Schema):
    q: str = Field("", max_length=200, description="words, Arabic or Latin, matched in the published text")
    place: str = Field("", max_length=32, description="p-code of a governorate, district or sub-district")
    year: int | None = Field(None, ge=1900, le=2200)
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(25, ge=1, le=MAX_PAGE_SIZE)


def _with_links(item: dict) -> dict:
    return {**item, "url": f"/public/incidents/{item['id']}/", "case_file": f"/public/incidents/{item['id']}/case-file/"}


@router.get("/incidents/", response=PublicIncidentPage, auth=None)
@rate_limit("public-api", rate=PUBLIC_API_RATE)
def public_incident_list(request, search: Query[PublicSearch]):
    """Published incidents, newest first, as on the portal's incident database; no login."""
    found = selectors.IncidentSearch(q=search.q, place=search.place.strip(), year=search.year)
    items, total = selectors.public_incident_page(found, page=search.page, per_page=search.page_size)
    return {"count": total, "page": search.page, "page_size": search.page_size,
            "results": [_with_links(i) for i in items]}


@router.get("/incidents/{incident_id}", response=PublicIncident, auth=None)
@rate_limit("public-api", rate=PUBLIC_API_RATE)
def public_incident_detail(request, incident_id: int):
    """One published incident; 404 for anything not published (as if it did not exist)."""
    return _with_links(selectors.public_incident_get(incident_id=incident_id))
