"""Wall-clock time of a full LCMCR run on the Kosovo table (issue 7 target: under 60 s).

    .venv/bin/python bench/estimation_lcmcr_timing.py [--repeat 3] [--seed 1]

Times `estimate_table(..., method="lcmcr")` with the default sampler (as `sijill estimate --method
lcmcr` runs it) and, in the same rounds as a baseline, the log-linear estimate of the same table,
so a slow or busy machine shows in both. Also reports the load average, since the machine is
shared. Appends to bench/results/estimation_lcmcr_timing.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sijill.estimation.lcmcr import DEFAULTS  # noqa: E402
from sijill.estimation.population import estimate_table  # noqa: E402
from sijill.estimation.table import read_table  # noqa: E402

KOSOVO = Path(__file__).resolve().parents[2] / "shared" / "data" / "estimation" / "kosovo_1999_four_lists.csv"
RESULTS = Path(__file__).resolve().parent / "results" / "estimation_lcmcr_timing.json"
TARGET_S = 60.0


def timed(function) -> tuple[float, dict]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    table = read_table(KOSOVO)
    lcmcr_s, loglinear_s, results = [], [], []
    for round_ in range(args.repeat):
        seconds, result = timed(lambda r=round_: estimate_table(table, method="lcmcr", seed=args.seed + r))
        lcmcr_s.append(seconds)
        results.append((result["estimate"], result["lower"], result["upper"], result["sampler"]["rhat"]))
        seconds, _ = timed(lambda: estimate_table(table, method="loglinear"))
        loglinear_s.append(seconds)
    iterations = DEFAULTS["burn_in"] + DEFAULTS["samples"] // DEFAULTS["chains"] * DEFAULTS["thin"]
    median = statistics.median(lcmcr_s)
    print(f"LCMCR Kosovo, default sampler ({DEFAULTS['chains']} chains x {iterations:,} iterations, "
          f"K={DEFAULTS['classes']}): median {median:.2f} s, max {max(lcmcr_s):.2f} s over {args.repeat} "
          f"runs (target {TARGET_S:.0f} s: {'met' if max(lcmcr_s) < TARGET_S else 'MISSED'})")
    print(f"  {iterations / median:,.0f} iterations/s (all chains at once)")
    print(f"  baseline, log-linear estimate of the same table: median {statistics.median(loglinear_s):.2f} s "
          f"(LCMCR/log-linear = {median / statistics.median(loglinear_s):.1f}x)")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for seed_offset, (est, lower, upper, rhat) in enumerate(results):
        print(f"  seed {args.seed + seed_offset}: {est:,} ({lower:,}-{upper:,}), R-hat {rhat}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"at": datetime.now(UTC).isoformat(), "machine": platform.platform(),
                                 "load": os.getloadavg()[0], "lcmcr_s": lcmcr_s,
                                 "loglinear_s": loglinear_s, "results": results}) + "\n")


if __name__ == "__main__":
    main()
