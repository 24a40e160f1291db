"""Time the incident page's review panel (independent sources of one incident) and pages of the
single-source queue (an indexed query on CorroborationSummary) on a copy of the benchmark
database prepared by bench/review_queues.py:

    .venv/bin/python bench/review_panel.py [--home /tmp/review_bench_home]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import configure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", type=Path, default=Path("/tmp/review_bench_home"))
    args = parser.parse_args()
    configure(database_url=None, home=args.home)

    from sijill.accounts.models import User
    from sijill.review.selectors import independent_counts, queue_items

    user = User.objects.get(username="bench-analyst")
    last = queue_items(user=user, queue="waiting").model.objects.order_by("-pk").values_list("pk", flat=True).first()
    for pk in (5, last // 2, last - 1):
        start = time.perf_counter()
        counts = independent_counts(user=user, incident_ids=[pk])
        print(pk, counts, f"{(time.perf_counter() - start) * 1000:.1f} ms")
    for offset in (0, 0, 500, 5000):
        start = time.perf_counter()
        page = list(queue_items(user=user, queue="single_source")[offset:offset + 50])
        print(f"single-source page at offset {offset}: {len(page)} incidents, "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
