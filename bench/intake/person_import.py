"""Person import throughput and memory: `python -m bench.intake.person_import ROWS [BATCH]`.

Generates ROWS persons (Arabic and Latin names, sex, age, a governorate) into a CSV, imports it
through the real bulk path (`import_prepare` + `import_execute`, batches of BATCH, default 5,000)
into the database of SIJILL_HOME / DATABASE_URL (migrated beforehand), and prints rows/s, the
CPU time of this process (on SQLite all the work; on PostgreSQL the server's share is not in it),
peak memory and the load average at the end (the machine is shared: compare runs of one session).
"""

from __future__ import annotations

import csv
import os
import resource
import sys
import tempfile
import time

GOVERNORATES = ["Aleppo", "Idleb", "Homs", "Hama", "Ar-Raqqa", "Deir-ez-Zor", "Dar'a", "Rural Damascus"]
FIRST = ["محمد", "أحمد", "فاطمة", "خالد", "مريم", "علي", "حسن", "زينب"]
LATIN = ["Mohammad", "Ahmad", "Fatima", "Khaled", "Maryam", "Ali", "Hasan", "Zainab"]


def main(rows: int, batch_size: int = 5000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sijill.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from sijill.intake.services import import_execute, import_prepare, mapping_save

    user, _ = get_user_model().objects.get_or_create(username="bench-importer",
                                                      defaults={"role": "analyst", "clearance": 2})
    mapping_save(user=user, name="bench-people", target="person", source_name=f"bench-{time.time_ns()}", spec={
        "key": ["id"], "fields": {"name_ar": "name_ar", "name_latin": "name", "sex": "sex", "age": "age",
                                  "governorate": "governorate", "place": "governorate"}})
    path = os.path.join(tempfile.mkdtemp(), "people.csv")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name_ar", "name", "sex", "age", "governorate"])
        for i in range(rows):
            k = i % 8
            writer.writerow([i, f"{FIRST[k]} {FIRST[(i // 8) % 8]} {i}", f"{LATIN[k]} {LATIN[(i // 8) % 8]} {i}",
                             "male" if k % 2 else "female", i % 90, GOVERNORATES[(i // 64) % 8]])
    started = time.perf_counter()
    run = import_prepare(user=user, path=path, mapping_name="bench-people", batch_size=batch_size)
    prepared = time.perf_counter()
    cpu = time.process_time()
    run = import_execute(run_id=run.pk)
    seconds = time.perf_counter() - prepared
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows} rows: created {run.created}, rejected {run.rejected}; inspect {prepared - started:.1f} s, "
          f"import {seconds:.1f} s = {rows / seconds:,.0f} rows/s; this process's CPU {cpu:.1f} s "
          f"(= {rows / cpu:,.0f} rows per CPU second); batches of {batch_size:,}; peak memory {peak:,.0f} MB; "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
