"""Reading statistics: incidents, acts and victims counted by perpetrator, violation type, place,
month or year, and by civilian, child and woman.

Every count starts from `incidents.selectors.incident_list` (the incident list's filters and
`visible_to`), and victims are counted only where the person is visible to the viewer too: there
is no second permission path. Each figure carries the incident-list filters that show the
records behind it.

Victims are distinct individuals after record linkage: person records merged into one cluster
(`linkage.ClusterMember`, active memberships) count once; a record in no cluster counts alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr, TruncMonth, TruncYear

from sijill.confidentiality import visible_to
from sijill.incidents.models import Act, Incident, PerpetrationClaim, Victim
from sijill.incidents.selectors import IncidentFilters, incident_list

DIMENSIONS = ("perpetrator", "violation_type", "place", "month", "year")
# Incident casualty figures summed per bucket (the incident's own min/max estimates).
CASUALTY_SUMS = ("killed_total_min", "killed_total_max", "killed_children_min", "killed_children_max",
                 "killed_women_min", "killed_women_max")


@dataclass
class Figure:
    """One row of a breakdown: the bucket, its counts, and the filters that list its incidents."""

    key: str
    label: str
    incidents: int = 0
    acts: int = 0
    victims: int = 0
    civilians: int = 0
    children: int = 0
    women: int = 0
    casualties: dict = field(default_factory=dict)
    filters: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------------------------------------
# Base querysets: all built on incident_list and visible_to.


def visible_incidents(*, user, filters: IncidentFilters | None = None) -> QuerySet[Incident]:
    """The incidents of the incident list for these filters, unordered, for aggregation."""
    return incident_list(user=user, filters=filters).select_related(None).order_by()


def _actor(filters: IncidentFilters):
    from sijill.actors.models import Actor

    if not filters.actor:
        return None
    lookup = {"pk": int(filters.actor)} if str(filters.actor).isdigit() else {"slug": filters.actor}
    return Actor.objects.filter(deleted_at__isnull=True, **lookup).first()


def visible_acts(*, user, filters: IncidentFilters | None = None) -> QuerySet[Act]:
    """Acts of the visible incidents; a perpetrator or violation-type filter also narrows the acts
    (the victims of killings by X, not every victim of an incident where X did something)."""
    f = filters or IncidentFilters()
    acts = Act.objects.filter(incident__in=visible_incidents(user=user, filters=f).values("pk"))
    if f.violation_type:
        acts = acts.filter(violation_type__code=f.violation_type)
    actor = _actor(f)
    if actor is not None:
        acts = acts.filter(pk__in=PerpetrationClaim.objects.filter(actor__path__startswith=actor.path).values("act_id"))
    return acts.order_by()


def visible_victims(*, user, filters: IncidentFilters | None = None) -> QuerySet[Victim]:
    """Victim links of the visible acts whose person the viewer may see."""
    from sijill.people.models import Person

    # `individual`: the person's active cluster (as a negative number, so it never equals a
    # person id) or the person itself. A person has at most one active membership (a unique
    # constraint), so the join adds no rows.
    return Victim.objects.filter(
        act__in=visible_acts(user=user, filters=filters).values("pk"),
        person__in=visible_to(Person.objects.all(), user).values("pk"),
    ).annotate(
        membership=FilteredRelation("person__cluster_memberships",
                                    condition=Q(person__cluster_memberships__left_at__isnull=True)),
        individual=Coalesce(-F("membership__cluster_id"), F("person_id")),
    ).order_by()


_VICTIM_COUNTS = {
    "victims": Count("individual", distinct=True),
    "civilians": Count("individual", distinct=True, filter=Q(person__status="civilian")),
    "children": Count("individual", distinct=True, filter=Q(person__is_child=True)),
    "women": Count("individual", distinct=True, filter=Q(person__sex="female", person__is_child=False)),
}


def totals(*, user, filters: IncidentFilters | None = None) -> Figure:
    """The headline figures for these filters."""
    f = filters or IncidentFilters()
    incidents = visible_incidents(user=user, filters=f)
    sums = incidents.aggregate(n=Count("pk"), **{name: Sum(name) for name in CASUALTY_SUMS})
    figure = Figure(key="all", label="", incidents=sums.pop("n"), casualties=sums, filters=_filter_query(f))
    figure.acts = visible_acts(user=user, filters=f).count()
    for name, value in visible_victims(user=user, filters=f).aggregate(**_VICTIM_COUNTS).items():
        setattr(figure, name, value)
    return figure


# ---------------------------------------------------------------------------------------------
# Breakdowns


def breakdown(*, user, filters: IncidentFilters | None = None, by: str, level: int = 1) -> list[Figure]:
    """Counts per bucket of `by` (one of DIMENSIONS); `level` is the admin level for "place"
    (1 governorate, 2 district, 3 sub-district, 4 community). Buckets with nothing are left out.

    Perpetrator buckets are the sub-units of the filtered perpetrator (or the top-level actors),
    each counting its own sub-units; an incident with acts by two units of one actor counts once
    for that actor. Time buckets use the incident's start date.
    """
    if by not in DIMENSIONS:
        raise ValueError(f"Unknown breakdown {by!r}; choose one of {', '.join(DIMENSIONS)}.")
    f = filters or IncidentFilters()
    if by == "perpetrator":
        return _by_perpetrator(user, f)
    if by == "violation_type":
        return _by_violation_type(user, f)
    if by == "place":
        return _by_place(user, f, level)
    return _by_period(user, f, by)


def _filter_query(f: IncidentFilters, **override) -> dict:
    """The incident-list query parameters for these filters (empty values left out)."""
    merged = asdict(replace(f, **override))
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in merged.items() if v not in (None, "")}


def _fill_victims(figures: dict[str, Figure], rows, key: str) -> None:
    for row in rows:
        figure = figures.get(str(row[key]))
        if figure is not None:
            for name in _VICTIM_COUNTS:
                setattr(figure, name, getattr(figure, name) + row[name])


def _by_period(user, f: IncidentFilters, period: str) -> list[Figure]:
    trunc = TruncMonth if period == "month" else TruncYear
    incidents = visible_incidents(user=user, filters=f)
    rows = incidents.annotate(bucket=trunc("start_date")).values("bucket").annotate(
        n=Count("pk"), **{name: Sum(name) for name in CASUALTY_SUMS})
    figures: dict[str, Figure] = {}
    for row in rows:
        start = _as_date(row["bucket"])
        end = _period_end(start, period)
        key = start.strftime("%Y-%m" if period == "month" else "%Y")
        figures[key] = Figure(
            key=key, label=key, incidents=row["n"],
            casualties={name: row[name] for name in CASUALTY_SUMS},
            filters=_filter_query(f, date_from=max(start, f.date_from or start), date_to=min(end, f.date_to or end)),
        )
    acts = visible_acts(user=user, filters=f).annotate(bucket=trunc("incident__start_date"))
    for row in acts.values("bucket").annotate(n=Count("pk")):
        key = _as_date(row["bucket"]).strftime("%Y-%m" if period == "month" else "%Y")
        if key in figures:
            figures[key].acts = row["n"]
    victims = visible_victims(user=user, filters=f).annotate(bucket=trunc("act__incident__start_date"))
    for row in victims.values("bucket").annotate(**_VICTIM_COUNTS):
        row["bucket"] = _as_date(row["bucket"]).strftime("%Y-%m" if period == "month" else "%Y")
        _fill_victims(figures, [row], "bucket")
    return [figures[k] for k in sorted(figures)]


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _period_end(start: date, period: str) -> date:
    if period == "year":
        return date(start.year, 12, 31)
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _place_bucket(path: str, level: int) -> str | None:
    """The p-code at `level` in a place path "SY/SY09/SY0902/...", or None when not that deep."""
    parts = [p for p in path.split("/") if p]
    return parts[level] if len(parts) > level else None


def _by_place(user, f: IncidentFilters, level: int) -> list[Figure]:
    """Grouped by the stored place path (a few thousand distinct values at most), then rolled up
    to the ancestor at `level` here, so any admin level needs no join to the gazetteer."""
    from sijill.places.models import Place

    if not 0 <= level <= 5:
        raise ValueError(f"Admin level must be between 0 and 5, not {level}.")
    incidents = visible_incidents(user=user, filters=f)
    figures: dict[str, Figure] = {}
    paths = []
    for row in incidents.values("place_path").annotate(n=Count("pk"), **{n: Sum(n) for n in CASUALTY_SUMS}):
        paths.append(row["place_path"] or "")
        pcode = _place_bucket(row["place_path"] or "", level)
        if pcode is None:
            continue
        figure = figures.setdefault(pcode, Figure(key=pcode, label=pcode, casualties=dict.fromkeys(CASUALTY_SUMS)))
        figure.incidents += row["n"]
        for name in CASUALTY_SUMS:
            if row[name] is not None:
                figure.casualties[name] = (figure.casualties[name] or 0) + row[name]
    for row in visible_acts(user=user, filters=f).values("incident__place_path").annotate(n=Count("pk")):
        pcode = _place_bucket(row["incident__place_path"] or "", level)
        if pcode in figures:
            figures[pcode].acts += row["n"]
    # Distinct persons per bucket, counted in the database: grouped by the path prefix that ends
    # at the bucket's p-code (one query per prefix length: one for Syria's fixed-width p-codes).
    prefixes = {path[:path.index(pcode + "/") + len(pcode) + 1]: pcode for path, pcode in
                ((r, _place_bucket(r, level)) for r in paths) if pcode}
    victims = visible_victims(user=user, filters=f)
    for length in sorted({len(p) for p in prefixes}):
        rows = (victims.annotate(prefix=Substr("act__incident__place_path", 1, length))
                .values("prefix").annotate(**_VICTIM_COUNTS))
        for row in rows:
            pcode = prefixes.get(row["prefix"])
            if pcode in figures and len(row["prefix"]) == length:
                for name in _VICTIM_COUNTS:
                    setattr(figures[pcode], name, row[name])
    places = {p.pcode: p for p in Place.objects.filter(pcode__in=list(figures))}
    for pcode, figure in figures.items():
        place = places.get(pcode)
        figure.label = place.name if place else pcode
        figure.filters = _filter_query(f, place=pcode)
    return sorted(figures.values(), key=lambda fig: (-fig.incidents, fig.key))


def _by_violation_type(user, f: IncidentFilters) -> list[Figure]:
    from sijill.vocabularies.models import Term

    acts = visible_acts(user=user, filters=f)
    rows = acts.values("violation_type").annotate(n=Count("pk"), incidents=Count("incident", distinct=True))
    terms = {t.pk: t for t in Term.objects.filter(pk__in=[r["violation_type"] for r in rows])}
    figures: dict[str, Figure] = {}
    for row in rows:
        term = terms[row["violation_type"]]
        figures[str(term.pk)] = Figure(key=term.code, label=term.label, incidents=row["incidents"], acts=row["n"],
                                       filters=_filter_query(f, violation_type=term.code))
    _fill_victims(figures, visible_victims(user=user, filters=f).values("act__violation_type").annotate(**_VICTIM_COUNTS),
                  "act__violation_type")
    return sorted(figures.values(), key=lambda fig: (-fig.incidents, fig.label))


def perpetrator_buckets(f: IncidentFilters):
    """The actors a perpetrator breakdown shows: the filtered actor's direct sub-units and the
    actor itself (for acts claimed against it and no unit), or the top-level actors."""
    from sijill.actors.models import Actor

    live = Actor.objects.filter(deleted_at__isnull=True)
    parent = _actor(f)
    if parent is None:
        return list(live.filter(parent__isnull=True)), None
    return list(live.filter(parent=parent)), parent


def _bucket_of(path_field: str, rows) -> Case:
    """Which bucket a claim's actor falls in: the buckets are disjoint subtrees (and the parent
    alone), so each claim lands in at most one."""
    whens = [When(**({f"{path_field}": actor.path} if own else {f"{path_field}__startswith": actor.path}),
                  then=Value(key)) for key, actor, own in rows]
    return Case(*whens, default=Value(""), output_field=CharField())


def _by_perpetrator(user, f: IncidentFilters) -> list[Figure]:
    """Claims and victims each grouped once by the bucket their actor falls in."""
    buckets, parent = perpetrator_buckets(f)
    rows = [(actor.slug, actor, False) for actor in buckets]
    if parent is not None:
        rows.append((f"{parent.slug}:own", parent, True))
    if not rows:
        return []
    acts = visible_acts(user=user, filters=f)
    claims = PerpetrationClaim.objects.filter(act__in=acts.values("pk")).order_by()
    counted = (claims.annotate(bucket=_bucket_of("actor__path", rows)).values("bucket")
               .annotate(incidents=Count("act__incident", distinct=True), acts=Count("act", distinct=True)))
    figures: dict[str, Figure] = {}
    by_key = {key: actor for key, actor, _ in rows}
    for row in counted:
        actor = by_key.get(row["bucket"])
        if actor is None:
            continue
        figures[row["bucket"]] = Figure(key=row["bucket"], label=actor.name, incidents=row["incidents"], acts=row["acts"],
                                        filters=_filter_query(f, actor=actor.slug))
    victims = (visible_victims(user=user, filters=f).annotate(bucket=_bucket_of("act__claims__actor__path", rows))
               .values("bucket").annotate(**_VICTIM_COUNTS))
    _fill_victims(figures, victims, "bucket")
    return sorted(figures.values(), key=lambda fig: (-fig.incidents, fig.label))


# ---------------------------------------------------------------------------------------------
# Timelines and maps


def timeline(*, user, filters: IncidentFilters | None = None, by: str, period: str = "year",
             top: int = 6) -> dict:
    """Incidents and victims per period for each of the `top` perpetrators or violation types.

    Returns {"periods": [...], "series": [{"key", "label", "incidents": [...], "victims": [...],
    "filters": [...]}]}: one value per period, in period order, zero where nothing happened.
    """
    if by not in ("perpetrator", "violation_type"):
        raise ValueError(f"A timeline is by perpetrator or violation_type, not {by!r}.")
    if period not in ("month", "year"):
        raise ValueError(f"A timeline period is month or year, not {period!r}.")
    f = filters or IncidentFilters()
    leaders = breakdown(user=user, filters=f, by=by)[:top]
    periods: set[str] = set()
    series = []
    for leader in leaders:
        narrowed = replace(f, **({"actor": leader.key.split(":")[0]} if by == "perpetrator"
                                 else {"violation_type": leader.key}))
        rows = {fig.key: fig for fig in _by_period(user, narrowed, period)}
        periods.update(rows)
        series.append({"key": leader.key, "label": leader.label, "rows": rows})
    ordered = sorted(periods)
    for s in series:
        rows = s.pop("rows")
        s["incidents"] = [rows[p].incidents if p in rows else 0 for p in ordered]
        s["victims"] = [rows[p].victims if p in rows else 0 for p in ordered]
        s["filters"] = [rows[p].filters if p in rows else {} for p in ordered]
    return {"periods": ordered, "series": series}


def map_points(*, user, filters: IncidentFilters | None = None, limit: int = 20_000) -> list[dict]:
    """Located incidents as points: own coordinates, else the coordinates of their place."""
    from django.db.models.functions import Coalesce

    incidents = visible_incidents(user=user, filters=filters).annotate(
        lat=Coalesce("latitude", "place__latitude"), lon=Coalesce("longitude", "place__longitude"),
    ).filter(lat__isnull=False, lon__isnull=False).order_by("-start_date", "-id")
    return [
        {"id": row["pk"], "lat": round(row["lat"], 5), "lon": round(row["lon"], 5),
         "title": row["title_ar"] or row["title_en"] if _arabic() else row["title_en"] or row["title_ar"],
         "date": row["start_date"].isoformat()}
        for row in incidents.values("pk", "lat", "lon", "title_en", "title_ar", "start_date")[:limit]
    ]


def _arabic() -> bool:
    from django.utils import translation

    return translation.get_language() == "ar"
