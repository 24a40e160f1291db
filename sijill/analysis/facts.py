"""Filtered analysis from a flattened fact table, so a perpetrator, place or year costs one scan.

The live selectors answer a filtered dashboard by joining incidents, acts, claims, victims,
persons and cluster memberships for each figure: seconds on a large record. `rebuild()` writes
those joins once into `Fact` (one INSERT ... SELECT in the database), and `totals` and
`breakdown` here answer the same questions from it with the same `Figure`s: incidents, acts and
individuals are distinct counts over the fact rows, and casualty figures are summed over the
distinct incidents, so every figure equals the live one.

Clearance is applied at read time, as in the live selectors: a row counts when its incident is
within the viewer's clearance, and its individual only when the person is too. The table holds
every level; no figure of one level is ever stored for another.

The table is as current as the data version it was built at (`summaries.data_version`); a
stale table is rebuilt in the background (`summaries`), and by `sijill analysis_refresh`.
"""

from __future__ import annotations

import time
from datetime import date

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr, TruncMonth, TruncYear
from django.utils import timezone

from sijill.incidents.models import Incident
from sijill.incidents.selectors import IncidentFilters, _PathUnder

from .models import Fact, Summary
from .selectors import (
    CASUALTY_SUMS,
    DIMENSIONS,
    Figure,
    _actor,
    _as_date,
    _bucket_of,
    _filter_query,
    _period_end,
    _place_bucket,
    perpetrator_buckets,
)

MARKER = "facts"  # the Summary row that records the data version the table was built at
MARKER_CLEARANCE = -1  # the table holds every level
LOCK_KEY = 0x5117_FAC7  # PostgreSQL advisory lock held while the table is rebuilt

_COUNTS = {
    "incidents": Count("incident_id", distinct=True),
    "acts": Count("act_id", distinct=True),
}


def supports(filters: IncidentFilters) -> bool:
    """Whether these filters can be answered from the table (a text search cannot)."""
    return not filters.q


def built() -> Summary | None:
    return Summary.objects.filter(key=MARKER, clearance=MARKER_CLEARANCE).first()


