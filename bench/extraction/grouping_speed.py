"""How long the batch page's grouping takes on many drafts, against another version in the same process.

    PYTHONPATH=$PWD .venv/bin/python bench/extraction/grouping_speed.py [--drafts 2000] [--days 30]
        [--places 10] [--compare OLD_GROUPING.py]

Drafts are made up: a day among `--days`, a place among `--places` p-codes (a few neighbouring
villages and governorates, as a batch from one area; `--places 0` draws from the whole gazetteer) and
one of three violation types. `grouping.group_events` groups them at the page's bar (0.6); with
`--compare`, the same drafts are grouped by the module in that file (for example the rule before a
change: `git show REV:sijill/extraction/grouping.py > /tmp/old_grouping.py`), and the ratio printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from datetime import date, timedelta

import sijill.extraction.grouping as grouping
from sijill.places import resolver

AREA = ["SY11", "C5710", "C2314", "C2319", "C3916", "SY07", "SY03", "C2374", "C2369", "SY02"]


def _load(path: str):
    spec = importlib.util.spec_from_file_location("grouping_compared", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["grouping_compared"] = module
    spec.loader.exec_module(module)
    return module


def _timed(module, specs: list[tuple], minimum: float) -> tuple[float, int]:
    keys = [module.EventKey(day, day, pcode, types) for day, pcode, types in specs]
    started = time.perf_counter()
    groups = module.group_events(keys, minimum)
    return time.perf_counter() - started, len(groups)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=2000)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--places", type=int, default=10, help="how many p-codes (0: the whole gazetteer)")
    parser.add_argument("--compare", help="another grouping module's file, timed on the same drafts")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pcodes = AREA[:args.places] if 0 < args.places <= len(AREA) else [
        p.pcode for p in resolver.gazetteer().places if p.country == "SY"]
    types = [frozenset({"indiscriminate-attack"}), frozenset({"arbitrary-detention"}), frozenset()]
    specs = [(date(2017, 1, 1) + timedelta(days=rng.randrange(args.days)), rng.choice(pcodes), rng.choice(types))
             for _ in range(args.drafts)]
    resolver.gazetteer()  # loaded once, outside the timings
    _timed(grouping, specs[:50], 0.6)
    seconds, groups = _timed(grouping, specs, 0.6)
    out = {"drafts": args.drafts, "days": args.days, "places": len(pcodes),
           "seconds": round(seconds, 3), "groups": groups}
    if args.compare:
        old_seconds, old_groups = _timed(_load(args.compare), specs, 0.6)
        out["compared"] = {"seconds": round(old_seconds, 3), "groups": old_groups,
                           "ratio_new_to_compared": round(seconds / old_seconds, 3)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
