"""The dashboard's figures, live on a small record, from stored figures on a large one.

`dashboard(user=..., filters=...)` is what the analysis page calls. While the viewer can see
fewer than SIJILL_ANALYSIS_LIVE_LIMIT incidents, or with a text search, every figure is computed
live. Otherwise the unfiltered figures come from `Summary` for the viewer's clearance level and
filtered ones from the fact table (`facts`), both computed from the record at a data version:
current when it equals the record's, else shown with the time they were computed while a
refresh runs as a background job (`sijill analysis_refresh` computes them on demand).

The data version is the last audit event and the highest incident, person and victim ids: every
change through the services writes an audit event, and bulk loads add rows.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from sijill.confidentiality import Confidentiality, clearance_of
from sijill.incidents.selectors import IncidentFilters, incident_list_total

from . import facts, selectors
from .models import Summary

KEY = "dashboard"
FILTERED_CACHE_SECONDS = 24 * 3600  # keyed by the table's version: a rebuild makes new keys
SECTIONS = (("perpetrator", 1), ("violation_type", 1), ("place", 1), ("year", 1), ("place", 2))


@dataclass
class Viewer:
    """Someone of a given clearance, for computing the figures that clearance may see."""

    clearance: int
    is_authenticated: bool = True
    is_active: bool = True


def live_limit() -> int:
    """Below this many visible incidents the dashboard is computed live (env or setting)."""
    return int(getattr(settings, "SIJILL_ANALYSIS_LIVE_LIMIT", os.environ.get("SIJILL_ANALYSIS_LIVE_LIMIT", 50_000)))


def data_version() -> str:
    from sijill.audit.models import AuditEvent
    from sijill.incidents.models import Incident, Victim
    from sijill.people.models import Person

    # One round trip; each maximum is read from the end of a primary-key or unique index.
    columns = [(AuditEvent, "seq"), (Incident, "id"), (Person, "id"), (Victim, "id")]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT MAX({quote(col)}) FROM {quote(model._meta.db_table)})" for model, col in columns)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        parts = cursor.fetchone()
    return "/".join(str(p or 0) for p in parts)


def section_key(by: str, level: int) -> str:
    return f"{by}:{level}" if by == "place" else by


def compute(*, user, filters: IncidentFilters | None = None) -> dict:
    """Every figure of the dashboard, live."""
    f = filters or IncidentFilters()
    return {
        "total": selectors.totals(user=user, filters=f),
        "sections": {section_key(by, level): selectors.breakdown(user=user, filters=f, by=by, level=level)
                     for by, level in SECTIONS},
        "as_of": None, "stale": False,
    }


def _stored(figures: dict) -> dict:
    sections = {k: [f.as_dict() for f in v] for k, v in figures["sections"].items()}
    # Labels in both languages, so a page in either reads them without another query.
    for language in ("en", "ar"):
        with translation.override(language):
            labels = _labels(sections)
        for name, rows in sections.items():
            for row in rows:
                row.setdefault("labels", {})[language] = labels.get(name, {}).get(row["key"].split(":")[0], row["label"])
    return {"total": figures["total"].as_dict(), "sections": sections}


def _loaded(summary: Summary, *, stale: bool) -> dict:
    language = "ar" if translation.get_language() == "ar" else "en"
    sections = {}
    for name, rows in summary.data["sections"].items():
        sections[name] = []
        for row in rows:
            labels = row.pop("labels", {})
            figure = selectors.Figure(**row)
            figure.label = labels.get(language, figure.label)
            sections[name].append(figure)
    return {"total": selectors.Figure(**summary.data["total"]), "sections": sections,
            "as_of": summary.computed_at, "stale": stale}


def _labels(sections: dict) -> dict[str, dict[str, str]]:
    """{section: {key: label in the active language}} for perpetrators, violation types, places."""
    from sijill.actors.models import Actor
    from sijill.places.models import Place
    from sijill.vocabularies.models import Term

    lookups = {
        "perpetrator": lambda keys: {a.slug: a.name for a in Actor.objects.filter(slug__in=[k.split(":")[0] for k in keys])},
        "violation_type": lambda keys: {t.code: t.label for t in Term.objects.filter(kind="violation_type", code__in=keys)},
        "place": lambda keys: {p.pcode: p.name for p in Place.objects.filter(pcode__in=keys)},
    }
    found = {}
    for name, rows in sections.items():
        lookup = lookups.get(name.split(":")[0])
        if lookup is not None:
            found[name] = lookup([row["key"] for row in rows])
    return found


def current_facts() -> Summary:
    """The fact table's marker, after rebuilding the table if the record changed since."""
    marker = facts.built()
    if marker is None or marker.data_version != data_version():
        marker = facts.rebuild(only_if_stale=True)
    return marker


