"""Sort the FA-KES development articles by what their text can give for the date field.

    PYTHONPATH=$PWD .venv/bin/python bench/extraction/date_ceiling.py [--today YYYY-MM-DD]

For every labelled article: is the proposed date within a day of the label (and from which basis),
and if not, is the dateline within a day of it, another written day, or none at all (then: how far
the dateline lies from the label). Prints the counts and the best F1 a perfect choice among the
written days could reach, proposing for every article as the extractor does.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from sijill.extraction import extract

FAKES = Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "fakes_syria_news" / "fakes_dev.csv"


def _gap_class(days: int) -> str:
    if days < 0:
        return "dateline before the label"
    return "dateline 2-7 days after" if days <= 7 else "dateline 8-31 days after" if days <= 31 else \
        "dateline 32-365 days after" if days <= 365 else "dateline over a year after"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    counts: Counter = Counter()
    labelled = reachable = predicted = with_days = 0
    with FAKES.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["date"].strip():
                continue
            labelled += 1
            label = datetime.strptime(row["date"], "%m/%d/%y").date()

            def near(iso, label=label):
                return bool(iso) and abs((date.fromisoformat(iso) - label).days) <= 1

            result = extract(row["article_content"], today=args.today)
            proposal = result.incident.get("date") or {}
            predicted += bool(proposal.get("date"))
            days = [d for d in result.dates if d["date"] and d["precision"] == "day"]
            dateline = next((d["date"] for d in result.dates if d["basis"] == "dateline"), None)
            reachable += any(near(d["date"]) for d in days)
            with_days += bool(days)
            if near(proposal.get("date")):
                counts[f"right, from the {proposal.get('basis')}"] += 1
            elif dateline and near(dateline):
                counts["wrong: the label is the dateline's day, the proposal the deed's"] += 1
            elif any(near(d["date"]) for d in days):
                counts["wrong: another written day is the label's"] += 1
            elif not days:
                counts["unreachable: no written day"] += 1
            elif dateline:
                counts[f"unreachable: {_gap_class((date.fromisoformat(dateline) - label).days)}"] += 1
            else:
                counts["unreachable: written days, no dateline, none near the label"] += 1
    # a proposal for every article that writes a day, right wherever one of its days is the label's
    ceiling = 2 * reachable / (with_days + labelled)
    print(json.dumps({"labelled": labelled, "proposed": predicted, "with_a_written_day": with_days,
                      "reachable": reachable, "best_f1_proposing_for_every_dated_article": round(ceiling, 3), "categories": dict(counts.most_common())},
                     indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
