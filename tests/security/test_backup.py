"""Backup and restore through the real CLI on real SIJILL_HOME folders.

One home is migrated and seeded once per session (tests/security/seed.py); each test copies it.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from .homes import PASSPHRASE, SIJILL, probe, run  # noqa: F401  (fixtures come from conftest)
from .seed import VICTIM_NOTE_MARKERS

pytestmark = pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                                reason="these tests drive SQLite homes; the PostgreSQL dump is tested in test_pg_dump")


@pytest.fixture(scope="session")
def backed_up(seeded, tmp_path_factory):
    """The seeded home and one backup of it, made once."""
    home, witnesses = seeded
    backup = tmp_path_factory.mktemp("backups") / "one.sijill-backup"
    run(home, "backup", "-o", str(backup))
    return home, witnesses, backup


def test_restore_on_a_fresh_home_gives_identical_counts_and_hashes_and_verifies(backed_up, tmp_path):
    home, witnesses, backup = backed_up
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    out = run(fresh, "restore", str(backup)).stdout
    assert "counts identical" in out and "audit chain intact" in out
    before, after = probe(home), probe(fresh)
    assert after["counts"] == before["counts"] and sum(after["counts"].values()) > 100
    assert after["files"] == before["files"] and len(after["items"]) == 5
    assert after["witnesses"] == sorted(witnesses)  # keys came back with the data
    assert "Audit chain intact" in after["verified"][0] and "Evidence intact: 5 item(s)" in after["verified"][1]


def test_witness_names_and_victims_notes_are_in_neither_the_database_file_nor_the_backup(backed_up):
    home, witnesses, backup = backed_up
    con = sqlite3.connect(home / "sijill.sqlite3")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    blobs = [p.read_bytes() for p in home.glob("sijill.sqlite3*")] + [backup.read_bytes()]
    for name in witnesses:
        for variant in {name, name.split()[-1]}:
            assert not any(variant.encode() in blob for blob in blobs), variant
    for marker in VICTIM_NOTE_MARKERS:
        assert not any(marker.encode() in blob for blob in blobs), marker
    # positive control: a title and a victim's name, stored in clear, are found the same way
    assert any(b"Witness statement 0" in blob for blob in blobs[:-1])
    assert any(b"Victim of the market shelling 4" in blob for blob in blobs[:-1])


def test_restore_refuses_a_home_with_data(backed_up, home):
    _, _, backup = backed_up
    home, _ = home
    refused = run(home, "restore", str(backup), check=False)
    assert refused.returncode == 1 and "Refusing to restore over existing data" in refused.stderr


def _read_all(path: Path, passphrase: str = PASSPHRASE) -> int:
    from sijill.security.backup import DecryptingReader

    total = 0
    with open(path, "rb") as fh:
        reader = DecryptingReader(fh, passphrase)
        while chunk := reader.read(1 << 20):
            total += len(chunk)
    return total


def test_wrong_passphrase_cut_short_or_altered_backups_are_refused(backed_up, tmp_path):
    from sijill.security.backup import BackupError

    _, _, backup = backed_up
    data = backup.read_bytes()
    assert _read_all(backup) > len(data) // 2  # the intact file reads to the end
    with pytest.raises(BackupError, match="Wrong passphrase"):
        _read_all(backup, "not the passphrase at all")
    cases = {"cut short": data[: len(data) // 2], "cut at a chunk": data[: data.index(b"\n", 10) + 1],
             "altered": data[:5000] + bytes([data[5000] ^ 1]) + data[5001:],
             "data after its last chunk": data + b"x"}
    for message, content in cases.items():
        (tmp_path / "t").write_bytes(content)
        with pytest.raises(BackupError, match=message.split()[0] if message != "cut at a chunk" else "cut short"):
            _read_all(tmp_path / "t")


def test_backups_are_pruned_to_the_newest_n(backed_up, tmp_path):
    from sijill.security.backup import prune

    _, _, backup = backed_up
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup: left alone")
    for age_days in (4, 3, 2, 1):
        old = folder / f"{age_days}-days.sijill-backup"
        shutil.copy(backup, old)
        os.utime(old, (time.time() - age_days * 86400,) * 2)
    removed = prune(folder, 2)
    assert sorted(p.name for p in removed) == ["3-days.sijill-backup", "4-days.sijill-backup"]
    assert sorted(p.name for p in folder.iterdir()) == ["1-days.sijill-backup", "2-days.sijill-backup", "notes.txt"]


def test_kill_9_during_backup_leaves_no_backup_and_an_intact_database(home, tmp_path):
    home, _ = home
    big = tmp_path / "video.bin"
    big.write_bytes(os.urandom(24 * 1024 * 1024))
    run(home, "evidence", "add", str(big), "--user", "seeder")
    environment = {**os.environ, "SIJILL_HOME": str(home), "SIJILL_BACKUP_PASSPHRASE": PASSPHRASE}
    environment.pop("DATABASE_URL", None)
    target = tmp_path / "killed.sijill-backup"
    partial = tmp_path / "killed.sijill-backup.partial"
    process = subprocess.Popen([SIJILL, "backup", "-o", str(target)], env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and not (partial.exists() and partial.stat().st_size > 2 * 1024 * 1024):
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert partial.exists() and not target.exists()  # killed mid-write: nothing claims to be a backup
    con = sqlite3.connect(home / "sijill.sqlite3")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    after = probe(home)  # audit chain and evidence (the 24 MB file included) still verify
    assert "Evidence intact: 6 item(s)" in after["verified"][1]
    partial.unlink()
