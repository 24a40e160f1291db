"""Load test on loopback: N concurrent users browse and call the API of a seeded Sijill for S seconds.

    .venv/bin/python bench/load_security.py --users 50 --seconds 300 -o /tmp/load.json
    .venv/bin/python bench/load_security.py --pg postgres://postgres:postgres@127.0.0.1:5432/sijill_load

Seeds a fresh SIJILL_HOME (tests/security/seed.py; with --pg, into that PostgreSQL database,
which must exist and be empty), serves it with `sijill runserver --noreload` (threaded) on
127.0.0.1, and drives it with tests/security/load.py, the same client the suite's one-minute
test uses (tests/security/test_load.py). Prints and writes requests, errors (non-2xx/3xx or
connection failures), p50, p95 and throughput. Rate limits are off in the served process (one
address plays every user). `sijill security report --load FILE` adds the result to docs/security.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from security import load  # noqa: E402  (tests/security/load.py)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--seed", type=int, default=30, help="sources/incidents/evidence/victims to seed")
    parser.add_argument("--pg", help="serve from this (empty) PostgreSQL database instead of SQLite")
    parser.add_argument("-o", "--output")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="sijill-load-"))
    env = load.environment(home, args.pg)
    load.seed(env, args.seed)
    ids = load.prepare(env)
    port = load.free_port()
    with load.served(env, port, home / "server.log"):
        result = load.drive(port, users=args.users, seconds=args.seconds, ids=ids, cookie=load.login(port))
    result.update(engine="postgresql" if args.pg else "sqlite", load_average=list(os.getloadavg()))
    print(json.dumps(result, indent=1))
    if args.output:
        Path(args.output).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
