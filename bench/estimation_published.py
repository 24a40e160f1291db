"""Estimates and intervals on every table of ../shared/data/estimation, beside the published figures.

    .venv/bin/python bench/estimation_published.py [--seed 1] [--only kosovo]

Runs the log-linear estimator (BIC, the default, AIC and SparseMSE's p-value stepwise) and LCMCR with its full default sampler (the same code
as `sijill estimate`), prints a markdown table with wall-clock seconds per run, and appends the
run to bench/results/estimation_published.json. No database: the estimators are plain Python.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sijill.estimation.population import estimate_table  # noqa: E402
from sijill.estimation.table import read_table  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "estimation"
RESULTS = Path(__file__).resolve().parent / "results" / "estimation_published.json"

DATASETS = [
    ("kosovo", "kosovo_1999_four_lists.csv",
     "Ball et al. (2002): about 10,356 (95% 9,002-12,122), log-linear, stratified"),
    ("uk", "UKdat.csv", "Silverman (2014), Home Office: 10,000-13,000"),
    ("uk5", "UKdat_5.csv", "Silverman (2014): 11,313 (five lists; 10,000-13,000)"),
    ("netherlands", "Ned.csv", "Silverman (2019, JRSS A) and others; see SOURCE.txt"),
    ("new_orleans", "NewOrl.csv", "Bales, Murphy and Silverman (2019); see SOURCE.txt"),
    ("western", "Western.csv", "Farrell et al. (2019); see SOURCE.txt"),
]
RUNS = [("loglinear", {"criterion": "bic"}), ("loglinear", {"criterion": "aic"}),
        ("loglinear", {"criterion": "pvalue"}), ("lcmcr", {})]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=[key for key, _, _ in DATASETS])
    args = parser.parse_args()
    rows = []
    for key, filename, published in DATASETS:
        if args.only and key != args.only:
            continue
        table = read_table(DATA / filename)
        for method, options in RUNS:
            if method == "lcmcr":
                options = {"seed": args.seed}
            started = time.perf_counter()
            result = estimate_table(table, method=method, **options)
            seconds = time.perf_counter() - started
            label = method + (f" ({options['criterion']})" if method == "loglinear" else "")
            detail = (f"{len(result['model']) - len(table.lists)} interactions, {result['search']}"
                      if method == "loglinear" else f"R-hat {result['sampler']['rhat']}")
            rows.append({"dataset": key, "lists": len(table.lists), "observed": table.observed,
                         "method": label, "estimate": result["estimate"], "lower": result["lower"],
                         "upper": result["upper"], "detail": detail, "seconds": round(seconds, 2),
                         "published": published})
            print(f"| {key} | {len(table.lists)} | {table.observed:,} | {label} | "
                  f"{result['estimate']:,} | {result['lower']:,}-"
                  f"{'inf' if result['upper'] is None else format(result['upper'], ',')} | {detail} | "
                  f"{seconds:.2f} | {published} |", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"at": datetime.now(UTC).isoformat(), "machine": platform.platform(),
                                 "seed": args.seed, "rows": rows}) + "\n")


if __name__ == "__main__":
    main()
