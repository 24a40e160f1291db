"""Point Django at a benchmark database, never at a developer's one.

Both bench scripts call `configure()` before importing anything from Sijill: it sets SIJILL_HOME
to the bench's own folder (default bench/results/home) and DATABASE_URL to the given URL, or
removes it so SQLite is used inside that folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_HOME = RESULTS_DIR / "home"
BENCH_DB_PREFIX = "sijill_bench"


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_bench_url(url: str | None) -> None:
    """Refuse a PostgreSQL database whose name does not say it is a benchmark database."""
    if url and not database_name(url).startswith(BENCH_DB_PREFIX):
        raise SystemExit(
            f"refusing to use database {database_name(url)!r}: benchmark databases must be named "
            f"{BENCH_DB_PREFIX}..., e.g. postgres://postgres@127.0.0.1:5432/{BENCH_DB_PREFIX}"
        )


def recreate_postgres_database(url: str) -> None:
    """Drop and create the benchmark database named in `url` (connecting to `postgres`)."""
    import psycopg

    name = database_name(url)
    parts = urlsplit(url)
    admin_url = urlunsplit((parts.scheme.replace("postgresql", "postgres"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def configure(*, database_url: str | None, home: Path) -> None:
    """Set the environment for a benchmark run and start Django."""
    home.mkdir(parents=True, exist_ok=True)
    os.environ["SIJILL_HOME"] = str(home)
    os.environ["SIJILL_REQUIRE_2FA"] = "0"
    os.environ["SIJILL_LOGIN_THROTTLING"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sijill.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    root = str(BENCH_DIR.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()


def add_run_arguments(parser, *, repeat: int, warmup: int, results: str) -> None:
    """The options every timed bench script shares (database, home, rounds, scenarios, results)."""
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL; default SQLite in --home")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--repeat", type=int, default=repeat)
    parser.add_argument("--warmup", type=int, default=warmup)
    parser.add_argument("--only", default="", help="comma-separated scenario keys (baseline always runs)")
    parser.add_argument("--results", type=Path, default=RESULTS_DIR / results)


def start_as_analyst(args):
    """Configure Django for `args` (see add_run_arguments) and return the bench analyst
    (clearance 2, made by generate.py) and a test client logged in as them."""
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home.resolve())
    from django.test import Client
    from django.test.utils import setup_test_environment

    from sijill.accounts.models import User

    setup_test_environment()  # lets django.test.Client run against this database (no test DB is made)
    user = User.objects.get(username="bench-analyst")
    client = Client()
    client.force_login(user)
    return user, client


def run_rounds(scenarios: list, *, repeat: int, warmup: int, only: str = "") -> tuple[list, float]:
    """Warm each scenario up and count its queries, then time `repeat` rounds round-robin, so
    machine noise falls on all alike. The first scenario is the baseline and always runs.
    Returns the scenarios kept (with times_ms, result, queries) and the seconds the rounds took."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if only:
        keep = {scenarios[0].key, *only.split(",")}
        scenarios = [s for s in scenarios if s.key in keep]
    for s in scenarios:
        for _ in range(warmup):
            s.run()
        with CaptureQueriesContext(connection) as captured:
            s.result = s.run()
        s.queries = len(captured.captured_queries)
    started = time.monotonic()
    for _ in range(repeat):
        for s in scenarios:
            t = time.perf_counter()
            s.run()
            s.times_ms.append((time.perf_counter() - t) * 1000)
    return scenarios, time.monotonic() - started
