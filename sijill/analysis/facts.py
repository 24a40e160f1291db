"""Filtered analysis from an additive fact table: any filter and breakdown is one SUM.

The live selectors answer a filtered dashboard with distinct counts over joins of incidents,
acts, claims, victims, persons and cluster memberships: seconds on a large record. `rebuild()`
writes the record into `Fact` (see its docstring) so that every figure is a plain sum over the
rows a filter selects:

- distinct incidents: the first act of each incident per actor node carries `incidents` = 1
  (`incidents_typed`: the first of its violation type), so an incident with two acts by one
  perpetrator counts once;
- distinct individuals: each victim link counts 1, and an individual with several links (a
  person in two incidents; person records merged by linkage) has inclusion-exclusion rows, one
  per set of two or more of its links, with what the set has in common and -1 or +1: in any
  bucket the rows that apply sum to 1 for that individual.

`totals`, `breakdown` and `compute` give the same `Figure`s as `selectors.totals` and
`selectors.breakdown`, exactly (tests/analysis/test_facts.py compares them for every filter and
clearance). Clearance is applied at read time: a row counts when its incident is within the
viewer's clearance, its victims through the column of that clearance.

Filters by district or coarser and by whole years (and no status or grading) read the rows
summed per district and year (`GRAIN_YEARS`, a few tens of thousands of rows on a record of a
million victims; `GRAIN_COUNTRY` without the district, for figures without places; each also
summed over the violation types, for figures without types); anything finer reads the
one-row-per-act grain. A range of whole years inside ragged ends adds the summed rows of those
years to the single rows of the ends. A date filter also bounds the start date from below by
the longest span of any row (kept with the table), so the date index reads a range.

The table is as current as the data version it was built at (`summaries.data_version`); a
stale table is rebuilt in the background (`summaries`), and by `sijill analysis_refresh`.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import combinations

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import (
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    QuerySet,
    Sum,
)
from django.utils import timezone, translation

from sijill.incidents.models import Incident
from sijill.incidents.selectors import IncidentFilters, _PathUnder

from .models import CLEARANCES, GRAIN_COUNTRY, GRAIN_ROWS, GRAIN_YEARS, UNTYPED, Fact, Summary
from .selectors import (
    CASUALTY_SUMS,
    DIMENSIONS,
    Figure,
    _actor,
    _as_date,
    _filter_query,
    _period_end,
    _place_bucket,
    perpetrator_buckets,
)

MARKER = "facts"  # the Summary row that records the data version the table was built at
MARKER_CLEARANCE = -1  # the table holds every level
LOCK_KEY = 0x5117_FAC7  # PostgreSQL advisory lock held while the table is rebuilt
# An individual with more victim links than this would need 2^n inclusion-exclusion rows; a
# record that has one is answered live (marker data "complete": False).
MAX_LINKS = 8
AREA_LEVEL = 2  # GRAIN_YEARS keeps places down to the district (admin level 2)
VICTIM_COUNTS = ("victims", "civilians", "children", "women")
VICTIM_COLUMNS = [f"{name}_{level}" for name in VICTIM_COUNTS for level in CLEARANCES]


def supports(filters: IncidentFilters) -> bool:
    """Whether these filters can be answered from the table (a text search cannot)."""
    return not filters.q


def built() -> Summary | None:
    return Summary.objects.filter(key=MARKER, clearance=MARKER_CLEARANCE).first()


def complete(marker: Summary | None) -> bool:
    """Whether the built table answers every figure (see MAX_LINKS)."""
    return marker is not None and marker.data.get("complete", True)


# ---------------------------------------------------------------------------------------------
# Building


def rebuild(*, only_if_stale: bool = False) -> Summary:
    """Replace the fact table's rows with the record as it is now, in one transaction.

    One rebuild at a time (a PostgreSQL advisory lock; SQLite serialises writers itself); with
    `only_if_stale`, a table already built at the current data version is kept.
    """
    from .summaries import data_version

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
            cursor.execute(f"DELETE FROM {_table(Fact)}")
            rows = _insert_act_rows(cursor)
            overlap_rows, whole = _insert_overlap_rows(cursor)
            summed = _insert_year_grain(cursor)
        spans = _longest_spans()
        incidents = Incident.objects.filter(deleted_at__isnull=True).count()
        marker, _ = Summary.objects.update_or_create(
            key=MARKER, clearance=MARKER_CLEARANCE,
            defaults={"data_version": version, "computed_at": timezone.now(),
                      "seconds": round(time.monotonic() - started, 2),
                      "data": {"rows": rows + overlap_rows, "overlap_rows": overlap_rows, "summed_rows": summed,
                               "incidents": incidents, "complete": whole, "max_span_days": spans}},
        )
    if connection.vendor == "postgresql":
        # DELETE keeps the old rows readable during the rebuild; until they are vacuumed, every
        # index range also visits them, scattered over the heap (0.6 s for one month's rows
        # at a million victims). VACUUM cannot run inside a transaction: then ANALYZE only.
        with connection.cursor() as cursor:
            cursor.execute(f"{'ANALYZE' if connection.in_atomic_block else 'VACUUM ANALYZE'} {_table(Fact)}")
    return marker


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _tables() -> dict[str, str]:
    from sijill.actors.models import Actor
    from sijill.incidents.models import Act, PerpetrationClaim, Victim
    from sijill.linkage.models import ClusterMember
    from sijill.people.models import Person
    from sijill.vocabularies.models import Term

    return {name: _table(model) for name, model in (
        ("fact", Fact), ("incident", Incident), ("act", Act), ("claim", PerpetrationClaim), ("actor", Actor),
        ("victim", Victim), ("person", Person), ("member", ClusterMember), ("term", Term))}


def _links_sql(t: dict) -> str:
    """CTEs `link` (the victim links of live persons in live incidents, with the individual:
    the person's active cluster as a negative number, or the person) and `actor_node` (each
    actor's nodes: its own path and its ancestors', and its path + "=")."""
    return f"""
        link AS (
            SELECT v.act_id, COALESCE(-m.cluster_id, p.id) AS individual, p.confidentiality AS pconf,
                   CASE WHEN p.status = 'civilian' THEN 1 ELSE 0 END AS civilian,
                   CASE WHEN p.is_child THEN 1 ELSE 0 END AS child,
                   CASE WHEN p.sex = 'female' AND NOT p.is_child THEN 1 ELSE 0 END AS woman
            FROM {t['victim']} v
            JOIN {t['person']} p ON p.id = v.person_id AND p.deleted_at IS NULL
            JOIN {t['act']} a ON a.id = v.act_id
            JOIN {t['incident']} i ON i.id = a.incident_id AND i.deleted_at IS NULL
            LEFT JOIN {t['member']} m ON m.person_id = p.id AND m.left_at IS NULL
        ),
        actor_node AS (
            SELECT a.id AS actor_id, b.path AS node FROM {t['actor']} a
            JOIN {t['actor']} b ON b.path <> '' AND SUBSTR(a.path, 1, LENGTH(b.path)) = b.path
            UNION ALL
            SELECT a.id, a.path || '=' FROM {t['actor']} a
        ),
        act_node AS (
            SELECT DISTINCT c.act_id, n.node FROM {t['claim']} c JOIN actor_node n ON n.actor_id = c.actor_id
        )"""


def _area(path: str) -> str:
    """A place path down to the district ("SY/SY02/SY0200/"), or the whole path if shallower."""
    parts = [p for p in path.split("/") if p]
    return "".join(p + "/" for p in parts[:AREA_LEVEL + 1])


def _insert_act_rows(cursor) -> int:
    """One row per act and node ('' for every act; an act-less incident has that row only)."""
    t = _tables()
    ops = connection.ops
    year, year_params = ops.date_extract_sql("year", "r.start_date", ())
    month, month_params = ops.date_trunc_sql("month", "r.start_date", ())
    # Districts of the incidents' place paths, computed here as _place_bucket reads paths.
    area_table = ops.quote_name("analysis_fact_area")
    cursor.execute(f"CREATE TEMPORARY TABLE {area_table} (place_path varchar(200), area_path varchar(200))")
    cursor.execute(f"SELECT DISTINCT COALESCE(place_path, '') FROM {t['incident']} WHERE deleted_at IS NULL")
    cursor.executemany(f"INSERT INTO {area_table} (place_path, area_path) VALUES (%s, %s)",
                       [(path, _area(path)) for (path,) in cursor.fetchall()])
    flag = {"victims": "1", "civilians": "civilian", "children": "child", "women": "woman"}
    per_level = ", ".join(f"SUM(CASE WHEN pconf <= {level} THEN {flag[name]} ELSE 0 END) AS {name}_{level}"
                          for name in VICTIM_COUNTS for level in CLEARANCES)
    casualties = ", ".join(f"i.{name}" for name in CASUALTY_SUMS)
    columns = ["grain", "node", "incident_id", "incident_confidentiality", "start_date", "end_date", "place_path",
               "area_path", "status", "grading", "violation_type", "year", "month", "incidents", "incidents_typed",
               "acts", *CASUALTY_SUMS, *(f"typed_{name}" for name in CASUALTY_SUMS), *VICTIM_COLUMNS]
    sql = f"""
        INSERT INTO {t['fact']} ({', '.join(columns)})
        WITH {_links_sql(t)},
        per_act AS (SELECT act_id, {per_level} FROM link GROUP BY act_id),
        base AS (
            SELECT i.id AS incident_id, i.confidentiality, i.start_date, i.end_date,
                   COALESCE(i.place_path, '') AS place_path, COALESCE(st.code, '') AS status,
                   COALESCE(gr.code, '') AS grading, a.id AS act_id, vt.code AS violation_type, {casualties}
            FROM {t['incident']} i
            LEFT JOIN {t['term']} st ON st.id = i.status_id
            LEFT JOIN {t['term']} gr ON gr.id = i.grading_id
            LEFT JOIN {t['act']} a ON a.incident_id = i.id
            LEFT JOIN {t['term']} vt ON vt.id = a.violation_type_id
            WHERE i.deleted_at IS NULL
        ),
        noded AS (
            SELECT '' AS node, base.* FROM base
            UNION ALL
            SELECT n.node, base.* FROM base JOIN act_node n ON n.act_id = base.act_id
        ),
        ranked AS (
            SELECT noded.*,
                   ROW_NUMBER() OVER (PARTITION BY incident_id, node ORDER BY act_id) AS first_at_node,
                   ROW_NUMBER() OVER (PARTITION BY incident_id, node, violation_type ORDER BY act_id) AS first_of_type
            FROM noded
        )
        SELECT {GRAIN_ROWS}, r.node, r.incident_id, r.confidentiality, r.start_date, r.end_date, r.place_path,
               COALESCE(ar.area_path, ''), r.status, r.grading, r.violation_type, {year}, {month},
               CASE WHEN r.first_at_node = 1 THEN 1 ELSE 0 END, CASE WHEN r.first_of_type = 1 THEN 1 ELSE 0 END,
               CASE WHEN r.act_id IS NULL THEN 0 ELSE 1 END,
               {', '.join(f'CASE WHEN r.first_at_node = 1 THEN r.{name} END' for name in CASUALTY_SUMS)},
               {', '.join(f'CASE WHEN r.first_of_type = 1 THEN r.{name} END' for name in CASUALTY_SUMS)},
               {', '.join(f'COALESCE(pa.{column}, 0)' for column in VICTIM_COLUMNS)}
        FROM ranked r
        LEFT JOIN per_act pa ON pa.act_id = r.act_id
        LEFT JOIN {area_table} ar ON ar.place_path = r.place_path
        ORDER BY r.node, r.start_date
    """
    cursor.execute(sql, [*year_params, *month_params])
    rows = cursor.rowcount
    cursor.execute(f"DROP TABLE {area_table}")
    return rows


@dataclass(frozen=True)
class _Link:
    act_id: int
    confidentiality: int
    start_date: date
    end_date: date
    place_path: str
    status: str
    grading: str
    violation_type: str | None
    pconf: int
    civilian: int
    child: int
    woman: int


def _insert_overlap_rows(cursor) -> tuple[int, bool]:
    """Inclusion-exclusion rows of the individuals with several links; (rows, complete)."""
    t = _tables()
    shared = "shared AS (SELECT individual FROM link GROUP BY individual HAVING COUNT(*) > 1)"
    cursor.execute(f"""
        WITH {_links_sql(t)}, {shared}
        SELECT l.individual, l.act_id, i.confidentiality, i.start_date, i.end_date, COALESCE(i.place_path, ''),
               COALESCE(st.code, ''), COALESCE(gr.code, ''), vt.code, l.pconf, l.civilian, l.child, l.woman
        FROM link l
        JOIN shared s ON s.individual = l.individual
        JOIN {t['act']} a ON a.id = l.act_id
        JOIN {t['incident']} i ON i.id = a.incident_id
        LEFT JOIN {t['term']} st ON st.id = i.status_id
        LEFT JOIN {t['term']} gr ON gr.id = i.grading_id
        LEFT JOIN {t['term']} vt ON vt.id = a.violation_type_id
    """)
    by_individual: dict[int, list[_Link]] = defaultdict(list)
    for individual, *fields in cursor.fetchall():
        fields[2], fields[3] = _date(fields[2]), _date(fields[3])
        by_individual[individual].append(_Link(*fields))
    if not by_individual:
        return 0, True
    cursor.execute(f"""
        WITH {_links_sql(t)}, {shared}
        SELECT DISTINCT n.act_id, n.node FROM act_node n
        WHERE n.act_id IN (SELECT l.act_id FROM link l JOIN shared s ON s.individual = l.individual)
    """)
    nodes: dict[int, set[str]] = defaultdict(set)
    for act_id, node in cursor.fetchall():
        nodes[act_id].add(node)

    sums: dict[tuple, list[int]] = {}
    whole = True
    for links in by_individual.values():
        if len(links) > MAX_LINKS:
            whole = False
            continue
        for size in range(2, len(links) + 1):
            sign = 1 if size % 2 else -1
            for subset in combinations(links, size):
                key, counts = _overlap(subset, sign)
                common = set.intersection(*(nodes.get(link.act_id, set()) for link in subset))
                for node in ("", *common):
                    found = sums.get((node, *key))
                    if found is None:
                        sums[(node, *key)] = list(counts)
                    else:
                        for i, value in enumerate(counts):
                            found[i] += value
    if not whole:
        return 0, False
    # In node and start-date order, as the act rows: a date range reads adjacent pages.
    rows = sorted(((*key, *counts) for key, counts in sums.items() if any(counts)), key=lambda row: row[:3:2])
    columns = ["grain", "node", "incident_confidentiality", "start_date", "end_date", "place_path", "area_path",
               "status", "grading", "violation_type", "year", "month", *VICTIM_COLUMNS,
               "incidents", "incidents_typed", "acts"]
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {t['fact']} ({', '.join(columns)}) VALUES ({marks})",
                       [(GRAIN_ROWS, *row, 0, 0, 0) for row in rows])
    return len(rows), True


def _date(value) -> date:
    return date.fromisoformat(value[:10]) if isinstance(value, str) else _as_date(value)


def _overlap(subset: tuple[_Link, ...], sign: int) -> tuple[tuple, list[int]]:
    """What a set of links has in common (it is in a filter or bucket only if all its links are),
    and its signed counts per clearance."""
    first = subset[0]
    paths = [link.place_path.split("/")[:-1] for link in subset]
    common = []
    for parts in zip(*paths, strict=False):
        if any(p != parts[0] for p in parts):
            break
        common.append(parts[0])
    place = "".join(p + "/" for p in common)
    starts = [link.start_date for link in subset]
    same = {field: getattr(first, field) if all(getattr(link, field) == getattr(first, field) for link in subset)
            else None for field in ("status", "grading", "violation_type")}
    year = first.start_date.year if all(s.year == first.start_date.year for s in starts) else None
    month = first.start_date.replace(day=1) if all(s.replace(day=1) == first.start_date.replace(day=1)
                                                   for s in starts) else None
    key = (max(link.confidentiality for link in subset), max(starts), min(link.end_date for link in subset),
           place, _area(place), same["status"] or "", same["grading"] or "", same["violation_type"], year, month)
    pconf = max(link.pconf for link in subset)
    flags = {"victims": 1, "civilians": min(link.civilian for link in subset),
             "children": min(link.child for link in subset), "women": min(link.woman for link in subset)}
    counts = [sign * flags[name] if pconf <= level else 0 for name in VICTIM_COUNTS for level in CLEARANCES]
    return key, counts


def _insert_year_grain(cursor) -> int:
    """The act and overlap rows summed per node, confidentiality, district, violation type and
    start and end year (dates become the first day of their year, exact for whole-year filters)."""
    t = _tables()
    ops = connection.ops
    start, start_params = ops.date_trunc_sql("year", "start_date", ())
    end, end_params = ops.date_trunc_sql("year", "end_date", ())
    measures = ["incidents", "incidents_typed", "acts", *CASUALTY_SUMS, *(f"typed_{n}" for n in CASUALTY_SUMS),
                *VICTIM_COLUMNS]
    cursor.execute(f"""
        INSERT INTO {t['fact']} (grain, node, incident_confidentiality, start_date, end_date, place_path, area_path,
                                 status, grading, violation_type, year, {', '.join(measures)})
        SELECT {GRAIN_YEARS}, node, incident_confidentiality, {start}, {end}, area_path, area_path, '', '',
               violation_type, year, {', '.join(f'SUM({m})' for m in measures)}
        FROM {t['fact']} WHERE grain = {GRAIN_ROWS}
        GROUP BY 2, 3, 4, 5, 6, 10, 11
        ORDER BY 2, 6, 4
    """, [*start_params, *end_params])
    summed = cursor.rowcount
    cursor.execute(f"""
        INSERT INTO {t['fact']} (grain, node, incident_confidentiality, start_date, end_date, place_path, area_path,
                                 status, grading, violation_type, year, {', '.join(measures)})
        SELECT {GRAIN_COUNTRY}, node, incident_confidentiality, start_date, end_date, '', '', '', '',
               violation_type, year, {', '.join(f'SUM({m})' for m in measures)}
        FROM {t['fact']} WHERE grain = {GRAIN_YEARS}
        GROUP BY 2, 3, 4, 5, 10, 11
        ORDER BY 2, 4
    """)
    summed += cursor.rowcount
    for grain in (GRAIN_YEARS, GRAIN_COUNTRY):
        cursor.execute(f"""
            INSERT INTO {t['fact']} (grain, node, incident_confidentiality, start_date, end_date, place_path,
                                     area_path, status, grading, violation_type, year, {', '.join(measures)})
            SELECT {grain + UNTYPED}, node, incident_confidentiality, start_date, end_date, place_path, area_path,
                   '', '', NULL, year, {', '.join(f'SUM({m})' for m in measures)}
            FROM {t['fact']} WHERE grain = {grain}
            GROUP BY 2, 3, 4, 5, 6, 7, 11
            ORDER BY 2, 7, 4
        """)
        summed += cursor.rowcount
    return summed


def _longest_spans() -> dict[str, int]:
    """{grain: the most days any row's end date lies after its start date}: a row ending on or
    after a date starts at most that many days before it."""
    span = ExpressionWrapper(F("end_date") - F("start_date"), output_field=DurationField())
    found = Fact.objects.values("grain").annotate(longest=Max(span)).order_by()
    return {str(row["grain"]): max(row["longest"].days, 0) for row in found if row["longest"] is not None}


# ---------------------------------------------------------------------------------------------
# Reading: the same figures as selectors.totals and selectors.breakdown


# The sums every reading query selects, in this order, after its group columns.
MEASURES = ("incidents", "by_type", "acts", *VICTIM_COUNTS, *CASUALTY_SUMS)
INCIDENTS, BY_TYPE, ACTS = 0, 1, 2
COUNTS = slice(3, 3 + len(VICTIM_COUNTS))
CASUALTIES = slice(3 + len(VICTIM_COUNTS), len(MEASURES))


class _Question:
    """One viewer's filters, resolved once (place, perpetrator), and the sums they select."""

    def __init__(self, clearance: int, filters: IncidentFilters | None):
        from sijill.places.models import Place

        f = filters or IncidentFilters()
        if not supports(f):
            raise ValueError("A text search is answered by the live selectors, not the fact table.")
        self.f = f
        self.clearance = min(clearance, CLEARANCES[-1])
        self.place = Place.objects.filter(pcode=f.place).only("path").first() if f.place else None
        self.actor = _actor(f)
        self.none = (bool(f.place) and self.place is None) or (bool(f.actor) and self.actor is None) or clearance < 0
        self.node = self.actor.path if self.actor else ""
        self.typed = bool(f.violation_type)
        # The incident list wants an act by the perpetrator and an act of the type, not one act
        # that is both: its incidents are then counted apart from the acts (see cells()).
        self.incidents_differ = bool(f.actor and f.violation_type)
        marker = built()
        self.spans = marker.data.get("max_span_days", {}) if marker else {}

    def summed(self, fine: bool) -> bool:
        """Whether all but the dates can be read from the summed grains."""
        f = self.f
        deep = self.place is not None and len([p for p in self.place.path.split("/") if p]) > AREA_LEVEL + 1
        return not (fine or f.status or f.grading or deep)

    def summed_grain(self, places: bool, types: bool) -> int:
        grain = GRAIN_YEARS if places or self.place is not None else GRAIN_COUNTRY
        return grain if types or self.typed else grain + UNTYPED

    def whole_years(self) -> tuple[int | None, int | None] | None:
        """For a date range not of whole years: (first, last) whole year within it (None: open
        ended), or () when it holds none; None when the range is of whole years (or absent)."""
        f = self.f
        aligned_from = not f.date_from or (f.date_from.month, f.date_from.day) == (1, 1)
        aligned_to = not f.date_to or (f.date_to.month, f.date_to.day) == (12, 31)
        if aligned_from and aligned_to:
            return None
        first = (f.date_from.year + (not aligned_from)) if f.date_from else None
        last = (f.date_to.year - (not aligned_to)) if f.date_to else None
        if first is not None and last is not None and first > last:
            return ()  # within a year: the rows grain alone
        return first, last

    def parts(self, *, nodes: list[str], fine: bool, places: bool, types: bool,
              typed: bool = True) -> list[QuerySet[Fact]]:
        """Row sets whose sums add up to the figures. A range with whole years inside but ragged
        ends (2013-05-10 to 2019-02-03) is the summed rows of the years every row of which is
        within it (ending in 2014 or later, starting in 2018 or earlier) and the single rows of
        the others (ending before 2014 or starting after 2018) that are."""
        years = self.whole_years()
        if not self.summed(fine) or not years:
            grain = GRAIN_ROWS if years is not None or not self.summed(fine) else self.summed_grain(places, types)
            return [self.rows(nodes=nodes, grain=grain, typed=typed)]
        first, last = years
        whole = self.rows(nodes=nodes, grain=self.summed_grain(places, types), typed=typed, dates=False)
        single = self.rows(nodes=nodes, grain=GRAIN_ROWS, typed=typed)
        parts = []
        # Disjoint, each a narrow range of one date index: ending before the first whole year;
        # starting after the last (and not ending before the first).
        if first is not None:  # summed dates are the first day of their year
            whole = whole.filter(end_date__gte=date(first, 1, 1))
            parts.append(single.filter(end_date__lt=date(first, 1, 1)))
            single = single.filter(end_date__gte=date(first, 1, 1))
        if last is not None:
            whole = whole.filter(start_date__lte=date(last, 1, 1))
            parts.append(single.filter(start_date__gt=date(last, 12, 31)))
        return [whole, *parts]

    def rows(self, *, nodes: list[str], grain: int, typed: bool = True, dates: bool = True) -> QuerySet[Fact]:
        f = self.f
        rows = Fact.objects.filter(grain=grain, incident_confidentiality__lte=self.clearance).order_by()
        rows = rows.filter(node=nodes[0]) if len(nodes) == 1 else rows.filter(node__in=nodes)
        if self.none:
            return rows.none()
        if f.date_from and dates:
            rows = rows.filter(end_date__gte=f.date_from)
            if str(grain) in self.spans:  # the same rows; the date index reads a range
                rows = rows.filter(start_date__gte=f.date_from - timedelta(days=self.spans[str(grain)]))
        if f.date_to and dates:
            rows = rows.filter(start_date__lte=f.date_to)
        if self.place is not None:
            rows = rows.filter(_PathUnder(F("place_path"), (self.place.path, False)))
        if f.grading:
            rows = rows.filter(grading=f.grading)
        if f.status:
            rows = rows.filter(status=f.status)
        if f.confidentiality is not None:
            rows = rows.filter(incident_confidentiality=f.confidentiality)
        if typed and f.violation_type:
            rows = rows.filter(violation_type=f.violation_type)
        return rows

    def sums(self, rows: QuerySet[Fact], group: tuple[str, ...], *, typed: bool) -> list[tuple]:
        """Rows of (*group values, *MEASURES), summed in the database."""
        prefix = "typed_" if typed else ""
        sums = {"incidents": Sum("incidents_typed" if typed else "incidents"), "by_type": Sum("incidents_typed"),
                "acts": Sum("acts"), **{name: Sum(f"{name}_{self.clearance}") for name in VICTIM_COUNTS},
                **{name: Sum(prefix + name) for name in CASUALTY_SUMS}}
        if not group:  # one row over everything
            found = rows.aggregate(**sums)
            return [tuple(found[name] for name in MEASURES)] if found["acts"] is not None else []
        try:
            sql, params = rows.values(*group).annotate(**sums).query.sql_with_params()
        except EmptyResultSet:
            return []
        with connection.cursor() as cursor:  # plain tuples: no model converters on thousands of rows
            cursor.execute(sql, params)
            return cursor.fetchall()

    def cells(self, group: tuple[str, ...], *, fine: bool = False,
              listed: bool = True) -> tuple[list[tuple], list[tuple]]:
        """(sums for acts and victims, sums for incidents and casualties) per `group`; without
        `listed`, the incidents of the acts (as the breakdowns by type and perpetrator count)."""
        places = any(column in ("area_path", "place_path") for column in group)
        parts = self.parts(nodes=[self.node], fine=fine, places=places, types="violation_type" in group)
        counted = self.added(parts, group, typed=self.typed)
        if not (listed and self.incidents_differ):
            return counted, counted
        # Incidents of the incident list: those with an act by the perpetrator (each counted on
        # its first such act) and an act of the type (any act).
        typed = Fact.objects.filter(grain=GRAIN_ROWS, node="", violation_type=self.f.violation_type,
                                    incident_id=OuterRef("incident_id"))
        rows = self.rows(nodes=[self.node], grain=GRAIN_ROWS, typed=False).filter(Exists(typed))
        return counted, self.sums(rows, group, typed=False)

    def by_node(self, nodes: list[str]) -> list[tuple]:
        if not nodes:
            return []
        return self.added(self.parts(nodes=nodes, fine=False, places=False, types=False), ("node",),
                          typed=self.typed)

    def added(self, parts: list[QuerySet[Fact]], group: tuple[str, ...], *, typed: bool) -> list[tuple]:
        """`sums` of each part, added per group."""
        if len(parts) == 1:
            return self.sums(parts[0], group, typed=typed)
        width = len(group)
        found = _summed([row for part in parts for row in self.sums(part, group, typed=typed)],
                        lambda row: tuple(row[:width]))
        return [(*key, *values) for key, values in found.items()]


def _summed(rows: list[tuple], bucket) -> dict:
    """{bucket: MEASURES summed} over rows of (*group, *MEASURES); `bucket(row)` None skips a row.
    A casualty figure stays None while every incident in the bucket has none."""
    out: dict = {}
    width = len(MEASURES)
    for row in rows:
        key = bucket(row)
        if key is None:
            continue
        values = row[-width:]
        found = out.get(key)
        if found is None:
            out[key] = list(values)
            continue
        for i, value in enumerate(values):
            if value is not None:
                found[i] = value if found[i] is None else found[i] + value
    return out


def _figures(cells, bucket, make, *, incidents: int = INCIDENTS, casualties: bool = True) -> dict[str, Figure]:
    """Figures per bucket, as the live selectors make them: a bucket exists when it has incidents
    (from the incident sums), its acts and victims come from the act sums."""
    counted, listed = cells
    incident_sums = _summed(listed, bucket)
    count_sums = incident_sums if counted is listed else _summed(counted, bucket)
    figures = {}
    for key, sums in incident_sums.items():
        if not sums[incidents]:
            continue
        figure = make(key)
        _fill(figure, sums, count_sums.get(key), incidents=incidents, casualties=casualties)
        figures[key] = figure
    return figures


def _fill(figure: Figure, incident_sums, count_sums, *, incidents: int = INCIDENTS, casualties: bool = True) -> Figure:
    figure.incidents = (incident_sums[incidents] or 0) if incident_sums else 0
    if casualties:
        figure.casualties = dict(zip(CASUALTY_SUMS, incident_sums[CASUALTIES] if incident_sums else
                                     [None] * len(CASUALTY_SUMS), strict=True))
    figure.acts = (count_sums[ACTS] or 0) if count_sums else 0
    for name, value in zip(VICTIM_COUNTS, count_sums[COUNTS] if count_sums else [0] * len(VICTIM_COUNTS),
                           strict=True):
        setattr(figure, name, value or 0)
    return figure


def _totals(q: _Question, cells) -> Figure:
    counted, listed = cells
    everything = lambda row: ""  # noqa: E731
    incident_sums = _summed(listed, everything).get("")
    count_sums = _summed(counted, everything).get("")
    return _fill(Figure(key="all", label="", filters=_filter_query(q.f)), incident_sums, count_sums)


def _by_place(q: _Question, cells, level: int) -> list[Figure]:
    """From sums grouped by a place path first (the district's or the whole path)."""
    from sijill.places.models import Place

    if not 0 <= level <= 5:
        raise ValueError(f"Admin level must be between 0 and 5, not {level}.")
    buckets: dict[str, str | None] = {}

    def bucket(row):
        path = row[0] or ""
        if path not in buckets:
            buckets[path] = _place_bucket(path, level)
        return buckets[path]

    figures = _figures(cells, bucket, lambda key: Figure(key=key, label=key))
    names = {pcode: (name_en, name_ar) for pcode, name_en, name_ar in
             Place.objects.filter(pcode__in=list(figures)).values_list("pcode", "name_en", "name_ar")}
    arabic = translation.get_language() == "ar"
    for pcode, figure in figures.items():
        name_en, name_ar = names.get(pcode, (pcode, ""))
        figure.label = name_ar if arabic and name_ar else name_en
        figure.filters = _filter_query(q.f, place=pcode)
    return sorted(figures.values(), key=lambda fig: (-fig.incidents, fig.key))


def _by_period(q: _Question, cells, period: str, column: int) -> list[Figure]:
    f = q.f

    def bucket(row):
        value = row[column]
        if value is None:
            return None
        return f"{value:04d}" if period == "year" else _date(value).strftime("%Y-%m")

    def make(key):
        start = date(int(key[:4]), int(key[5:7]) if period == "month" else 1, 1)
        end = _period_end(start, period)
        return Figure(key=key, label=key, filters=_filter_query(f, date_from=max(start, f.date_from or start),
                                                                date_to=min(end, f.date_to or end)))

    figures = _figures(cells, bucket, make)
    return [figures[k] for k in sorted(figures)]


def _by_violation_type(q: _Question, cells) -> list[Figure]:
    from sijill.vocabularies.models import Term

    counted, _listed = cells  # acts of the type: their incidents, each once per type
    figures = _figures((counted, counted), lambda row: row[0],
                       lambda key: Figure(key=key, label=key, filters=_filter_query(q.f, violation_type=key)),
                       incidents=BY_TYPE, casualties=False)
    terms = {t.code: t for t in Term.objects.filter(kind="violation_type", code__in=list(figures))}
    for code, figure in figures.items():
        if code in terms:
            figure.label = terms[code].label
    return sorted(figures.values(), key=lambda fig: (-fig.incidents, fig.label))


def _by_perpetrator(q: _Question) -> list[Figure]:
    buckets, parent = perpetrator_buckets(q.f)
    actors = {actor.path: (actor.slug, actor) for actor in buckets}
    if parent is not None:
        actors[parent.path + "="] = (f"{parent.slug}:own", parent)
    figures = []
    for row in q.by_node(list(actors)):
        key, actor = actors[row[0]]
        figure = _fill(Figure(key=key, label=actor.name, filters=_filter_query(q.f, actor=actor.slug)),
                       row[1:], row[1:], casualties=False)
        if figure.incidents:
            figures.append(figure)
    return sorted(figures, key=lambda fig: (-fig.incidents, fig.label))


def totals(*, clearance: int, filters: IncidentFilters | None = None) -> Figure:
    q = _Question(clearance, filters)
    return _totals(q, q.cells(()))


def breakdown(*, clearance: int, filters: IncidentFilters | None = None, by: str, level: int = 1) -> list[Figure]:
    """As `selectors.breakdown`, from the fact table."""
    return _breakdown(_Question(clearance, filters), by, level)


def _breakdown(q: _Question, by: str, level: int) -> list[Figure]:
    if by not in DIMENSIONS:
        raise ValueError(f"Unknown breakdown {by!r}; choose one of {', '.join(DIMENSIONS)}.")
    if by == "perpetrator":
        return _by_perpetrator(q)
    if by == "violation_type":
        return _by_violation_type(q, q.cells(("violation_type",), listed=False))
    if by == "place":
        fine = level > AREA_LEVEL
        return _by_place(q, q.cells(("place_path" if fine else "area_path",), fine=fine), level)
    return _by_period(q, q.cells((by,), fine=by == "month"), by, 0)


def compute(*, clearance: int, filters: IncidentFilters | None = None, sections) -> dict:
    """Every figure of the dashboard from the fact table (see summaries.compute): the total and
    the sections by place (down to the district) and year from one query summed per district
    and year, the violation types from a second, the perpetrators from a third."""
    from .summaries import section_key

    q = _Question(clearance, filters)
    cells = q.cells(("area_path", "year"))
    out = {}
    for by, level in sections:
        if by == "place" and level <= AREA_LEVEL:
            out[section_key(by, level)] = _by_place(q, cells, level)
        elif by == "year":
            out[section_key(by, level)] = _by_period(q, cells, "year", 1)
        else:
            out[section_key(by, level)] = _breakdown(q, by, level)
    return {"total": _totals(q, cells), "sections": out}
