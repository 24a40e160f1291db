"""Time the analysis dashboard and its parts on a benchmark database built by generate.py.

    .venv/bin/python bench/analysis_dashboard.py [--database-url URL] [--repeat 30]
    .venv/bin/python bench/analysis_dashboard.py --only f-gov,live-gov,f-actor,live-actor --repeat 5

The user is the bench analyst (clearance 2). Scenarios run round-robin after a warm-up, with a
trivial `SELECT 1` as the baseline in the same rounds; the dashboard is timed end to end through
django.test.Client (GET /analysis/: headline figures and four breakdowns), and each selector it
calls on its own. Filtered dashboards (a governorate, a perpetrator, a year) are timed twice in
the same rounds: from the fact table (`f-*`, what the page uses on a large record) and live
(`live-*`, the selectors without it), so their ratio is the fact table's gain. The fact table is
rebuilt first if the record changed since it was built (its build time is printed). Prints a
markdown table and appends the run to bench/results/analysis.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import add_run_arguments, run_rounds, start_as_analyst  # noqa: E402
from bench.measure import Scenario, machine, markdown, percentile  # noqa: E402

DASHBOARD_TARGET_MS = 300


def build_scenarios(user, client) -> list[Scenario]:
    from datetime import date

    from django.db import connection

    from sijill.analysis import facts, selectors, summaries
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

    def from_facts(filters):
        return lambda: facts.compute(clearance=user.clearance, filters=filters, sections=summaries.SECTIONS)["total"].incidents

    def live(filters):
        return lambda: summaries.compute(user=user, filters=filters)["total"].incidents

    governorate = IncidentFilters(place="SY02")
    perpetrator = IncidentFilters(actor="isis")
    year = IncidentFilters(date_from=date(2016, 1, 1), date_to=date(2016, 12, 31))
    # More of what the filter form offers, uncached (from the fact table), for the target too.
    more = [
        ("f-district", "district SY0200", IncidentFilters(place="SY0200")),
        ("f-community", "community C1007", IncidentFilters(place="C1007")),
        ("f-gov-forces", "actor syrian-government-forces (with its units)", IncidentFilters(actor="syrian-government-forces")),
        ("f-unit", "actor 4th-armoured-division (a unit)", IncidentFilters(actor="4th-armoured-division")),
        ("f-type", "violation type killing", IncidentFilters(violation_type="killing")),
        ("f-broad", "date_from 2012-01-01 (almost everything)", IncidentFilters(date_from=date(2012, 1, 1))),
        ("f-month", "March 2016", IncidentFilters(date_from=date(2016, 3, 1), date_to=date(2016, 3, 31))),
        ("f-range", "2013-05-10 to 2019-02-03", IncidentFilters(date_from=date(2013, 5, 10), date_to=date(2019, 2, 3))),
        ("f-actor-year", "isis in 2016", IncidentFilters(actor="isis", date_from=date(2016, 1, 1), date_to=date(2016, 12, 31))),
        ("f-actor-type", "isis, killing", IncidentFilters(actor="isis", violation_type="killing")),
        ("f-gov-type-year", "SY02, killing, 2016", IncidentFilters(place="SY02", violation_type="killing",
                                                                  date_from=date(2016, 1, 1), date_to=date(2016, 12, 31))),
        ("f-status", "status verified", IncidentFilters(status="verified")),
    ]

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
        Scenario("w-dash-year", "web GET /analysis/?date_from=2016-01-01&date_to=2016-12-31",
                 web("/analysis/?date_from=2016-01-01&date_to=2016-12-31"), DASHBOARD_TARGET_MS),
        Scenario("f-gov", "dashboard place=SY02 from the fact table", from_facts(governorate), DASHBOARD_TARGET_MS),
        Scenario("live-gov", "dashboard place=SY02 live", live(governorate)),
        Scenario("f-actor", "dashboard actor=isis from the fact table", from_facts(perpetrator), DASHBOARD_TARGET_MS),
        Scenario("live-actor", "dashboard actor=isis live", live(perpetrator)),
        Scenario("f-year", "dashboard 2016 from the fact table", from_facts(year), DASHBOARD_TARGET_MS),
        Scenario("live-year", "dashboard 2016 live", live(year)),
        *(Scenario(key, f"dashboard {label} from the fact table", from_facts(f), DASHBOARD_TARGET_MS)
          for key, label, f in more),
        Scenario("f-areas-gov", "areas level 2 of place=SY02 from the fact table",
                 lambda: len(facts.breakdown(clearance=user.clearance, filters=governorate, by="place", level=2))),
    ]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_run_arguments(parser, repeat=30, warmup=2, results="analysis.json")
    args = parser.parse_args(argv)
    user, client = start_as_analyst(args)

    from django.db import connection

    from sijill.analysis.summaries import current_facts

    started = time.monotonic()
    marker = current_facts()
    print(f"fact table: {marker.data.get('rows', 0):,} rows built in {marker.seconds:.1f} s "
          f"(checked in {time.monotonic() - started:.1f} s)")
    scenarios, elapsed = run_rounds(build_scenarios(user, client), repeat=args.repeat, warmup=args.warmup,
                                    only=args.only)
    base = percentile(scenarios[0].times_ms, 50)
    table = markdown(scenarios, base)
    print(table)
    run = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "engine": connection.vendor,
           "command": " ".join(["bench/analysis_dashboard.py", *(argv if argv is not None else sys.argv[1:])]),
           "fact_rows": marker.data.get("rows"), "fact_build_s": marker.seconds,
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