def refresh(clearance: int) -> Summary:
    """Compute and store the dashboard for one clearance level (from the fact table)."""
    version = data_version()
    started = time.monotonic()
    marker = current_facts()
    if facts.complete(marker):
        figures = facts.compute(clearance=clearance, sections=SECTIONS)
    else:
        figures = compute(user=Viewer(clearance=clearance))
    with transaction.atomic():
        summary, _ = Summary.objects.update_or_create(
            key=KEY, clearance=clearance,
            defaults={"data_version": version, "computed_at": timezone.now(),
                      "seconds": round(time.monotonic() - started, 2), "data": _stored(figures)},
        )
    return summary


def refresh_all() -> list[Summary]:
    return [refresh(level) for level in Confidentiality.values]


def dashboard(*, user, filters: IncidentFilters | None = None) -> dict:
    f = filters or IncidentFilters()
    clearance = clearance_of(user)
    if clearance < 0 or not facts.supports(f):
        return compute(user=user, filters=f)
    if f != IncidentFilters():
        return _filtered(user, clearance, f)
    summary = Summary.objects.filter(key=KEY, clearance=clearance).first()
    # A stored summary of a large record is used without counting again (the count itself takes
    # tens of milliseconds there); a small record is always computed live.
    if summary is None:
        if incident_list_total(user=user, filters=f) < live_limit():
            return compute(user=user, filters=f)
        return _loaded(refresh(clearance), stale=False)
    if summary.data["total"]["incidents"] < live_limit():
        return compute(user=user, filters=f)
    if summary.data_version == data_version():
        return _loaded(summary, stale=False)
    _refresh_later(clearance)
    return _loaded(summary, stale=True)


def _filtered(user, clearance: int, f: IncidentFilters) -> dict:
    """Filtered figures from the fact table on a large record, live on a small one or before the
    table is first built (which is then started in the background)."""
    marker = _usable_facts(user, clearance, f)
    if marker is None:
        return compute(user=user, filters=f)
    figures = _cached(marker, ("dashboard", clearance, f),
                      lambda: facts.compute(clearance=clearance, filters=f, sections=SECTIONS))
    return {**figures, "as_of": marker.computed_at, "stale": marker.data_version != data_version()}


def breakdown(*, user, filters: IncidentFilters | None = None, by: str, level: int = 1) -> list[selectors.Figure]:
    """One breakdown in full (the breakdown page): from the fact table on a large record."""
    f = filters or IncidentFilters()
    clearance = clearance_of(user)
    marker = _usable_facts(user, clearance, f)
    if marker is None:
        return selectors.breakdown(user=user, filters=f, by=by, level=level)
    return _cached(marker, ("breakdown", clearance, f, by, level),
                   lambda: facts.breakdown(clearance=clearance, filters=f, by=by, level=level))


def _usable_facts(user, clearance: int, f: IncidentFilters) -> Summary | None:
    """The fact table's marker when these figures should come from it: a large record, filters it
    can answer. A stale table is still used (the page shows its time) while a rebuild runs."""
    if clearance < 0 or not facts.supports(f):
        return None
    marker = facts.built()
    if marker is not None and not facts.complete(marker):
        return None
    if marker is None or marker.data.get("incidents", 0) < live_limit():
        if marker is None and incident_list_total(user=user) >= live_limit():
            _refresh_later(clearance)
        return None
    if marker.data_version != data_version():
        _refresh_later(clearance)
    return marker


def _cached(marker: Summary, question: tuple, answer):
    """Figures computed from the fact table, kept in the cache under the table's version (and the
    clearance, filters and language in `question`), so the same view is not counted twice."""
    from django.core.cache import cache

    key = "sijill-analysis-facts-" + hashlib.sha256(repr(
        (marker.data_version, marker.computed_at.isoformat(), translation.get_language(), *question),
    ).encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        figures = answer()
        cache.set(key, figures, timeout=FILTERED_CACHE_SECONDS)
    return figures


def _refresh_later(clearance: int) -> None:
    from django.core.cache import cache

    from .tasks import refresh_summary

    # One job per level every few minutes, however many pages are viewed meanwhile; after the
    # request's transaction, so the job sees the change that made the summary stale.
    if cache.add(f"sijill-analysis-refresh-{clearance}", 1, timeout=300):
        transaction.on_commit(lambda: refresh_summary(clearance), using=connection.alias)
