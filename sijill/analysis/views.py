"""Analysis pages: thin views over `analysis.selectors`, charts from `analysis.charts`.

Every page takes the incident list's filters (same form, same names) and, with `public=1`,
shows counts as they may be published: under k as "<k" and without links to the records.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sijill.incidents.selectors import IncidentFilters
from sijill.web.forms import IncidentFilterForm
from sijill.web.views import staff_view

from . import charts, selectors, summaries
from .suppression import suppress, suppression_k

MEASURES = ("incidents", "acts", "victims", "civilians", "children", "women")
LEVELS = {1: "governorate", 2: "district", 3: "sub-district", 4: "community"}


def _measure_labels() -> dict[str, str]:
    return {"incidents": _("Incidents"), "acts": _("Acts"), "victims": _("Victims"),
            "civilians": _("Civilian victims"), "children": _("Child victims"), "women": _("Women victims")}


def _dimension_labels() -> dict[str, str]:
    return {"perpetrator": _("By perpetrator"), "violation_type": _("By violation type"),
            "place": _("By place"), "month": _("By month"), "year": _("By year")}


def _level_labels() -> dict[int, str]:
    return {1: _("governorate"), 2: _("district"), 3: _("sub-district"), 4: _("community")}


def _filters(request) -> tuple[IncidentFilterForm, IncidentFilters]:
    data = {k: v for k, v in request.GET.items() if k in IncidentFilters.names()}
    form = IncidentFilterForm(data or None)
    filters = IncidentFilters()
    if form.is_bound and form.is_valid():
        filters = IncidentFilters(**{k: v for k, v in form.cleaned_data.items() if v not in (None, "")})
    return form, filters


def _public(request) -> bool:
    return request.GET.get("public") == "1"


def _link(query: dict) -> str:
    return reverse("incident_list") + ("?" + urlencode(query) if query else "")


def _shown(value) -> str:
    """A count as the page prints it: grouped digits, or "<k" as suppression left it."""
    return f"{value:,}" if isinstance(value, int) else ("" if value is None else str(value))


def _rows(figures, public: bool) -> list[dict]:
    """Figures as table rows: each count suppressed in public mode, else linked to its records.
    Counts are formatted here, not by a template filter: a dashboard prints a few hundred."""
    rows = []
    for figure in figures:
        cells = [_shown(suppress(getattr(figure, m)) if public else getattr(figure, m)) for m in MEASURES]
        casualties = figure.casualties or {}
        low, high = casualties.get("killed_total_min"), casualties.get("killed_total_max")
        if public:
            low, high = suppress(low), suppress(high)
        killed = "" if low is None else _shown(low) + ("" if high in (None, low) else f"–{_shown(high)}")
        rows.append({"key": figure.key, "label": figure.label, "cells": cells, "killed": killed,
                     "link": None if public else _link(figure.filters)})
    return rows


def _page_query(request, **override) -> str:
    query = request.GET.copy()
    for key, value in override.items():
        query[key] = value
    return query.urlencode()


def _context(request, form, filters, **extra) -> dict:
    public = _public(request)
    return {"form": form, "filters": filters, "public": public, "k": suppression_k(),
            "measures": _measure_labels(), "query": request.GET.urlencode(),
            "public_query": _page_query(request, public="1"),
            "staff_query": "&".join(p for p in request.GET.urlencode().split("&") if p and p != "public=1"),
            **extra}


@staff_view()
def index(request):
    """The dashboard: headline figures and the four most-asked breakdowns."""
    form, filters = _filters(request)
    public = _public(request)
    user = request.user
    figures = summaries.dashboard(user=user, filters=filters)
    sections = [
        ("perpetrator", _("By perpetrator"), figures["sections"]["perpetrator"]),
        ("violation_type", _("By violation type"), figures["sections"]["violation_type"]),
        ("place", _("By governorate"), figures["sections"]["place:1"]),
        ("year", _("By year"), figures["sections"]["year"]),
    ]
    context = _context(
        request, form, filters,
        total=_rows([figures["total"]], public)[0], as_of=figures["as_of"], stale=figures["stale"],
        sections=[{"by": by, "title": title, "rows": _rows(rows, public)} for by, title, rows in sections],
        dimensions=_dimension_labels(),
    )
    return render(request, "analysis/index.html", context)


def _level(request) -> int:
    try:
        level = int(request.GET.get("level", 1))
    except ValueError:
        raise Http404(_("Unknown admin level.")) from None
    if level not in LEVELS:
        raise Http404(_("Unknown admin level."))
    return level


@staff_view()
def breakdown(request, by: str):
    """One breakdown in full, with its chart."""
    if by not in selectors.DIMENSIONS:
        raise Http404(_("Unknown breakdown."))
    form, filters = _filters(request)
    level = _level(request) if by == "place" else 1
    figures = summaries.breakdown(user=request.user, filters=filters, by=by, level=level)
    measure = request.GET.get("measure", "incidents")
    if measure not in MEASURES:
        measure = "incidents"
    context = _context(
        request, form, filters, by=by, title=_dimension_labels()[by], level=level, levels=_level_labels(),
        rows=_rows(figures, _public(request)), measure=measure, extra_fields=[("level", level)] if by == "place" else [],
        chart_query=_page_query(request, by=by, measure=measure, level=str(level)),
    )
    return render(request, "analysis/breakdown.html", context)


@staff_view()
def timeline(request):
    """Incidents and victims per period for the leading perpetrators or violation types."""
    form, filters = _filters(request)
    by = request.GET.get("by", "perpetrator")
    period = request.GET.get("period", "year")
    try:
        result = selectors.timeline(user=request.user, filters=filters, by=by, period=period)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    public = _public(request)
    series = []
    for s in result["series"]:
        cells = []
        for n_inc, n_vic, query in zip(s["incidents"], s["victims"], s["filters"], strict=True):
            cells.append({"incidents": suppress(n_inc) if public else n_inc,
                          "victims": suppress(n_vic) if public else n_vic,
                          "link": None if public or not query else _link(query)})
        series.append({"label": s["label"], "cells": cells})
    context = _context(request, form, filters, by=by, period=period, periods=result["periods"], series=series,
                       extra_fields=[("by", by), ("period", period)],
                       chart_query=_page_query(request, by=by, period=period))
    return render(request, "analysis/timeline.html", context)


@staff_view()
def map_page(request):
    """Incidents as points and clusters, governorates and districts shaded, drawn by Leaflet
    from the shipped boundaries (a tile layer only when SIJILL_MAP_TILE_URL is set)."""
    form, filters = _filters(request)
    context = _context(request, form, filters, tile_url=getattr(settings, "SIJILL_MAP_TILE_URL", ""),
                       data_query=request.GET.urlencode())
    return render(request, "analysis/map.html", context)


@staff_view()
@require_GET
def map_points(request):
    filters = _filters(request)[1]
    if _public(request):
        return JsonResponse({"points": [], "note": _("Points are not published.")})
    points = selectors.map_points(user=request.user, filters=filters)
    return JsonResponse({"points": points, "incident_url": reverse("incident_list")})


@staff_view()
@require_GET
def map_areas(request):
    """Counts per governorate or district for the choropleth, with their links."""
    filters = _filters(request)[1]
    level = _level(request)
    if level not in (1, 2):
        raise Http404(_("Unknown admin level."))
    public = _public(request)
    if filters == IncidentFilters():
        figures = summaries.dashboard(user=request.user)["sections"][f"place:{level}"]
    else:
        figures = summaries.breakdown(user=request.user, filters=filters, by="place", level=level)
    areas = {
        f.key: {"incidents": f.incidents, "victims": f.victims, "label": f.label,
                "shown_incidents": suppress(f.incidents) if public else f.incidents,
                "shown_victims": suppress(f.victims) if public else f.victims,
                "link": None if public else _link(f.filters)}
        for f in figures
    }
    breaks = charts.class_breaks([a["incidents"] for a in areas.values()])
    return JsonResponse({"areas": areas, "breaks": breaks, "scale": charts.SCALE[len(charts.SCALE) - len(breaks):]})


@staff_view()
@require_GET
def boundaries(request, level: int):
    try:
        collection = charts.boundaries(level)
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    response = JsonResponse(collection, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
    response["Cache-Control"] = "private, max-age=86400"
    return response


@staff_view()
@require_GET
def chart(request, kind: str, fmt: str):
    """A chart image of the same figures as the page: bar (breakdown), timeline or choropleth."""
    filters = _filters(request)[1]
    arabic = translation.get_language() == "ar"
    public = _public(request)
    measure = request.GET.get("measure", "incidents")
    if measure not in MEASURES:
        measure = "incidents"
    k = suppression_k()

    def shown(value):
        # A published chart cannot draw "<k": a suppressed bar is drawn as zero.
        return 0 if public and 0 < value < k else value

    try:
        if kind == "bar":
            by = request.GET.get("by", "perpetrator")
            level = _level(request) if by == "place" else 1
            figures = summaries.breakdown(user=request.user, filters=filters, by=by, level=level)[:25]
            image = charts.bar_chart([f.label for f in figures], [shown(getattr(f, measure)) for f in figures],
                                     title=_dimension_labels().get(by, ""), value_label=_measure_labels()[measure],
                                     fmt=fmt, rtl=arabic)
        elif kind == "timeline":
            result = selectors.timeline(user=request.user, filters=filters, by=request.GET.get("by", "perpetrator"),
                                        period=request.GET.get("period", "year"))
            panels = [(_measure_labels()[m], "", [(s["label"], [shown(v) for v in s[m]]) for s in result["series"]])
                      for m in ("incidents", "victims")]
            image = charts.timeline_panels(result["periods"], panels, fmt=fmt)
        elif kind == "choropleth":
            level = _level(request)
            figures = summaries.breakdown(user=request.user, filters=filters, by="place", level=level)
            image = charts.choropleth({f.key: shown(getattr(f, measure)) for f in figures}, level=level,
                                      legend_title=_measure_labels()[measure], fmt=fmt, arabic=arabic)
        else:
            raise Http404(_("Unknown chart."))
    except (ValueError, charts.FontMissing) as exc:
        return HttpResponseBadRequest(str(exc))
    content_type = "image/svg+xml" if fmt == "svg" else "image/png"
    return HttpResponse(image, content_type=content_type)


@staff_view()
def estimates(request):
    """Estimated total victims per stratum, with intervals and the caveat beside each."""
    from . import estimates as estimation

    by = request.GET.get("by", "all")
    method = request.GET.get("method", "loglinear")
    try:
        result = estimation.stratum_estimates(user=request.user, by=by, method=method)
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    public = _public(request)
    if public:
        for entry in result["strata"]:
            entry["observed"] = suppress(entry["observed"])
    return render(request, "analysis/estimates.html", {
        "result": result, "by": by, "method": method, "public": public, "k": suppression_k(),
        "strata": {"all": _("whole record"), "governorate": _("per governorate"), "year": _("per year")},
        "methods": {"loglinear": _("log-linear models"), "lcmcr": _("LCMCR (Bayesian latent classes)")},
    })
