"""Deduplicate 1,000,000 generated victim records with the linkage engine on DuckDB.

    .venv/bin/python bench/linkage_million.py [--records 1000000] [--backend duckdb] [--mix-names]
        [--cluster-threshold 0.9]

The records come from the arabic-synthetic generator (real Syrian names from the Airwars victims
file, with the variation of real lists), written once to bench/results/linkage/ as Parquet. With
`--mix-names` each person's name is composed from parts of three real names (`generate(mix_names=True)`):
about 485,000 different names among 680,000 people instead of the 3,200 real names drawn again.
The dedupe runs in a fresh process and reports wall time, peak RSS (ru_maxrss of that process)
and, since the generator knows who is who, pairwise precision/recall/F1 of the clusters.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "results" / "linkage"
VICTIMS = ROOT.parent / "shared" / "data" / "events" / "airwars_syria" / "airwars_syria_victims.csv"
RECORDS_PER_PERSON = 1.47  # the generator's mean number of reports per person


def data_path(records: int, mix_names: bool = False) -> Path:
    return OUT / f"victims_{records}{'_mixed' if mix_names else ''}.parquet"


def generate(records: int, mix_names: bool = False) -> Path:
    import pyarrow.parquet as pq

    from sijill.linkage.synthetic import generate as generate_records
    from sijill.linkage.synthetic import to_table

    started = time.perf_counter()
    rows = generate_records(VICTIMS, people=int(records / RECORDS_PER_PERSON), seed=1, mix_names=mix_names)
    table = to_table(rows)
    OUT.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, data_path(records, mix_names))
    print(json.dumps({"generated": len(table), "seconds": round(time.perf_counter() - started, 1)}))
    return data_path(records, mix_names)


def dedupe(path: Path, backend: str, cluster_threshold: float = 0.9) -> dict:
    import pyarrow.parquet as pq

    from sijill.linkage.engine import link_persons
    from sijill.linkage.engine.evaluation import score

    table = pq.read_table(path)
    truth = dict(zip(table.column("id").to_pylist(), table.column("person_id").to_pylist(),
                     strict=True))
    load_before = os.getloadavg()
    cpu_before = _cpu_seconds()
    memory = _MemoryWatch()
    started = time.perf_counter()
    result = link_persons(path, backend=backend, threshold=min(0.9, cluster_threshold),
                          cluster_threshold=cluster_threshold, explain=False)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    memory.stop()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scores = score(result.clusters, truth)
    return {
        "records": len(table), "backend": backend, "seconds": round(seconds, 1),
        # CPU time of this process (DuckDB's threads included) and of its name feature workers
        # depends little on what else the machine runs; on a quiet machine wall time is at least
        # cpu / cores, and at most cpu.
        "cpu_seconds": round(cpu, 1),
        "quiet_machine_wall_at_least": round(cpu / (os.cpu_count() or 1), 1),
        "load_average_before_after": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "peak_rss_mb": round(peak_mb),
        # this process and its name feature workers together, sampled every 0.2 s
        "peak_rss_with_workers_mb": round(memory.peak_kb / 1024),
        "stats": result.stats, **scores,
    }


class _MemoryWatch:
    """Largest sum of the resident memory of this process and its children, sampled from /proc."""

    def __init__(self, every: float = 0.2):
        import threading

        self.peak_kb = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, args=(every,), daemon=True)
        self.thread.start()

    def _watch(self, every: float) -> None:
        while not self.done.wait(every):
            self.peak_kb = max(self.peak_kb, sum(_rss_kb(pid) for pid in _family(os.getpid())))

    def stop(self) -> None:
        self.done.set()
        self.thread.join()


def _family(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            pids += _family(int(child))
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:  # the process ended between listing and reading
        pass
    return 0


def _cpu_seconds() -> float:
    """CPU time of this process and of the processes it waited for (the name feature workers)."""
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF),
                      resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--backend", default="duckdb", choices=("duckdb", "spark"))
    parser.add_argument("--mix-names", action="store_true", help="names composed from parts of three real names")
    parser.add_argument("--cluster-threshold", type=float, default=0.9,
                        help="the match probability at which pairs join a cluster (the engine's default 0.9)")
    parser.add_argument("what", nargs="?", default="run", choices=("run", "generate", "dedupe"))
    args = parser.parse_args()
    mixed = ["--mix-names"] if args.mix_names else []
    if args.what == "generate":
        generate(args.records, args.mix_names)
        return
    if args.what == "dedupe":
        print(json.dumps(dedupe(data_path(args.records, args.mix_names), args.backend, args.cluster_threshold),
                         indent=1))
        return
    if not data_path(args.records, args.mix_names).exists():
        subprocess.run([sys.executable, __file__, "generate", "--records", str(args.records), *mixed],
                       check=True)
    # a fresh process, so peak RSS is the dedupe's own
    env = {**os.environ}
    subprocess.run([sys.executable, __file__, "dedupe", "--records", str(args.records),
                    "--backend", args.backend, "--cluster-threshold", str(args.cluster_threshold), *mixed],
                   check=True, env=env)


if __name__ == "__main__":
    main()
