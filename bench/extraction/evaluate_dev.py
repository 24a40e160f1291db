"""F1 per field on the development sets, with the errors split by kind (missing vs wrong).

    .venv/bin/python bench/extraction/evaluate_dev.py [--today YYYY-MM-DD]

`--today` reads the texts as on that day (see `evaluation.evaluate`); the figures of
docs/benchmarks.md give the day they were taken.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

from sijill.extraction.evaluation import evaluate_airwars, evaluate_fakes

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "events"


def breakdown(score) -> dict:
    out = {}
    for field, errors in score.errors.items():
        kinds = Counter("missing" if e[-1] in (None, (), []) else "wrong" for e in errors)
        out[field] = dict(kinds)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", type=date.fromisoformat, help="the day the texts are read (default: today)")
    today = parser.parse_args().today
    fakes = evaluate_fakes(DATA / "fakes_syria_news" / "fakes_dev.csv", today=today)
    airwars = evaluate_airwars(DATA / "airwars_syria" / "airwars_source_texts_dev.jsonl",
                               DATA / "airwars_syria" / "airwars_syria_incidents.csv", today=today)
    print(json.dumps({"fakes": fakes.report(), "airwars": airwars.report(),
                      "errors": {"fakes": breakdown(fakes), "airwars": breakdown(airwars)}}, indent=1))


if __name__ == "__main__":
    main()
