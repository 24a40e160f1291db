"""Every extraction of the development texts as JSON lines, to check that a speed-up changes no output.

    .venv/bin/python bench/extraction/dump_outputs.py before.jsonl   # on the old commit
    .venv/bin/python bench/extraction/dump_outputs.py after.jsonl    # on the new one
    cmp before.jsonl after.jsonl

One line per text: the FA-KES and Airwars development texts whole (Airwars with its publication
date, as `evaluate_dev.py` reads them) and the 2 KB slices of `throughput.py`; the time an
extraction took is left out.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from sijill.extraction import extract
from sijill.extraction.evaluation import airwars_published

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DATA, reports  # noqa: E402


def main(path: str) -> None:
    with open(path, "w", encoding="utf-8") as out:

        def dump(tag: str, text: str, **kwargs) -> None:
            data = extract(text, **kwargs).as_dict()
            data["incident"].pop("seconds", None)
            out.write(json.dumps([tag, data], ensure_ascii=False, sort_keys=True) + "\n")

        with open(DATA / "fakes_syria_news" / "fakes_dev.csv", encoding="utf-8", newline="") as handle:
            for n, row in enumerate(csv.DictReader(handle)):
                dump(f"fakes{n}", row["article_content"])
        with open(DATA / "airwars_syria" / "airwars_source_texts_dev.jsonl", encoding="utf-8") as handle:
            for n, line in enumerate(handle):
                record = json.loads(line)
                dump(f"airwars{n}", record.get("text") or "", published=airwars_published(record))
        for n, text in enumerate(reports()):
            dump(f"slice{n}", text)


if __name__ == "__main__":
    main(sys.argv[1])
