"""Measure candidate fixes of the query layer against the current code, in the same rounds.

    .venv/bin/python bench/prototypes.py [--database-url URL] [--repeat 30]

Nothing here changes Sijill: each variant is a copy of a selector with one change, timed beside
the selector as it is, so before/after figures come from the same run on the same data.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import vocabulary as V  # noqa: E402
from bench.environment import DEFAULT_HOME, RESULTS_DIR, check_bench_url, configure  # noqa: E402
from bench.measure import PAGE_SIZE, Scenario, markdown, touch_detail, touch_list_page  # noqa: E402

DATE_INDEX = "bench_incident_dates_idx"


def incident_detail_joined(*, user, incident_id):
    """incident_detail with visible victims filtered by a join, not `person__in=<subquery>`."""
    from django.db.models import Prefetch

    from sijill.confidentiality import clearance_of, visible_to
    from sijill.incidents.models import Act, PerpetrationClaim, Victim
    from sijill.incidents.selectors import incident_get
    from sijill.sources.models import Source

    incident = incident_get(user=user, incident_id=incident_id)
    visible_sources = visible_to(Source.objects.all(), user)
    victims = Victim.objects.filter(
        person__confidentiality__lte=clearance_of(user), person__deleted_at__isnull=True
    ).select_related("person")
    acts = Act.objects.filter(incident=incident).select_related("violation_type", "method").prefetch_related(
        Prefetch("victim_links", queryset=victims, to_attr="visible_victims"),
        Prefetch("claims", queryset=PerpetrationClaim.objects.select_related("actor").prefetch_related(
            Prefetch("sources", queryset=visible_sources, to_attr="visible_sources")), to_attr="all_claims"),
        Prefetch("sources", queryset=visible_sources, to_attr="visible_sources"),
    )
    incident.visible_acts = list(acts)
    incident.visible_sources = list(
        visible_sources.filter(incidents=incident).select_related("source_type", "reliability", "credibility"))
    return incident


def place_range(queryset, path: str):
    """Everything below a place as a range on place_path, which a plain b-tree index serves."""
    return queryset.filter(place_path__gte=path, place_path__lt=path[:-1] + chr(ord("/") + 1))


def search_probe(queryset, query: str):
    """SQLite: the FTS rowids as a set probed while walking an index, not as the driving loop."""
    from sijill.text.normalise import query_tokens

    match = " ".join(f'"{w}"' for w in query_tokens(query))
    return queryset.extra(where=['+"incidents_incident"."id" IN (SELECT rowid FROM incidents_incident_fts '
                                 'WHERE incidents_incident_fts MATCH %s)'], params=[match])


def capped_page(queryset, cap: int = 1000):
    """First page plus a count that stops at `cap` (the UI would show "1,000+")."""
    rows = list(queryset[:PAGE_SIZE])
    touch_list_page(type("P", (), {"object_list": rows})())
    return queryset.order_by()[: cap + 1].count()


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--date-index", action="store_true",
                        help=f"also time (b) with a temporary covering index {DATE_INDEX}, dropped afterwards")
    args = parser.parse_args(argv)
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home.resolve())

    from django.core.paginator import Paginator
    from django.db import connection

    from sijill.accounts.models import User
    from sijill.incidents.models import Incident
    from sijill.incidents.selectors import IncidentFilters, incident_detail, incident_list
    from sijill.places.models import Place

    user = User.objects.get(username="bench-analyst")
    ids = list(Incident.objects.filter(confidentiality__lte=2, deleted_at__isnull=True)
               .order_by("?").values_list("id", flat=True)[: args.repeat + 5])
    aleppo = Place.objects.get(pcode="SY02").path
    sqlite = connection.vendor == "sqlite"

    def page(qs):
        p = Paginator(qs, PAGE_SIZE).get_page(1)
        touch_list_page(p)
        return p.paginator.count

    def detail_with(fn):
        it = iter(ids * 100)
        return lambda: touch_detail(fn(user=user, incident_id=next(it)))

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            return cur.fetchone()[0]

    base = incident_list(user=user)
    year = IncidentFilters(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31))
    common = V.COMMON_WORDS[1]
    scenarios = [
        Scenario("baseline", "baseline: SELECT 1", baseline),
        Scenario("d", "(d) detail, as is (victims `person__in=<visible persons>`)", detail_with(incident_detail)),
        Scenario("d+", "(d) detail, victims filtered by join on person", detail_with(incident_detail_joined)),
        Scenario("c", "(c) place SY02, as is (`place_path__startswith`)", lambda: page(
            incident_list(user=user, filters=IncidentFilters(place="SY02")))),
        Scenario("c+", "(c) place SY02, `place_path` range", lambda: page(place_range(base, aleppo))),
        Scenario("e", f"(e) search \"{common}\", as is", lambda: page(
            incident_list(user=user, filters=IncidentFilters(q=common)))),
        Scenario("e-cap", f"(e) search \"{common}\", count capped at 1,000", lambda: capped_page(
            incident_list(user=user, filters=IncidentFilters(q=common)))),
        Scenario("a-cap", "(a) list, count capped at 1,000", lambda: capped_page(base)),
        Scenario("b", "(b) date range 2016, as is", lambda: page(incident_list(user=user, filters=year))),
        Scenario("b-cap", "(b) date range 2016, count capped at 1,000", lambda: capped_page(
            incident_list(user=user, filters=year))),
    ]
    if sqlite:
        scenarios += [
            Scenario("e+", f"(e) search \"{common}\", FTS set probed (`+id IN`)", lambda: page(
                search_probe(base, common))),
            Scenario("f+", f"(f) search \"{V.RARE_WORDS[1]}\", FTS set probed (`+id IN`)", lambda: page(
                search_probe(base, V.RARE_WORDS[1]))),
        ]

    def run_round(chosen):
        for s in chosen:
            t = time.perf_counter()
            s.result = s.run()
            s.times_ms.append((time.perf_counter() - t) * 1000)

    for s in scenarios:
        s.run()
    for _ in range(args.repeat):
        run_round(scenarios)
    if args.date_index:
        with connection.cursor() as cur:
            cur.execute(f"CREATE INDEX {DATE_INDEX} ON incidents_incident "
                        "(deleted_at, start_date, end_date, confidentiality)")
            cur.execute("ANALYZE incidents_incident" if not sqlite else f"ANALYZE {DATE_INDEX}")
        try:
            extra = [Scenario("b+idx", "(b) date range 2016, with index (deleted_at, start_date, end_date, "
                              "confidentiality)", lambda: page(incident_list(user=user, filters=year))),
                     Scenario("baseline2", "baseline again (index run)", baseline)]
            for s in extra:
                s.run()
            for _ in range(args.repeat):
                run_round(extra)
            scenarios += extra
        finally:
            with connection.cursor() as cur:
                cur.execute(f"DROP INDEX IF EXISTS {DATE_INDEX}")

    base_p50 = sorted(scenarios[0].times_ms)[len(scenarios[0].times_ms) // 2]
    table = markdown(scenarios, base_p50)
    print(f"{connection.vendor}, {args.repeat} rounds\n")
    print(table)
    out = RESULTS_DIR / "prototypes.json"
    runs = json.loads(out.read_text()) if out.exists() else []
    runs.append({"at": datetime.now(UTC).isoformat(timespec="seconds"), "vendor": connection.vendor,
                 "command": " ".join(["bench/prototypes.py", *(argv if argv is not None else sys.argv[1:])]),
                 "table": table})
    out.write_text(json.dumps(runs, indent=2, ensure_ascii=False))
    return {"table": table}


if __name__ == "__main__":
    main()
