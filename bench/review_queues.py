"""Time the review queues (the dashboard's counts and a queue's first page) on a benchmark
database built by generate.py (200k incidents), against a trivial SELECT 1 in the same rounds.

    .venv/bin/python bench/review_queues.py --home /tmp/review_bench_home [--repeat 5]

Run it on a copy of the benchmark database: it applies the review migrations and stores the
origin key of every source (`sijill review_origins`, timed too) before measuring. The user is the
bench analyst (clearance 2), so the confidentiality filter is exercised.
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

    call_command("migrate", verbosity=0)
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
    for name in QUEUES:
        print(f"timing {name} ...", file=sys.stderr, flush=True)
        qs = queue_items(user=user, queue=name)
        count_ms = timed(lambda qs=qs: qs.order_by().count(), args.repeat)
        page_ms = timed(lambda qs=qs: list(qs[:50]), args.repeat)
        rows.append((name, count_ms, page_ms, qs.order_by().count()))
    rows.append(("waiting persons/sources", timed(lambda: waiting_records(user=user).count(), args.repeat), None))
    from django.core.cache import cache

    cache.clear()
    start = time.perf_counter()
    queue_counts(user=user)
    cold = (time.perf_counter() - start) * 1000
    warm = timed(lambda: queue_counts(user=user), args.repeat)
    print(f"dashboard queue_counts: first {cold:.1f} ms, then (cached, same data) {warm:.1f} ms", flush=True)
    print(f"| queue | count (ms, median of {args.repeat}) | first page of 50 (ms) | records |")
    print("|---|---:|---:|---:|")
    for row in rows:
        name, count_ms, page_ms = row[:3]
        total = row[3] if len(row) > 3 else ""
        page = f"{page_ms:.1f}" if page_ms is not None else ""
        print(f"| {name} | {count_ms:.1f} | {page} | {total:,} |" if total != "" else f"| {name} | {count_ms:.1f} | {page} | |")


if __name__ == "__main__":
    main()
