"""Load on loopback, in every run of the suite: 50 concurrent users for one minute against Sijill
served by `sijill runserver` on the run's engine (a seeded SQLite home, or a PostgreSQL database
of its own), over real HTTP. No request may fail (5xx, 4xx or a failed connection); the p95 is
written to test-artifacts/load-<engine>.json, which `sijill security report` lists.

SIJILL_LOAD_USERS and SIJILL_LOAD_SECONDS change the size (bench/load_security.py runs 5 minutes).
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from . import load
from .homes import ROOT

USERS = int(os.environ.get("SIJILL_LOAD_USERS", "50"))
SECONDS = float(os.environ.get("SIJILL_LOAD_SECONDS", "60"))
ARTIFACTS = ROOT / "test-artifacts"
POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.fixture
def served_home(tmp_path, request):
    """(environment, engine) of a seeded Sijill to serve: a copy of the session's seeded SQLite
    home, or, on a PostgreSQL run, a database of its own seeded the same way and dropped after."""
    if not POSTGRES:
        home, _witnesses = request.getfixturevalue("home")
        yield load.environment(home, None), "sqlite"
        return
    import psycopg

    base, name = os.environ["DATABASE_URL"].split("?")[0].rsplit("/", 1)
    database = f"test_{name}_load_{os.getpid()}"
    template = _migrated_test_database(request)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        try:  # a copy of the migrated test database saves migrating from nothing (a minute or two)
            admin.execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
        except psycopg.errors.ObjectInUse:  # someone is connected to it: migrate an empty one
            admin.execute(f'CREATE DATABASE "{database}"')
    try:
        env = load.environment(tmp_path / "home", f"{base}/{database}")
        load.seed(env, 5)
        yield env, "postgresql"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _migrated_test_database(request) -> str:
    """The name of this run's test database, with this process's connections to it closed (the
    test is transactional: no transaction of the test holds it open)."""
    from django.db import connection, connections

    name = connection.settings_dict["NAME"]
    connections.close_all()
    return name


@pytest.mark.django_db(transaction=True)  # PostgreSQL: the migrated test database is copied
def test_fifty_users_for_a_minute_get_no_error_and_the_p95_is_recorded(served_home, tmp_path, tally):
    env, engine = served_home
    ids = load.prepare(env)
    port = load.free_port()
    log = tmp_path / "server.log"
    with load.served(env, port, log):
        cookie = load.login(port)
        result = load.drive(port, users=USERS, seconds=SECONDS, ids=ids, cookie=cookie)
    result["engine"] = engine
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"load-{engine}.json").write_text(json.dumps(result, indent=1))
    shutil.copy(log, ARTIFACTS / f"load-{engine}-server.log")
    tally(requests=result["requests"])
    assert result["requests"] >= USERS, result  # every user got answers, not just a few
    assert result["errors"] == 0, (result["error_samples"], log.read_text()[-3000:])
