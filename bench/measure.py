"""Time the documentation core's reads on a benchmark database built by generate.py.

    .venv/bin/python bench/measure.py [--database-url URL] [--repeat 50]

Every figure goes through the code the UI runs: `incident_list(user=..., filters=...)` paged by
Django's Paginator (first page of 50 plus the total from `incident_list_total`), `incident_detail(...)` with the
acts, victims, claims and sources touched as the template touches them, and the web pages end
to end through django.test.Client. The user is an analyst of clearance 2, so the
confidentiality filter is exercised. Scenarios run round-robin, N rounds after a warm-up, so
machine noise falls on all of them alike; a trivial `SELECT 1` is timed in the same rounds as a
baseline. Prints a markdown table and appends the run to bench/results/measure.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import vocabulary as V  # noqa: E402
from bench.environment import add_run_arguments, run_rounds, start_as_analyst  # noqa: E402

PAGE_SIZE = 50  # sijill.web.views.PAGE_SIZE
LIST_TARGET_MS = 40
SEARCH_TARGET_MS = 150


@dataclass
class Scenario:
    key: str
    label: str
    run: callable  # returns the total count (or rows touched)
    target_ms: float | None = None
    times_ms: list[float] = field(default_factory=list)
    result: int | None = None
    queries: int | None = None


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def touch_list_page(page) -> list:
    """What incident_rows.html reads for each row."""
    return [
        (i.start_date, i.end_date, i.title, str(i.place) if i.place_id else "", i.status.label,
         i.grading.label if i.grading_id else "", i.killed_total_min, i.killed_total_max)
        for i in page.object_list
    ]


def touch_detail(incident) -> int:
    """What incident_detail.html reads: acts, victims, claims with their sources, sources."""
    seen = [str(incident.place) if incident.place_id else "", incident.status.label,
            incident.grading.label if incident.grading_id else ""]
    for act in incident.visible_acts:
        seen.append((act.violation_type.label, act.method.label if act.method_id else ""))
        for v in act.visible_victims:
            seen.append((v.person.name, v.person.name_ar, v.person.name_latin, v.person.get_sex_display(), v.person.age))
        for c in act.all_claims:
            seen.append((c.actor.name, c.actor.slug, c.get_degree_display(), [s.title for s in c.visible_sources]))
    for s in incident.visible_sources:
        seen.append((s.title, s.source_type.label, s.reliability.code if s.reliability_id else "", s.credibility_id))
    return len(seen)


def build_scenarios(user, detail_ids: list[int], web_client) -> list[Scenario]:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.urls import reverse

    from sijill.incidents.selectors import (
        IncidentFilters,
        incident_detail,
        incident_list,
        incident_list_total,
    )
    from sijill.people.selectors import person_list

    def listing(filters: IncidentFilters):
        def run():
            queryset = incident_list(user=user, filters=filters)
            paginator = Paginator(queryset, PAGE_SIZE)  # as the web view: the selector's total
            paginator.count = incident_list_total(user=user, filters=filters, queryset=queryset)
            page = paginator.get_page(1)
            touch_list_page(page)
            return page.paginator.count
        return run

    def person_search(q: str):
        def run():
            page = Paginator(person_list(user=user, q=q), PAGE_SIZE).get_page(1)
            for p in page.object_list:
                p.name, p.get_sex_display(), p.age
            return page.paginator.count
        return run

    ids = iter(detail_ids * 1000)

    def detail():
        return touch_detail(incident_detail(user=user, incident_id=next(ids)))

    def web(path: str):
        def run():
            response = web_client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}")
            return len(response.content)
        return run

    web_ids = iter(detail_ids[::-1] * 1000)

    def web_detail():
        return web(reverse("incident_detail", args=[next(web_ids)]))()

    api_ids = iter(detail_ids[len(detail_ids) // 2:] * 1000)

    def api_detail():
        return web(f"/api/incidents/{next(api_ids)}")()

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            return cur.fetchone()[0]

    common_ar, common_en = V.COMMON_WORDS
    rare_ar, rare_en = V.RARE_WORDS
    lst = reverse("incident_list")
    return [
        Scenario("baseline", "baseline: SELECT 1 through django.db.connection", baseline),
        Scenario("a", "(a) incident list, first page + total count", listing(IncidentFilters()), LIST_TARGET_MS),
        Scenario("b", "(b) list filtered by date range (2016), page + count",
                 listing(IncidentFilters(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31))), LIST_TARGET_MS),
        Scenario("c", "(c) list filtered by governorate SY02 Aleppo and below, page + count",
                 listing(IncidentFilters(place="SY02")), LIST_TARGET_MS),
        Scenario("d", "(d) incident detail, random ids, acts/victims/claims/sources touched", detail, LIST_TARGET_MS),
        Scenario("e-ar", f"(e) search common word, Arabic \"{common_ar}\", page + count",
                 listing(IncidentFilters(q=common_ar)), SEARCH_TARGET_MS),
        Scenario("e-en", f"(e) search common word, Latin \"{common_en}\", page + count",
                 listing(IncidentFilters(q=common_en)), SEARCH_TARGET_MS),
        Scenario("f-ar", f"(f) search rare word, Arabic \"{rare_ar}\", page + count",
                 listing(IncidentFilters(q=rare_ar)), SEARCH_TARGET_MS),
        Scenario("f-en", f"(f) search rare word, Latin \"{rare_en}\", page + count",
                 listing(IncidentFilters(q=rare_en)), SEARCH_TARGET_MS),
        Scenario("g", f"(g) search incidents by Arabic person name \"{V.NAME_QUERY}\", page + count",
                 listing(IncidentFilters(q=V.NAME_QUERY)), SEARCH_TARGET_MS),
        Scenario("h", f"(h) person list search, Arabic name \"{V.NAME_QUERY}\", page + count",
                 person_search(V.NAME_QUERY), SEARCH_TARGET_MS),
        Scenario("w-list", "web GET /incidents/ (view + template)", web(lst), LIST_TARGET_MS),
        Scenario("w-place", "web GET /incidents/?place=SY02", web(f"{lst}?place=SY02"), LIST_TARGET_MS),
        Scenario("w-search", f"web GET /incidents/?q={common_ar}", web(f"{lst}?q={common_ar}"), SEARCH_TARGET_MS),
        Scenario("w-detail", "web GET /incidents/<id>/ (random ids)", web_detail, LIST_TARGET_MS),
        Scenario("api-list", "API GET /api/incidents/ (JSON, first page + count)", web("/api/incidents/"), LIST_TARGET_MS),
        Scenario("api-place", "API GET /api/incidents/?place=SY02", web("/api/incidents/?place=SY02"), LIST_TARGET_MS),
        Scenario("api-detail", "API GET /api/incidents/<id> (random ids)", api_detail, LIST_TARGET_MS),
    ]


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name"))
        mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                          if line.startswith("MemTotal")))
        info["memory_gib"] = round(mem_kb / 1024 / 1024, 1)
    except (OSError, StopIteration, ValueError):
        pass
    return info


def markdown(scenarios: list[Scenario], base_p50: float) -> str:
    lines = ["| measurement | p50 ms | p95 ms | max ms | p50 ÷ base | p95 ÷ base | result | queries | target p95 | |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for s in scenarios:
        p50, p95 = percentile(s.times_ms, 50), percentile(s.times_ms, 95)
        verdict = "" if s.target_ms is None else ("met" if p95 < s.target_ms else "**missed**")
        target = "" if s.target_ms is None else f"< {s.target_ms:g}"
        lines.append(f"| {s.label} | {p50:.2f} | {p95:.2f} | {max(s.times_ms):.2f} | {p50 / base_p50:,.0f} | "
                     f"{p95 / base_p50:,.0f} | {s.result if s.result is not None else ''} | "
                     f"{s.queries if s.queries is not None else ''} | {target} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(parser, repeat=50, warmup=3, results="measure.json")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    user, client = start_as_analyst(args)

    from django.db import connection

    from sijill.incidents.models import Incident

    visible = Incident.objects.filter(confidentiality__lte=user.clearance, deleted_at__isnull=True)
    max_id = Incident.objects.order_by("-id").values_list("id", flat=True).first() or 0
    rng = random.Random(args.seed)
    detail_ids: list[int] = []
    while len(detail_ids) < args.repeat + args.warmup and max_id:
        candidates = [rng.randint(1, max_id) for _ in range(200)]
        detail_ids += list(visible.filter(pk__in=candidates).values_list("id", flat=True))[: args.repeat + args.warmup]
    rng.shuffle(detail_ids)

    scenarios, elapsed = run_rounds(build_scenarios(user, detail_ids, client),
                                    repeat=args.repeat, warmup=args.warmup, only=args.only)

    base_p50 = percentile(scenarios[0].times_ms, 50)
    table = markdown(scenarios, base_p50)
    with connection.cursor() as cur:
        cur.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        engine_version = cur.fetchone()[0]
    run = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["bench/measure.py", *(argv if argv is not None else sys.argv[1:])]),
        "vendor": connection.vendor,
        "engine_version": engine_version,
        "database": str(connection.settings_dict["NAME"]),
        "incidents": Incident.objects.count(),
        "visible_incidents": visible.count(),
        "machine": machine(),
        "repeat": args.repeat,
        "warmup": args.warmup,
        "elapsed_s": round(elapsed, 1),
        "baseline_p50_ms": base_p50,
        "figures": [
            {"key": s.key, "label": s.label, "p50_ms": round(percentile(s.times_ms, 50), 3),
             "p95_ms": round(percentile(s.times_ms, 95), 3), "max_ms": round(max(s.times_ms), 3),
             "p50_ratio": round(percentile(s.times_ms, 50) / base_p50, 1),
             "p95_ratio": round(percentile(s.times_ms, 95) / base_p50, 1),
             "result": s.result, "queries": s.queries, "target_p95_ms": s.target_ms}
            for s in scenarios
        ],
        "table": table,
    }
    print(f"{run['vendor']} {engine_version}, {run['incidents']:,} incidents ({run['visible_incidents']:,} "
          f"visible at clearance {user.clearance}), {args.repeat} rounds in {elapsed:.0f} s\n")
    print(table)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    runs = json.loads(args.results.read_text()) if args.results.exists() else []
    runs.append(run)
    args.results.write_text(json.dumps(runs, indent=2, ensure_ascii=False))
    return run


if __name__ == "__main__":
    main()
