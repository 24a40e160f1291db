"""The rows of incident tables, read as plain values instead of model instances.

A page of 50 incidents rendered from model instances costs more in Python than in the database:
every row builds an Incident, a Place and two Terms, reverses a URL and formats two dates through
the template engine. `incident_rows` reads only the columns the table shows, once, and hands the
template finished strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

_COLUMNS = (
    "pk", "title_en", "title_ar", "start_date", "end_date",
    "place__name_en", "place__name_ar",
    "status__label_en", "status__label_ar",
    "grading__label_en", "grading__label_ar",
    "killed_total_min", "killed_total_max",
)
_MARK = 987654321


@dataclass(frozen=True, slots=True)
class IncidentRow:
    url: str
    dates: str
    title: str
    place: str
    status: str
    grading: str
    killed: str


def _range(low: int | None, high: int | None) -> str:
    if low is None:
        return ""
    return str(low) if high is None or high == low else f"{low}–{high}"


def incident_rows(incidents) -> list[IncidentRow]:
    """Rows for a queryset (sliced or not) or an iterable of Incident instances, in the user's language."""
    if isinstance(incidents, QuerySet):
        values = incidents.values_list(*_COLUMNS)
    else:
        values = [
            (
                i.pk, i.title_en, i.title_ar, i.start_date, i.end_date,
                i.place.name_en if i.place else None, i.place.name_ar if i.place else None,
                i.status.label_en, i.status.label_ar,
                i.grading.label_en if i.grading else None, i.grading.label_ar if i.grading else None,
                i.killed_total_min, i.killed_total_max,
            )
            for i in incidents
        ]
    arabic = translation.get_language() == "ar"
    url = reverse("incident_detail", args=[_MARK]).replace(str(_MARK), "{}")
    rows = []
    for (pk, t_en, t_ar, start, end, p_en, p_ar, s_en, s_ar, g_en, g_ar, k_min, k_max) in values:
        dates = start.isoformat() if end == start else f"{start.isoformat()} – {end.isoformat()}"
        if arabic:
            title, place, status, grading = t_ar or t_en, p_ar or p_en, s_ar, g_ar
        else:
            title, place, status, grading = t_en or t_ar, p_en, s_en, g_en
        rows.append(IncidentRow(
            url=url.format(pk), dates=dates, title=title or f"#{pk}", place=place or "",
            status=status or "", grading=grading or "", killed=_range(k_min, k_max),
        ))
    return rows
