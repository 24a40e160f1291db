"""Staff pages at /exports/: downloads in every format, case files (HTML and PDF), releases."""

from __future__ import annotations

import io
from datetime import date

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from sijill.web.views import staff_view

from . import case_files
from .formats import FORMATS
from .models import DatasetRelease
from .services import ExportProblem, export_write


def _language(request) -> str:
    lang = request.GET.get("lang") or translation.get_language() or "en"
    return "ar" if lang.startswith("ar") else "en"


@staff_view()
def index(request):
    from sijill.actors.selectors import actor_list

    return render(request, "exports/index.html", {
        "formats": FORMATS.values(),
        "actors": actor_list()[:1000],
        "releases": DatasetRelease.objects.all()[:20],
    })


@staff_view()
def download(request):
    """One export file: the user's records, or with public=1 the published ones."""
    name = request.GET.get("format", "")
    public = request.GET.get("public") == "1"
    stream = io.BytesIO()
    try:
        count = export_write(user=request.user, format=name, stream=stream, public=public)
    except ExportProblem as exc:
        return HttpResponseBadRequest(str(exc))
    fmt = FORMATS[name]
    response = HttpResponse(stream.getvalue(), content_type=f"{fmt.media_type}; charset=utf-8")
    suffix = "public" if public else request.user.username
    response["Content-Disposition"] = f'attachment; filename="sijill-{fmt.name}-{suffix}.{fmt.extension}"'
    response["X-Sijill-Records"] = str(count)
    return response


def _respond(request, case, name: str):
    lang = _language(request)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(case_files.render_pdf(case, lang), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="sijill-case-file-{name}-{lang}.pdf"'
        return response
    return HttpResponse(case_files.render_html(case, lang, request=request))


@staff_view()
def incident_case_file(request, pk: int):
    return _respond(request, case_files.incident_case_file(user=request.user, incident_id=pk), f"incident-{pk}")


@staff_view()
def actor_case_file(request, slug: str):
    return _respond(request, case_files.actor_case_file(user=request.user, actor=slug), f"actor-{slug}")


def _date(text: str | None, field: str):
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("%(field)s: %(value)r is not a date; write YYYY-MM-DD.") % {"field": field, "value": text}) from None


@staff_view()
def place_case_file(request, pcode: str):
    try:
        start, end = _date(request.GET.get("from"), _("from")), _date(request.GET.get("to"), _("to"))
        case = case_files.place_case_file(user=request.user, pcode=pcode, date_from=start, date_to=end)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    return _respond(request, case, f"place-{pcode}")


@staff_view()
def case_file_lookup(request):
    """The case-file form on the index page: go to the dossier asked for."""
    from django.shortcuts import redirect
    from django.urls import reverse

    kind = request.GET.get("kind")
    lang = _language(request)
    if kind == "incident" and request.GET.get("incident", "").isdigit():
        url = reverse("exports:incident_case_file", args=[int(request.GET["incident"])])
    elif kind == "actor" and request.GET.get("actor"):
        url = reverse("exports:actor_case_file", args=[request.GET["actor"]])
    elif kind == "place" and request.GET.get("place"):
        url = reverse("exports:place_case_file", args=[request.GET["place"].strip()])
        query = "&".join(f"{k}={request.GET[k]}" for k in ("from", "to") if request.GET.get(k))
        return redirect(f"{url}?lang={lang}" + (f"&{query}" if query else ""))
    else:
        raise Http404(_("Choose an incident, an actor or a place."))
    return redirect(f"{url}?lang={lang}")
