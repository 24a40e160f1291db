"""How often the person pairs the engine scores are true matches, by probability and by Bayes factor.

    SIJILL_DUCKDB_MEMORY=5GB .venv/bin/python bench/linkage_calibration.py \
        bench/results/linkage/victims_100000_mixed.parquet [--low 0.01] [--model MODEL.json]

Reads a list written by `bench/linkage_million.py --mix-names` (which knows who is who), links it
with every pair scored down to `--low`, and prints the prior the engine estimated against the true
share of matching pairs, then the precision of the pairs the given-name and generation vetoes let
through (the edges handed to clustering), by match-probability band and by log2 Bayes factor
(match weight minus the prior's log odds). `--model` applies the parameters of an earlier run
(`result.parameters["model"]` saved as JSON) without retraining, to compare two list sizes under
one model. Analysis only: it watches the engine's clustering step and turns off the pass that keeps
contradicting pairs apart, so that every edge is seen.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sijill.linkage.engine import persons  # noqa: E402

BANDS = [(0.05, 0.2), (0.2, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 0.99), (0.99, 0.999), (0.999, 1.01)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--low", type=float, default=0.05, help="score every pair down to this probability")
    parser.add_argument("--model", help="JSON of an earlier run's model, applied without retraining")
    args = parser.parse_args()
    table = pq.read_table(args.path)
    truth = dict(zip(table.column("id").to_pylist(), table.column("person_id").to_pylist(), strict=True))
    seen: dict[str, set] = {}
    cluster_ids = persons.cluster_ids

    def watch(ids, left, right, decisions):
        seen["edges"] = set(zip(left.tolist(), right.tolist(), strict=True))
        return cluster_ids(ids, left, right, decisions)

    persons.cluster_ids = watch
    persons._scored_apart = lambda *a, **k: []
    previous = json.loads(Path(args.model).read_text()) if args.model else None
    started = time.perf_counter()
    result = persons.link_persons(args.path, threshold=args.low, cluster_threshold=args.low, explain=False,
                                  previous_parameters=previous, retrain=previous is None)
    prior = result.parameters["model"]["probability_two_random_records_match"]
    n = len(table)
    true_pairs = sum(k * (k - 1) // 2 for k in Counter(truth.values()).values())
    weight = np.array([p.match_weight for p in result.pairs])
    probability = np.array([p.match_probability for p in result.pairs])
    right = np.array([truth[p.left] == truth[p.right] for p in result.pairs])
    edge = np.array([(p.left, p.right) in seen["edges"] for p in result.pairs])
    bayes = weight - np.log2(prior / (1 - prior))
    print(json.dumps({"records": n, "seconds": round(time.perf_counter() - started, 1), "prior": prior,
                      "true_share_of_matching_pairs": true_pairs / (n * (n - 1) / 2),
                      "scored_pairs": len(weight), "edges": int(edge.sum()), "true_edges": int((right & edge).sum())}))
    for lo, hi in BANDS:
        s = (probability >= lo) & (probability < hi) & edge
        print(f"probability [{lo}, {hi}): {s.sum():8d} edges, precision {right[s].mean() if s.any() else float('nan'):.3f}")
    for lo in range(8, 60, 2):
        s = (bayes >= lo) & (bayes < lo + 2) & edge
        if s.any():
            print(f"log2 Bayes factor [{lo}, {lo + 2}): {s.sum():8d} edges, precision {right[s].mean():.3f}")


if __name__ == "__main__":
    main()
