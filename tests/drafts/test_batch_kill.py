"""A real kill: a batch of reports is read in its own process, killed mid-way, and resumed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from interrupt import interrupt_when

REPORTS = 600
SIJILL = [sys.executable, "-m", "sijill.cli"]

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="drives a SQLite database file")


def _counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as con:
        drafts = con.execute("select count(*) from drafts_draft").fetchone()[0]
        linked = con.execute("select count(*) from drafts_batchentry where draft_id is not null").fetchone()[0]
        distinct = con.execute("select count(distinct text) from drafts_draft").fetchone()[0]
    return drafts, linked, distinct


@pytest.fixture(scope="module")
def migrated_home(tmp_path_factory) -> Path:
    """A SIJILL_HOME with a migrated SQLite database and an analyst, copied per test."""
    home = tmp_path_factory.mktemp("template")
    env = _env(home)
    subprocess.run([*SIJILL, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*SIJILL, "user", "create", "amal", "--role", "analyst", "--clearance", "2"], check=True,
                   env={**env, "SIJILL_NEW_PASSWORD": "a long test password 1"}, capture_output=True)
    return home


def _env(home: Path) -> dict:
    env = {**os.environ, "SIJILL_HOME": str(home), "DJANGO_SETTINGS_MODULE": "sijill.settings"}
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture
def home(tmp_path, migrated_home) -> Path:
    shutil.copytree(migrated_home, tmp_path / "home")
    return tmp_path / "home"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_batch_keeps_every_read_report_whole_and_resumes_without_reading_one_twice(tmp_path, home, sig):
    env = _env(home)
    path = tmp_path / "week.jsonl"
    path.write_text("\n".join(json.dumps({"text": f"قصف مدفعي على قرية رقم {i} في ريف إدلب الجنوبي أمس أدى إلى "
                                                  f"مقتل {i % 9 + 1} مدنيين وإصابة آخرين. " * 8,
                                          "published": f"2019-05-0{i % 9 + 1}"}, ensure_ascii=False)
                              for i in range(REPORTS)), encoding="utf-8")
    db = home / "sijill.sqlite3"
    interrupt_when([*SIJILL, "read_reports", str(path), "--user", "amal"], env, lambda: _counts(db)[1] > 50, sig)
    drafts, linked, distinct = _counts(db)
    assert 0 < drafts < REPORTS, "the kill must land mid-batch"
    # every stored draft is linked to its report (stored in one transaction), none twice
    assert drafts == linked == distinct

    resumed = subprocess.run([*SIJILL, "read_reports", "--resume", "1"], env=env, capture_output=True, text=True,
                             check=True)
    assert f"Resuming batch 1 (week.jsonl): {linked} of {REPORTS} read before" in resumed.stderr
    assert resumed.stdout.startswith(f"batch 1: {REPORTS} drafts, 0 not read")
    assert _counts(db) == (REPORTS, REPORTS, REPORTS)
    with sqlite3.connect(db) as con:
        assert con.execute("select status, done from drafts_reportbatch").fetchone() == ("done", REPORTS)


def test_two_readers_of_one_batch_never_store_a_report_twice(home):
    env = _env(home)
    subprocess.run([*SIJILL, "shell", "-c",
                    "from sijill.accounts.models import User; from sijill.drafts.services import batch_create; "
                    f"batch_create(user=User.objects.get(username='amal'), file_name='week', queue=False, "
                    f"reports=[{{'text': f'قصف على قرية رقم {{i}} في ريف إدلب أدى إلى مقتل مدنيين. ' * 8}} "
                    f"for i in range({REPORTS // 2})])"], env=env, check=True)
    readers = [subprocess.Popen([*SIJILL, "read_reports", "--resume", "1"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [reader.communicate(timeout=300) for reader in readers]
    assert [reader.returncode for reader in readers] == [0, 0], outputs
    assert _counts(home / "sijill.sqlite3") == (REPORTS // 2,) * 3