def rebuild(*, only_if_stale: bool = False) -> Summary:
    """Replace the fact table's rows with the record as it is now, in one transaction.

    One rebuild at a time (a PostgreSQL advisory lock; SQLite serialises writers itself); with
    `only_if_stale`, a table already built at the current data version is kept.
    """
    from sijill.actors.models import Actor
    from sijill.incidents.models import Act, PerpetrationClaim, Victim
    from sijill.linkage.models import ClusterMember
    from sijill.people.models import Person
    from sijill.vocabularies.models import Term

    from .summaries import data_version

    q = connection.ops.quote_name
    t = {name: q(model._meta.db_table) for name, model in (
        ("fact", Fact), ("incident", Incident), ("act", Act), ("claim", PerpetrationClaim), ("actor", Actor),
        ("victim", Victim), ("person", Person), ("member", ClusterMember), ("term", Term))}
    columns = ("incident_id", "incident_confidentiality", "start_date", "end_date", "place_path", "status",
               "grading", "act_id", "violation_type", "actor_path", "individual", "person_confidentiality",
               "civilian", "child", "woman", *CASUALTY_SUMS)
    # Victims of deleted persons are left out of the join (the act keeps its row); an act's
    # claims and victims multiply, which distinct counts absorb.
    sql = f"""
        INSERT INTO {t['fact']} ({', '.join(columns)})
        SELECT i.id, i.confidentiality, i.start_date, i.end_date, COALESCE(i.place_path, ''),
               COALESCE(st.code, ''), COALESCE(gr.code, ''),
               a.id, vt.code, ac.path,
               CASE WHEN p.id IS NULL THEN NULL ELSE COALESCE(-m.cluster_id, p.id) END, p.confidentiality,
               COALESCE(p.status = 'civilian', FALSE), COALESCE(p.is_child, FALSE),
               COALESCE(p.sex = 'female' AND NOT p.is_child, FALSE),
               {', '.join('i.' + name for name in CASUALTY_SUMS)}
        FROM {t['incident']} i
        LEFT JOIN {t['term']} st ON st.id = i.status_id
        LEFT JOIN {t['term']} gr ON gr.id = i.grading_id
        LEFT JOIN {t['act']} a ON a.incident_id = i.id
        LEFT JOIN {t['term']} vt ON vt.id = a.violation_type_id
        LEFT JOIN {t['claim']} c ON c.act_id = a.id
        LEFT JOIN {t['actor']} ac ON ac.id = c.actor_id
        LEFT JOIN ({t['victim']} v JOIN {t['person']} p ON p.id = v.person_id AND p.deleted_at IS NULL)
               ON v.act_id = a.id
        LEFT JOIN {t['member']} m ON m.person_id = p.id AND m.left_at IS NULL
        WHERE i.deleted_at IS NULL
    """
    started = time.monotonic()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        version = data_version()
        marker = built()
        if only_if_stale and marker is not None and marker.data_version == version:
            return marker
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {t['fact']}")
            cursor.execute(sql)
            rows = cursor.rowcount
        incidents = Incident.objects.filter(deleted_at__isnull=True).count()
        marker, _ = Summary.objects.update_or_create(
            key=MARKER, clearance=MARKER_CLEARANCE,
            defaults={"data_version": version, "computed_at": timezone.now(),
                      "seconds": round(time.monotonic() - started, 2),
                      "data": {"rows": rows, "incidents": incidents}},
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {t['fact']}")
    return marker


# ---------------------------------------------------------------------------------------------
# Reading: the same figures as selectors.totals and selectors.breakdown


def facts(*, clearance: int, filters: IncidentFilters | None = None) -> QuerySet[Fact]:
    """Rows of the acts a viewer of `clearance` counts for these filters: those of the incidents of
    the incident list, narrowed to the acts a perpetrator or violation-type filter selects (as
    selectors.visible_acts)."""
    f = filters or IncidentFilters()
    rows = _incident_filtered(clearance, f)
    if f.actor:
        actor = _actor(f)
        rows = rows.filter(_PathUnder(F("actor_path"), (actor.path, False))) if actor else rows.none()
    if f.violation_type:
        rows = rows.filter(violation_type=f.violation_type)
    return rows


def incident_facts(*, clearance: int, filters: IncidentFilters | None = None) -> QuerySet[Fact]:
    """Rows whose distinct incidents are the incident list's for these filters.

    The incident list asks for an act claimed against the perpetrator and an act of the violation
    type, not necessarily the same act; with only one of the two, `facts` has the same incidents.
    """
    f = filters or IncidentFilters()
    if not _incidents_differ(f):
        return facts(clearance=clearance, filters=f)
    actor = _actor(f)
    if actor is None:
        return Fact.objects.none()
    claimed = Fact.objects.filter(_PathUnder(F("actor_path"), (actor.path, False))).values("incident_id")
    typed = Fact.objects.filter(violation_type=f.violation_type).values("incident_id")
    return _incident_filtered(clearance, f).filter(incident_id__in=claimed).filter(incident_id__in=typed)


def _incidents_differ(f: IncidentFilters) -> bool:
    return bool(f.actor and f.violation_type)


def _incident_filtered(clearance: int, f: IncidentFilters) -> QuerySet[Fact]:
    if not supports(f):
        raise ValueError("A text search is answered by the live selectors, not the fact table.")
    rows = Fact.objects.filter(incident_confidentiality__lte=clearance).order_by()
    if f.date_from:
        rows = rows.filter(end_date__gte=f.date_from)
    if f.date_to:
        rows = rows.filter(start_date__lte=f.date_to)
    if f.place:
        from sijill.places.models import Place

        place = Place.objects.filter(pcode=f.place).first()
        rows = rows.filter(_PathUnder(F("place_path"), (place.path, False))) if place else rows.none()
    if f.grading:
        rows = rows.filter(grading=f.grading)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.confidentiality is not None:
        rows = rows.filter(incident_confidentiality=f.confidentiality)
    return rows


def _victim_counts(clearance: int) -> dict:
    seen = Q(person_confidentiality__lte=clearance)
    return {
        "victims": Count("individual", distinct=True, filter=seen),
        "civilians": Count("individual", distinct=True, filter=seen & Q(civilian=True)),
        "children": Count("individual", distinct=True, filter=seen & Q(child=True)),
        "women": Count("individual", distinct=True, filter=seen & Q(woman=True)),
    }


def _casualties(rows: QuerySet[Fact], by: str | None = None) -> dict:
    """{value of `by` (None: everything): casualty sums}, each incident summed once.

    The incident's figures repeat on each of its rows, so the distinct (incident, `by`, figures)
    rows are summed: in the database, one row per value of `by` comes back.
    """
    keys = ["incident_id", *([by] if by else []), *CASUALTY_SUMS]
    try:
        inner, params = rows.values(*keys).distinct().query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing (an unknown place or perpetrator)
        return {None: dict.fromkeys(CASUALTY_SUMS)} if not by else {}
    group = connection.ops.quote_name(by) if by else ""
    sums = ", ".join(f"SUM({connection.ops.quote_name(name)})" for name in CASUALTY_SUMS)
    sql = (f"SELECT {group + ', ' if by else ''}{sums} FROM ({inner}) per_incident"
           + (f" GROUP BY {group}" if by else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if not by:
        return {None: dict(zip(CASUALTY_SUMS, found[0] if found else [None] * len(CASUALTY_SUMS), strict=True))}
    return {row[0]: dict(zip(CASUALTY_SUMS, row[1:], strict=True)) for row in found}


def _set_counts(figure: Figure, row: dict) -> Figure:
    for name in ("incidents", "acts", "victims", "civilians", "children", "women"):
        if name in row:
            setattr(figure, name, row[name] or 0)
    return figure


def totals(*, clearance: int, filters: IncidentFilters | None = None) -> Figure:
    f = filters or IncidentFilters()
    rows = facts(clearance=clearance, filters=f)
    incident_rows = incident_facts(clearance=clearance, filters=f)
    counted = rows.aggregate(**_COUNTS, **_victim_counts(clearance))
    if _incidents_differ(f):
        counted["incidents"] = incident_rows.aggregate(n=Count("incident_id", distinct=True))["n"]
    sums = _casualties(incident_rows)[None]
    return _set_counts(Figure(key="all", label="", casualties=sums, filters=_filter_query(f)), counted)


def breakdown(*, clearance: int, filters: IncidentFilters | None = None, by: str, level: int = 1) -> list[Figure]:
    """As `selectors.breakdown`, from the fact table."""
    if by not in DIMENSIONS:
        raise ValueError(f"Unknown breakdown {by!r}; choose one of {', '.join(DIMENSIONS)}.")
    f = filters or IncidentFilters()
    if by == "perpetrator":
        return _by_perpetrator(clearance, f)
    if by == "violation_type":
        return _by_violation_type(clearance, f)
    if by == "place":
        return _by_place(clearance, f, level)
    return _by_period(clearance, f, by)


def _grouped(rows: QuerySet[Fact], incident_rows: QuerySet[Fact], f: IncidentFilters, clearance: int,
             bucket) -> dict:
    """{bucket: counts} with incidents from `incident_rows` and acts and individuals from `rows`."""
    counts = _victim_counts(clearance)
    if not _incidents_differ(f):
        return {row["bucket"]: row for row in
                rows.annotate(bucket=bucket).values("bucket").annotate(**_COUNTS, **counts)}
    found = {row["bucket"]: row for row in incident_rows.annotate(bucket=bucket).values("bucket")
             .annotate(incidents=_COUNTS["incidents"])}
    for row in rows.annotate(bucket=bucket).values("bucket").annotate(acts=_COUNTS["acts"], **counts):
        if row["bucket"] in found:
            found[row["bucket"]].update(row)
    return found


def _by_period(clearance: int, f: IncidentFilters, period: str) -> list[Figure]:
    trunc = TruncMonth if period == "month" else TruncYear
    rows = facts(clearance=clearance, filters=f)
    incident_rows = incident_facts(clearance=clearance, filters=f)
    fmt = "%Y-%m" if period == "month" else "%Y"
    figures: dict[str, Figure] = {}
    for bucket, row in _grouped(rows, incident_rows, f, clearance, trunc("start_date")).items():
        start = _as_date(bucket)
        end = _period_end(start, period)
        key = start.strftime(fmt)
        figures[key] = _set_counts(Figure(
            key=key, label=key, casualties=dict.fromkeys(CASUALTY_SUMS),
            filters=_filter_query(f, date_from=max(start, f.date_from or start), date_to=min(end, f.date_to or end)),
        ), row)
    # Summed per start date (a few thousand at most), then per period here.
    for day, sums in _casualties(incident_rows, "start_date").items():
        day = date.fromisoformat(day[:10]) if isinstance(day, str) else _as_date(day)
        figure = figures.get(day.strftime(fmt))
        if figure is not None:
            for name, value in sums.items():
                if value is not None:
                    figure.casualties[name] = (figure.casualties[name] or 0) + value
    return [figures[k] for k in sorted(figures)]


def _by_place(clearance: int, f: IncidentFilters, level: int, per_path: dict | None = None) -> list[Figure]:
    """`per_path` keeps the per-path counts and casualty sums between levels of one dashboard."""
    from sijill.places.models import Place

    if not 0 <= level <= 5:
        raise ValueError(f"Admin level must be between 0 and 5, not {level}.")
    rows = facts(clearance=clearance, filters=f)
    incident_rows = incident_facts(clearance=clearance, filters=f)
    per_path = {} if per_path is None else per_path
    if not per_path:
        per_path["counts"] = _grouped(rows, incident_rows, f, clearance, F("place_path"))
        per_path["casualties"] = _casualties(incident_rows, "place_path")
    figures: dict[str, Figure] = {}
    # Incidents and acts each belong to one place path, so per-path counts add up exactly.
    paths = []
    for path, row in per_path["counts"].items():
        paths.append(path)
        pcode = _place_bucket(path, level)
        if pcode is None:
            continue
        figure = figures.setdefault(pcode, Figure(key=pcode, label=pcode, casualties=dict.fromkeys(CASUALTY_SUMS)))
        figure.incidents += row["incidents"]
        figure.acts += row.get("acts") or 0
    for path, sums in per_path["casualties"].items():
        pcode = _place_bucket(path or "", level)
        if pcode in figures:
            for name, value in sums.items():
                if value is not None:
                    figures[pcode].casualties[name] = (figures[pcode].casualties[name] or 0) + value
    # An individual may be a victim in several places: distinct per bucket, grouped in the
    # database by the path prefix that ends at the bucket's p-code.
    prefixes = {path[:path.index(pcode + "/") + len(pcode) + 1]: pcode for path, pcode in
                ((p, _place_bucket(p, level)) for p in paths) if pcode}
    for length in sorted({len(p) for p in prefixes}):
        grouped = (rows.annotate(prefix=Substr("place_path", 1, length)).values("prefix")
                   .annotate(**_victim_counts(clearance)))
        for row in grouped:
            pcode = prefixes.get(row["prefix"])
            if pcode in figures and len(row["prefix"]) == length:
                _set_counts(figures[pcode], {k: row[k] for k in ("victims", "civilians", "children", "women")})
    places = {p.pcode: p for p in Place.objects.filter(pcode__in=list(figures))}
    for pcode, figure in figures.items():
        place = places.get(pcode)
        figure.label = place.name if place else pcode
        figure.filters = _filter_query(f, place=pcode)
    return sorted(figures.values(), key=lambda fig: (-fig.incidents, fig.key))


def _by_violation_type(clearance: int, f: IncidentFilters) -> list[Figure]:
    from sijill.vocabularies.models import Term

    rows = facts(clearance=clearance, filters=f).filter(act_id__isnull=False)
    counted = {row["violation_type"]: row for row in
               rows.values("violation_type").annotate(**_COUNTS, **_victim_counts(clearance))}
    terms = {t.code: t for t in Term.objects.filter(kind="violation_type", code__in=list(counted))}
    figures = [_set_counts(Figure(key=code, label=terms[code].label if code in terms else code,
                                  filters=_filter_query(f, violation_type=code)), row)
               for code, row in counted.items()]
    return sorted(figures, key=lambda fig: (-fig.incidents, fig.label))


def _by_perpetrator(clearance: int, f: IncidentFilters) -> list[Figure]:
    buckets, parent = perpetrator_buckets(f)
    keys = [(actor.slug, actor, False) for actor in buckets]
    if parent is not None:
        keys.append((f"{parent.slug}:own", parent, True))
    if not keys:
        return []
    rows = facts(clearance=clearance, filters=f).filter(actor_path__isnull=False)
    counted = (rows.annotate(bucket=_bucket_of("actor_path", keys)).values("bucket")
               .annotate(**_COUNTS, **_victim_counts(clearance)))
    by_key = {key: actor for key, actor, _ in keys}
    figures = [_set_counts(Figure(key=row["bucket"], label=by_key[row["bucket"]].name,
                                  filters=_filter_query(f, actor=by_key[row["bucket"]].slug)), row)
               for row in counted if row["bucket"] in by_key]
    return sorted(figures, key=lambda fig: (-fig.incidents, fig.label))


def compute(*, clearance: int, filters: IncidentFilters | None = None, sections) -> dict:
    """Every figure of the dashboard from the fact table (see summaries.compute)."""
    from .summaries import section_key

    f = filters or IncidentFilters()
    per_path: dict = {}
    return {
        "total": totals(clearance=clearance, filters=f),
        "sections": {section_key(by, level): (_by_place(clearance, f, level, per_path) if by == "place" else
                                              breakdown(clearance=clearance, filters=f, by=by, level=level))
                     for by, level in sections},
    }

