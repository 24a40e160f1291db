"""kill -9 during an evidence upload: the database stays consistent, every committed record and
file survives and verifies, nothing half-written enters the vault, and the upload can be redone."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from .homes import PASSPHRASE, SIJILL, probe, run

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="drives a SQLite home")


def test_kill_9_during_evidence_upload(home, tmp_path, tally):
    home, _ = home
    before = probe(home)
    big = tmp_path / "interview.bin"
    big.write_bytes(os.urandom(96 * 1024 * 1024))
    environment = {**os.environ, "SIJILL_HOME": str(home), "SIJILL_BACKUP_PASSPHRASE": PASSPHRASE}
    environment.pop("DATABASE_URL", None)
    process = subprocess.Popen([SIJILL, "evidence", "add", str(big), "--user", "seeder"], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    vault = home / "evidence"
    deadline = time.time() + 120
    # wait until the file is being streamed into the vault's staging area, then kill
    while time.time() < deadline:
        staged = [p for p in vault.rglob("*") if p.is_file() and p.stat().st_size > 8 * 1024 * 1024]
        if staged:
            break
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert staged, "the kill must land while the file is being written"
    con = sqlite3.connect(home / "sijill.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    after = probe(home)  # audit chain and evidence verify; nothing committed was lost
    assert after["counts"] == before["counts"] and after["items"] == before["items"]
    assert "Evidence intact: 5 item(s)" in after["verified"][1]
    run(home, "evidence", "add", str(big), "--user", "seeder")  # done again, it goes through
    assert len(probe(home)["items"]) == 6
    tally(faults=1)
