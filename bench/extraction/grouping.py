"""How well a batch's drafts are grouped by event, on Airwars' own texts (the batch page's groups).

    PYTHONPATH=$PWD .venv/bin/python bench/extraction/grouping.py [--minimum 0.6] [--today YYYY-MM-DD]

Every Airwars development text keyed to exactly one incident is read by the extractor (with its
publication date), as a batch would read it; the drafts are grouped with `grouping.group_events`
(the batch page's rule: a draft joins a group when its mean same-event score with the members is
at least `--minimum`, and a group spans at most the date window) and the groups are scored against
Airwars' incident of each text: pairwise precision, recall and F1 over all texts and over the texts
whose draft has a date (an undated draft is never grouped), and B-cubed precision and recall (per
text: the share of its group from its incident, and the share of its incident in its group), which
large incidents do not dominate as they do pairs.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date
from pathlib import Path

import sijill.extraction.grouping as grouping
from sijill.extraction import extract
from sijill.extraction.evaluation import airwars_published, airwars_records

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "events" / "airwars_syria"


def pairs_of(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {(a, b) for g in groups for x, a in enumerate(g) for b in g[x + 1:]}


def score(groups: list[list[int]], truth: list[str], among: set[int] | None = None) -> dict:
    if among is not None:
        groups = [[i for i in g if i in among] for g in groups]
    found = pairs_of(groups)
    by_incident: dict[str, list[int]] = {}
    for i, incident in enumerate(truth):
        if among is None or i in among:
            by_incident.setdefault(incident, []).append(i)
    true = pairs_of(list(by_incident.values()))
    right = len(found & true)
    p = right / len(found) if found else 0.0
    r = right / len(true) if true else 0.0
    return {"pairs_proposed": len(found), "true_pairs": len(true), "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def bcubed(groups: list[list[int]], truth: list[str], among: set[int]) -> dict:
    groups = [[i for i in g if i in among] for g in groups]
    size = Counter(truth[i] for i in among)
    precision = recall = 0.0
    for group in groups:
        shared = Counter(truth[i] for i in group)
        for i in group:
            precision += shared[truth[i]] / len(group)
            recall += shared[truth[i]] / size[truth[i]]
    p, r = precision / len(among), recall / len(among)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minimum", type=float, default=0.6, help="the same-event score that joins two drafts")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    args = parser.parse_args()
    keys, truth = [], []
    for record, rows in airwars_records(DATA / "airwars_source_texts_dev.jsonl", DATA / "airwars_syria_incidents.csv"):
        if len(rows) != 1:
            continue
        result = extract(record.get("text") or "", published=airwars_published(record), today=args.today)
        keys.append(grouping.event_key(result.as_dict()))
        truth.append(rows[0]["airwars_id"])
    dated = {i for i, k in enumerate(keys) if k.start}
    groups = grouping.group_events(keys, args.minimum)
    print(json.dumps({
        "texts": len(keys), "incidents": len(set(truth)), "dated_drafts": len(dated),
        "largest_groups": Counter(len(g) for g in groups).most_common(3),
        "all_texts": score(groups, truth), "dated_drafts_only": score(groups, truth, dated),
        "bcubed_dated_drafts": bcubed(groups, truth, dated),
        "bcubed_dated_drafts_if_never_grouped": bcubed([[i] for i in range(len(keys))], truth, dated),
    }, indent=1))


if __name__ == "__main__":
    main()
