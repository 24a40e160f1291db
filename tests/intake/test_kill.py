"""A real kill: the import runs in its own process, is killed mid-way, and is resumed."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from interrupt import interrupt_when

# Enough rows that the import is still running well after the first batches are committed,
# even at full speed on an idle machine (about 5,000 rows/s).
ROWS = 40_000
SIJILL = [sys.executable, "-m", "sijill.cli"]

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="drives a SQLite database file")


def _counts(db: Path) -> tuple[int, int, int, int]:
    with sqlite3.connect(db) as con:
        persons = con.execute("select count(*) from people_person").fetchone()[0]
        records = con.execute("select count(*) from intake_importrecord").fetchone()[0]
        run = con.execute("select rows_read, last_row from intake_importrun order by id desc").fetchone() or (0, 0)
    return persons, records, run[0], run[1]


@pytest.fixture(scope="module")
def migrated_home(tmp_path_factory) -> Path:
    """A SIJILL_HOME with a migrated database, an analyst and a saved mapping, copied per test."""
    home = tmp_path_factory.mktemp("template")
    env = {**os.environ, "SIJILL_HOME": str(home), "DJANGO_SETTINGS_MODULE": "sijill.settings"}
    subprocess.run([*SIJILL, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*SIJILL, "user", "create", "amal", "--role", "analyst", "--clearance", "2"], check=True,
                   env={**env, "SIJILL_NEW_PASSWORD": "a long test password 1"}, capture_output=True)
    subprocess.run([*SIJILL, "shell", "-c",
                    "from sijill.accounts.models import User; from sijill.intake.services import mapping_save; "
                    "mapping_save(user=User.objects.get(username='amal'), name='people', target='person', "
                    "source_name='kill-test', spec={'key': ['id'], 'fields': {'name_latin': 'name', 'age': 'age'}})"],
                   env=env, check=True)
    return home


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_killed_import_leaves_no_partial_batch_and_resumes_to_exact_counts(tmp_path, migrated_home, sig):
    shutil.copytree(migrated_home, tmp_path / "home")
    env = {**os.environ, "SIJILL_HOME": str(tmp_path / "home"), "DJANGO_SETTINGS_MODULE": "sijill.settings"}
    path = tmp_path / "people.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "age"])
        writer.writerows([i, f"Person {i}", i % 90] for i in range(ROWS))
    command = [*SIJILL, "import", str(path), "--mapping", "people", "--user", "amal", "--batch-size", "500",
               "--no-progress"]
    db = tmp_path / "home" / "sijill.sqlite3"
    interrupt_when(command, env, lambda: _counts(db)[3] > 2000, sig, timeout=60)
    persons, records, rows_read, last_row = _counts(db)
    assert 0 < persons < ROWS, "the kill must land mid-import"
    # Nothing beyond the last committed batch: every person has its provenance, batches are whole.
    assert persons == records == rows_read == last_row - 1
    assert persons % 500 == 0

    resumed = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "Resuming" in resumed.stdout
    persons, records, rows_read, last_row = _counts(db)
    assert persons == records == ROWS
    assert last_row == ROWS + 1
