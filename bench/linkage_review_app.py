"""The Django side of linkage at scale: what `sijill link persons` adds around the engine, and how
fast the review queue and the capture table read.

    .venv/bin/python bench/linkage_review_app.py [--people 20000] [--database-url URL]

Writes arabic-synthetic persons (real Syrian names from the Airwars victims file) with their import
provenance into a fresh benchmark database, then in the same process:
  - the engine alone on the same records (link_persons) -> baseline seconds;
  - `link_run` (read persons from the database, engine, store run and pairs) -> seconds and the
    ratio to the baseline, i.e. the cost of reading and storing;
  - 500 analysts' decisions, then the first page of the review queue (p50/p95 of 20 reads) and
    the capture table of all unique victims.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.environment import RESULTS_DIR, check_bench_url, configure  # noqa: E402

VICTIMS = Path(__file__).resolve().parents[2] / "shared" / "data" / "events" / "airwars_syria" / "airwars_syria_victims.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    check_bench_url(args.database_url)
    home = RESULTS_DIR / "linkage_app_home"
    if args.database_url:
        from bench.environment import recreate_postgres_database

        recreate_postgres_database(args.database_url)
    else:
        for stale in home.glob("sijill.sqlite3*"):
            stale.unlink()
    configure(database_url=args.database_url, home=home)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from bench.measure import percentile
    from sijill.intake.models import ImportRecord, ImportRun
    from sijill.linkage import engine, selectors, services
    from sijill.linkage.capture import capture_table
    from sijill.linkage.inputs import person_records
    from sijill.linkage.synthetic import generate
    from sijill.people.models import Person

    user = get_user_model().objects.create(username="bench-analyst", role="admin", clearance=3)
    synthetic = [s for s in generate(VICTIMS, people=args.people, seed=1) if s.record.name_ar or s.record.name_latin]
    started = time.perf_counter()
    with transaction.atomic():
        run = ImportRun.objects.create(user=user, file_name="bench", file_path="-", file_sha256="0" * 64)
        persons = Person.objects.bulk_create([
            Person(name_ar=s.record.name_ar, name_latin=s.record.name_latin, sex=s.record.sex or "unknown",
                   age=s.record.age, birth_year=s.record.birth_year, death_date=s.record.event_date, search_text="")
            for s in synthetic], batch_size=2000)
        ImportRecord.objects.bulk_create([
            ImportRecord(source=s.record.source, source_key=s.record.id, target_type="person", target_id=p.pk,
                         first_run=run, run=run, row_number=i, content_hash="-")
            for i, (s, p) in enumerate(zip(synthetic, persons, strict=True))], batch_size=2000)
    print(f"{connection.vendor}: {len(persons):,} persons written in {time.perf_counter() - started:.1f} s")

    records = person_records()
    started = time.perf_counter()
    baseline = engine.link_persons(records)
    engine_s = time.perf_counter() - started
    started = time.perf_counter()
    linked = services.link_run(kind="persons")
    run_s = time.perf_counter() - started
    print(f"engine alone: {engine_s:.1f} s ({len(baseline.pairs):,} pairs); link_run: {run_s:.1f} s "
          f"(read {linked.timing['read']:.1f} s, link {linked.timing['link']:.1f} s, store {linked.timing['store']:.1f} s); "
          f"ratio {run_s / engine_s:.2f}")

    pairs = list(linked.pairs.order_by("-match_weight")[:500])
    started = time.perf_counter()
    for i, pair in enumerate(pairs):
        services.pair_decide_by_id(user=user, pair_id=pair.pk, verdict="accept" if i % 5 else "reject")
    decide_ms = (time.perf_counter() - started) * 1000 / max(1, len(pairs))
    times = []
    for _ in range(20):
        started = time.perf_counter()
        page = list(selectors.review_queue(user=user, kind="persons")[:25])
        times.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    names, rows = capture_table(user)
    capture_s = time.perf_counter() - started
    print(f"decision: {decide_ms:.1f} ms each; queue page ({len(page)} pairs of {linked.pair_count:,}): "
          f"p50 {percentile(times, 50):.1f} ms, p95 {percentile(times, 95):.1f} ms; "
          f"capture table of {sum(c for _p, c in rows):,} unique victims on {len(names)} lists: {capture_s:.2f} s")


if __name__ == "__main__":
    main()
