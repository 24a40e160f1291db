"""The public portal (/public/): no login. Reports, their authors, tags and linked records, the
public incident database with its map, and the submission form. Thin views over
`publishing.selectors`, which read incidents only through the redaction module."""

from __future__ import annotations

import functools
import hashlib
import json

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sijill.errors import NotFound
from sijill.security.ratelimit import rate_limit

from . import selectors, services
from .forms import SubmissionForm, form_stamp

PAGE_SIZE = 25


def public_view(view):
    """A portal page: anyone may read it; a record that is not public is simply not found."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from exc

    return wrapped


def _language() -> str:
    return "ar" if translation.get_language() == "ar" else "en"


@require_GET
@public_view
def home(request):
    reports = selectors.public_report_list(language=_language())[:10]
    return render(request, "publishing/public/home.html", {"reports": reports})


@require_GET
@public_view
def report_list(request):
    q = request.GET.get("q", "")[:200]
    reports = selectors.public_report_search(language=_language(), q=q) if q.strip() else \
        selectors.public_report_list(language=_language())
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publishing/public/report_list.html", {"page": page, "q": q})


@require_GET
@public_view
def report_detail(request, slug: str):
    report = selectors.public_report_get(slug=slug)
    return render(request, "publishing/public/report_detail.html", {
        "report": report,
        "translation": selectors.public_translation(report),
        "incidents": selectors.report_public_incidents(report),
        "related": selectors.related_reports(report),
    })


@require_GET
@public_view
def author_detail(request, slug: str):
    author = selectors.public_author_get(slug=slug)
    reports = selectors.public_reports().filter(authors=author)
    return render(request, "publishing/public/entity.html", {
        "kind": "author", "entity": author, "reports": reports,
    })


@require_GET
@public_view
def tag_detail(request, slug: str):
    tag = selectors.public_tag_get(slug=slug)
    return render(request, "publishing/public/entity.html", {
        "kind": "tag", "entity": tag, "reports": selectors.public_reports().filter(tags=tag),
    })


@require_GET
@public_view
def actor_detail(request, slug: str):
    actor = selectors.public_actor_get(slug=slug)
    return render(request, "publishing/public/entity.html", {
        "kind": "actor", "entity": actor, "reports": selectors.public_reports().filter(actors=actor),
        "incidents": selectors.actor_public_incidents(actor),
    })


@require_GET
@public_view
def place_detail(request, pcode: str):
    place = selectors.public_place_get(pcode=pcode)
    return render(request, "publishing/public/entity.html", {
        "kind": "place", "entity": place,
        "reports": selectors.public_reports().filter(places__path__startswith=place.path).distinct(),
        "incidents": selectors.place_public_incidents(place),
    })


def _search_from(request) -> selectors.IncidentSearch:
    year = request.GET.get("year", "").strip()
    return selectors.IncidentSearch(
        q=request.GET.get("q", "")[:200], place=request.GET.get("place", "").strip()[:32],
        year=int(year) if year.isdigit() and 1900 < int(year) < 2200 else None,
    )


@require_GET
@public_view
def incident_list(request):
    search = _search_from(request)
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) < 100_000 else 1
    items, total = selectors.public_incident_page(search, page=number, per_page=PAGE_SIZE)
    page = Paginator(range(total), PAGE_SIZE).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "publishing/public/incident_list.html", {
        "page": page, "items": items, "search": search, "total": total, "query": query.urlencode(),
    })


@require_GET
@public_view
def incident_geojson(request):
    """The points of the public incidents matching the search, at their published precision;
    kept in the cache until anything public changes."""
    from django.core.cache import cache

    search = _search_from(request)
    key = "sijill-public-map:" + hashlib.sha256(
        f"{_language()}|{search}|{selectors.public_state()}".encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = _incident_points(search)
        cache.set(key, body, 3600)
    return HttpResponse(body, content_type="application/geo+json; charset=utf-8")


def _incident_points(search) -> str:
    features = []
    for item in selectors.public_incident_search(search):
        if item["latitude"] is None or item["longitude"] is None:
            continue
        title = (item["title_ar"] or item["title_en"]) if _language() == "ar" else (item["title_en"] or item["title_ar"])
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [item["longitude"], item["latitude"]]},
            "properties": {"id": item["id"], "title": title, "date": item["start_date"],
                           "precision": item["geo_precision"], "url": f"/public/incidents/{item['id']}/"},
        })
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


@require_GET
def governorate_outlines(request):
    """The OCHA governorate outlines the analysis app ships, as the map's offline base layer."""
    from pathlib import Path

    import sijill.analysis

    path = Path(sijill.analysis.__file__).parent / "data" / "governorates.geojson"
    if not path.exists():
        raise Http404("No governorate outlines in this installation.")
    response = HttpResponse(path.read_bytes(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
@public_view
def incident_detail(request, pk: int):
    return render(request, "publishing/public/incident_detail.html", {
        "item": selectors.public_incident_get(incident_id=pk),
    })


def _case_file(request, case, name: str) -> HttpResponse:
    """A public case file: the portal page, or with ?format=pdf the PDF from the same template."""
    from sijill.exports import case_files

    lang = _language()
    if request.GET.get("format") == "pdf":
        response = HttpResponse(case_files.render_pdf(case, lang), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="sijill-public-case-file-{name}-{lang}.pdf"'
        return response
    return render(request, "publishing/public/case_file.html", case_files.case_file_context(case, lang))


@require_GET
@rate_limit("public-case-file", rate="20/m")
@public_view
def incident_case_file(request, pk: int):
    """The published dossier of one incident (redacted, no evidence list), HTML or PDF."""
    from sijill.exports.case_files import incident_case_file

    return _case_file(request, incident_case_file(user=None, incident_id=pk, public=True), f"incident-{pk}")


@require_GET
@rate_limit("public-case-file", rate="20/m")
@public_view
def actor_case_file(request, slug: str):
    """Every published act attributed to an actor and its units, with degree and confidence, HTML or PDF."""
    from sijill.exports.case_files import actor_case_file

    actor = selectors.public_actor_get(slug=slug)
    return _case_file(request, actor_case_file(user=None, actor=actor.slug, public=True), f"actor-{actor.slug}")


@never_cache
@rate_limit("public-submit", rate="5/m", methods=("POST",))
@public_view
def submit(request):
    form = SubmissionForm(request.POST or None, initial={"stamp": form_stamp()})
    if request.method == "POST":
        if form.is_robot():
            # Same answer as for a person, so a robot learns nothing; nothing is kept.
            return redirect("public:submit_thanks")
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submission_receive(
                    kind=data["kind"], account=data["account"], place=data["place"], when=data["when"],
                    give_identity=data["give_identity"], name=data["name"], contact=data["contact"],
                    language=_language(),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for text in errors:
                        form.add_error(field if field in form.fields else None, text)
            else:
                return redirect("public:submit_thanks")
        # Shown again: a fresh stamp, so a person who was "too fast" can simply send again.
        data = form.data.copy()
        data["stamp"] = form_stamp()
        form.data = data
    return render(request, "publishing/public/submit.html", {"form": form})


@require_GET
def submit_thanks(request):
    return render(request, "publishing/public/submit_thanks.html")
