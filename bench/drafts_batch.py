"""Read a batch of real reports into drafts, against extraction alone in the same process.

    .venv/bin/python bench/drafts_batch.py [--reports 1000] [--database-url postgres://.../sijill_bench]

The reports are the Airwars development source texts (../shared/data/events/airwars_syria), mostly
Arabic posts and articles, cut to at most 2,000 characters and sent as one JSON Lines file. The
bench times (1) `extract()` on every text, the baseline, (2) `batch_create` (checking the file and
storing every report) and (3) `batch_execute` (extracting and writing a draft per report, one
transaction each), all in one process, and prints reports per second and the ratio to the baseline;
then (4) the batch page (its groups by event and, for each, the incidents already recorded that it may
be about) as the analyst opens it, with no incident recorded and again after one incident has been
recorded from each of the first `--incidents` drafts, with its database queries counted (after one
untimed request: the process's first imports the URLs and views).
The database is the bench's own (bench/environment.py), emptied first.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.environment import DEFAULT_HOME, check_bench_url, configure, recreate_postgres_database  # noqa: E402

TEXTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "airwars_syria" / \
    "airwars_source_texts_dev.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--database-url")
    parser.add_argument("--incidents", type=int, default=300,
                        help="incidents recorded from the first drafts before the page is opened again")
    args = parser.parse_args()
    if not TEXTS.exists():
        raise SystemExit(f"{TEXTS} is missing: this bench reads the Airwars source texts of ../shared/data")
    check_bench_url(args.database_url)
    home = DEFAULT_HOME.parent / "drafts_batch"
    shutil.rmtree(home, ignore_errors=True)
    if args.database_url:
        recreate_postgres_database(args.database_url)
    configure(database_url=args.database_url, home=home)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from sijill.accounts.models import User
    from sijill.drafts import services
    from sijill.extraction import extract

    texts = []
    with TEXTS.open(encoding="utf-8") as handle:
        for line in handle:
            text = (json.loads(line).get("text") or "").strip()[:2000]
            if text and text not in texts:
                texts.append(text)
            if len(texts) == args.reports:
                break
    data = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts).encode()
    user = User.objects.create(username="bench", role="analyst", clearance=3)

    started = time.perf_counter()
    for text in texts:
        extract(text)
    baseline = time.perf_counter() - started

    started = time.perf_counter()
    batch = services.batch_create(user=user, file_name="bench.jsonl", data=data, queue=False)
    stored = time.perf_counter() - started
    started = time.perf_counter()
    batch = services.batch_execute(batch_id=batch.pk)
    read = time.perf_counter() - started
    assert batch.done == len(texts) and batch.entries.filter(draft=None).count() == 0
    _page(user, batch.pk)  # the first request of a process imports the URLs and views: not timed
    page_empty = _page(user, batch.pk)
    recorded = 0
    for entry in batch.entries.select_related("draft").order_by("number"):
        if recorded == args.incidents:
            break
        if (entry.draft.extraction.get("incident", {}).get("date") or {}).get("date"):
            services.draft_create_incident(user=user, draft=entry.draft)  # a dated draft: a complete incident
            recorded += 1
    page_recorded = _page(user, batch.pk)
    print(json.dumps({
        "reports": len(texts), "characters": sum(map(len, texts)),
        "database": "postgresql" if args.database_url else "sqlite",
        "extract_only_per_s": round(len(texts) / baseline, 1),
        "check_and_store_s": round(stored, 2),
        "read_into_drafts_per_s": round(len(texts) / read, 1),
        "ratio_to_extract_only": round(baseline / read, 2),
        "batch_page_no_incidents": page_empty,
        f"batch_page_after_{recorded}_incidents": page_recorded,
    }, indent=1))


def _page(user, batch_id: int) -> dict:
    """The batch page as its reader opens it: seconds, database queries, groups shown."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(f"/drafts/batches/{batch_id}/")
        seconds = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return {"seconds": round(seconds, 2), "queries": len(queries),
            "groups_of_two_or_more": response.content.decode().count('class="event-group together"')}


if __name__ == "__main__":
    main()
