"""Time the review queues (the dashboard's counts and a queue's first page) on a benchmark
database built by generate.py, against the incident list's own total count in the same rounds,
and the single-source and contested queues against their full recount from every link and claim
(the way they were counted before CorroborationSummary): the ratio is measured in one session.

    .venv/bin/python bench/generate.py --incidents 50000 --persons 250000 --home /tmp/review_bench50k
    .venv/bin/python bench/review_queues.py --home /tmp/review_bench50k [--repeat 5]

Run it on a copy of (or a database made for) the benchmark: it applies the review migrations
(the summary migration fills every incident's row: timed) and runs `sijill review_origins`
(origin keys and summaries: timed) before measuring. The user is the bench analyst (clearance 2),
so the confidentiality filter is exercised. Both ways must give the same counts, or it stops.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import check_bench_url, configure  # noqa: E402


def timed(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home)

    from django.core.management import call_command
    from django.db import connection

    from sijill.accounts.models import User
    from sijill.review.selectors import QUEUES, queue_counts, queue_items, waiting_records

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate (fills the corroboration summary when new): {time.perf_counter() - start:.1f} s", flush=True)
    start = time.perf_counter()
    call_command("review_origins")
    print(f"review_origins: {time.perf_counter() - start:.1f} s", flush=True)
    user = User.objects.get(username="bench-analyst")

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    from sijill.incidents.selectors import incident_list

    rows = [("SELECT 1 (baseline)", timed(select_one, args.repeat), None),
            ("all visible incidents, count (baseline: the incident list's total)",
             timed(lambda: incident_list(user=user).order_by().count(), args.repeat), None)]
    from sijill.review.selectors import (
        QueueFilters,
        _incidents,
        contested_incident_ids,
        multi_source_incident_ids,
    )

    recount = {
        "single_source": lambda: _incidents(user, QueueFilters()).exclude(pk__in=multi_source_incident_ids(user=user)),
        "contested": lambda: _incidents(user, QueueFilters()).filter(pk__in=contested_incident_ids()),
    }
    from sijill.review.models import CorroborationSummary

    clearance = user.clearance
    summary = CorroborationSummary.objects.filter(open=True, confidentiality__lte=clearance)
    dashboard = {  # what queue_counts reads for these two tiles
        "single_source": lambda: summary.exclude(corroborated_from__lte=clearance).count(),
        "contested": lambda: summary.filter(contested=True).count(),
    }
    ratios = []
    for name in QUEUES:
        print(f"timing {name} ...", file=sys.stderr, flush=True)
        qs = queue_items(user=user, queue=name)
        count_ms = timed(lambda qs=qs: qs.order_by().count(), args.repeat)
        page_ms = timed(lambda qs=qs: list(qs[:50]), args.repeat)
        total = qs.order_by().count()
        rows.append((name, count_ms, page_ms, total))
        if name in recount:
            old = recount[name]()
            old_ms = timed(lambda old=old: old.order_by().count(), args.repeat)
            old_total = old.order_by().count()
            if old_total != total:
                sys.exit(f"{name}: the summary counts {total:,}, the full recount {old_total:,}")
            rows.append((f"{name}, full recount (before)", old_ms, None, old_total))
            tile_ms = timed(dashboard[name], args.repeat)
            if dashboard[name]() != total:
                sys.exit(f"{name}: the dashboard count {dashboard[name]():,} differs from the queue's {total:,}")
            rows.append((f"{name}, dashboard count from the summary's index", tile_ms, None, total))
            ratios.append((name, old_ms, count_ms, tile_ms))
    rows.append(("waiting persons/sources", timed(lambda: waiting_records(user=user).count(), args.repeat), None))
    from django.core.cache import cache

    cache.clear()
    start = time.perf_counter()
    queue_counts(user=user)
    cold = (time.perf_counter() - start) * 1000
    warm = timed(lambda: queue_counts(user=user), args.repeat)
    print(f"dashboard queue_counts: first {cold:.1f} ms, then (cached, same data) {warm:.1f} ms", flush=True)
    for name, old_ms, new_ms, tile_ms in ratios:
        print(f"{name}: full recount {old_ms:.1f} ms -> queue count joined to the summary {new_ms:.1f} ms "
              f"({old_ms / new_ms:.1f}x) -> dashboard count from the summary {tile_ms:.1f} ms ({old_ms / tile_ms:.0f}x)")
    print(f"| queue | count (ms, median of {args.repeat}) | first page of 50 (ms) | records |")
    print("|---|---:|---:|---:|")
    for row in rows:
        name, count_ms, page_ms = row[:3]
        total = row[3] if len(row) > 3 else ""
        page = f"{page_ms:.1f}" if page_ms is not None else ""
        print(f"| {name} | {count_ms:.1f} | {page} | {total:,} |" if total != "" else f"| {name} | {count_ms:.1f} | {page} | |")


if __name__ == "__main__":
    main()
