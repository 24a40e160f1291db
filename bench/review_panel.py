"""Time the incident page's review panel (independent sources of one incident) and the walked
pages of the single-source queue on a copy of the benchmark database prepared by
bench/review_queues.py:

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
    from sijill.review.selectors import independent_counts, single_source_slice

    user = User.objects.get(username="bench-analyst")
    for pk in (5, 100000, 199999):
        start = time.perf_counter()
        counts = independent_counts(user=user, incident_ids=[pk])
        print(pk, counts, f"{(time.perf_counter() - start) * 1000:.1f} ms")
    for offset in (0, 0, 500, 5000):
        start = time.perf_counter()
        page = single_source_slice(user=user, offset=offset, limit=50)
        print(f"single-source page at offset {offset}: {len(page)} incidents, "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
