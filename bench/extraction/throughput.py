"""Reports per second of the rule extractor on one core, on 2 KB slices of real reports.

    .venv/bin/python bench/extraction/throughput.py
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

from sijill.extraction import extract

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "events"


def reports(n: int = 1000) -> list[str]:
    texts = []
    with open(DATA / "fakes_syria_news" / "fakes_dev.csv", encoding="utf-8", newline="") as handle:
        texts += [row["article_content"] for row in csv.DictReader(handle)]
    with open(DATA / "airwars_syria" / "airwars_source_texts_dev.jsonl", encoding="utf-8") as handle:
        texts += [json.loads(line)["text"] for line in handle]
    # Each report padded or cut to 2,000 characters.
    out = [((t + " ") * (2000 // max(len(t), 1) + 1))[:2000] for t in texts if t.strip()]
    return out[:: max(1, len(out) // n)][:n]


def main() -> None:
    texts = reports()
    extract(texts[0])  # build the gazetteer and alias indexes once
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in texts:
        extract(text)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    # CPU time too: on a shared machine the wall clock also counts time spent waiting for the core.
    print(json.dumps({"reports": len(texts), "chars_each": 2000, "seconds": round(seconds, 2),
                      "reports_per_second": round(len(texts) / seconds, 1),
                      "cpu_seconds": round(cpu, 2), "reports_per_cpu_second": round(len(texts) / cpu, 1)}))


if __name__ == "__main__":
    main()
