"""Time the incident page's review panel (independent sources of one incident) on a copy of the
benchmark database: `.venv/bin/python bench/review_panel.py` (expects /tmp/review_bench_home,
prepared by bench/review_queues.py)."""

import sys, time
sys.path.insert(0, "/work/main")
from pathlib import Path
from bench.environment import configure
configure(database_url=None, home=Path("/tmp/review_bench_home"))
from sijill.accounts.models import User
from sijill.review.selectors import independent_counts
u = User.objects.get(username="bench-analyst")
for pk in (5, 100000, 199999):
    t = time.perf_counter(); r = independent_counts(user=u, incident_ids=[pk]); print(pk, r, round((time.perf_counter()-t)*1000, 1), "ms")
