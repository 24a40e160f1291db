"""Time the analysis dashboard and its parts on a benchmark database built by generate.py.

    .venv/bin/python bench/analysis_dashboard.py [--database-url URL] [--repeat 30]

The user is the bench analyst (clearance 2). Scenarios run round-robin after a warm-up, with a
trivial `SELECT 1` as the baseline in the same rounds; the dashboard is timed end to end through
django.test.Client (GET /analysis/: headline figures and four breakdowns), and each selector it
calls on its own. Prints a markdown table and appends the run to bench/results/analysis.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import DEFAULT_HOME, RESULTS_DIR, check_bench_url, configure  # noqa: E402
from bench.measure import Scenario, machine, markdown, percentile  # noqa: E402

DASHBOARD_TARGET_MS = 300


def build_scenarios(user, client) -> list[Scenario]:
    from django.db import connection

    from sijill.analysis import selectors
    from sijill.incidents.selectors import IncidentFilters

    def baseline():
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
            return cur.fetchone()[0]

    def web(url):
        def run():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return len(response.content)
        return run

    def part(by, **kw):
        return lambda: len(selectors.breakdown(user=user, by=by, **kw))

    return [
        Scenario("baseline", "baseline SELECT 1", baseline),
        Scenario("w-dash", "web GET /analysis/ (dashboard)", web("/analysis/"), DASHBOARD_TARGET_MS),
        Scenario("w-dash-gov", "web GET /analysis/?place=SY02", web("/analysis/?place=SY02"), DASHBOARD_TARGET_MS),
        Scenario("w-dash-actor", "web GET /analysis/?actor=isis", web("/analysis/?actor=isis"), DASHBOARD_TARGET_MS),
        Scenario("totals", "totals()", lambda: selectors.totals(user=user).incidents),
        Scenario("perp", "breakdown by perpetrator", part("perpetrator")),
        Scenario("vt", "breakdown by violation type", part("violation_type")),
        Scenario("gov", "breakdown by governorate", part("place", level=1)),
        Scenario("year", "breakdown by year", part("year")),
        Scenario("district", "breakdown by district", part("place", level=2)),
        Scenario("month", "breakdown by month", part("month")),
        Scenario("timeline", "timeline by perpetrator per year",
                 lambda: len(selectors.timeline(user=user, by="perpetrator")["series"])),
        Scenario("w-areas", "web GET /analysis/map/areas.json?level=2", web("/analysis/map/areas.json?level=2")),
        Scenario("w-points", "web GET /analysis/map/points.json?place=SY02", web("/analysis/map/points.json?place=SY02")),
        Scenario("actor-f", "totals(actor=isis)", lambda: selectors.totals(user=user, filters=IncidentFilters(actor="isis")).incidents),
    ]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL; default SQLite in --home")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", default="", help="comma-separated scenario keys (baseline always runs)")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR / "analysis.json")
    args = parser.parse_args(argv)
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home.resolve())

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from sijill.accounts.models import User

    setup_test_environment()
    user = User.objects.get(username="bench-analyst")
    client = Client()
    client.force_login(user)
    scenarios = build_scenarios(user, client)
    if args.only:
        keep = {"baseline", *args.only.split(",")}
        scenarios = [s for s in scenarios if s.key in keep]
    for s in scenarios:
        for _ in range(args.warmup):
            s.run()
        with CaptureQueriesContext(connection) as captured:
            s.result = s.run()
        s.queries = len(captured.captured_queries)
    started = time.monotonic()
    for _ in range(args.repeat):
        for s in scenarios:
            t = time.perf_counter()
            s.run()
            s.times_ms.append((time.perf_counter() - t) * 1000)
    elapsed = time.monotonic() - started
    base = percentile(scenarios[0].times_ms, 50)
    table = markdown(scenarios, base)
    print(table)
    run = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "engine": connection.vendor,
           "repeat": args.repeat, "elapsed_s": round(elapsed, 1), "machine": machine(),
           "scenarios": {s.key: {"label": s.label, "p50": percentile(s.times_ms, 50), "p95": percentile(s.times_ms, 95),
                                 "max": max(s.times_ms), "queries": s.queries, "result": s.result} for s in scenarios}}
    args.results.parent.mkdir(parents=True, exist_ok=True)
    runs = json.loads(args.results.read_text()) if args.results.exists() else []
    runs.append(run)
    args.results.write_text(json.dumps(runs, indent=1))
    return run


if __name__ == "__main__":
    main()
