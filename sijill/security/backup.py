"""One encrypted file holding everything needed to start again: database, evidence, keys.

File layout::

    SIJILLBK1\\n
    <header JSON>\\n            kdf (scrypt salt and cost), the data key wrapped under the
                                passphrase key, chunk size
    repeated: <4-byte length><AES-256-GCM chunk>

The plaintext is a tar stream (members: manifest-start.json, database, evidence files,
keys.json, secret_key, manifest.json last). Chunk i is sealed with nonce = i (11 bytes) +
final flag (1 byte) and the header as associated data (the STREAM construction): chunks cannot be
reordered, dropped or the file cut short without the reader noticing. Writing and reading go
chunk by chunk; nothing is held whole in memory.

The database is copied with SQLite's online backup API (a consistent snapshot while Sijill runs)
or `pg_dump -Fc`; evidence files are content-addressed and write-once, so copying them after the
snapshot can only add unreferenced files, never miss a referenced one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils import timezone

from . import keys

MAGIC = b"SIJILLBK1\n"
CHUNK = 1024 * 1024
SUFFIX = ".sijill-backup"
LAST_BACKUP = "last_backup.json"


class BackupError(Exception):
    """The backup cannot be written or read; the message says why and what to do."""


# --- the encrypted stream ------------------------------------------------------------------


def _nonce(index: int, final: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if final else b"\x00")


class EncryptingWriter(io.RawIOBase):
    """A write-only file object: buffers one chunk, seals it, writes it to *sink*."""

    def __init__(self, sink, passphrase: str):
        super().__init__()
        self.sink = sink
        salt = secrets.token_bytes(16)
        data_key = secrets.token_bytes(32)
        kek = keys._kdf(passphrase, salt, keys.SCRYPT_N)
        wrap_nonce = secrets.token_bytes(12)
        header = {
            "format": "sijill-backup-1",
            "kdf": {"name": "scrypt", "salt": keys._b64e(salt), "n": keys.SCRYPT_N, "r": 8, "p": 1},
            "key": {"nonce": keys._b64e(wrap_nonce),
                    "data": keys._b64e(AESGCM(kek).encrypt(wrap_nonce, data_key, b"sijill-backup-key"))},
            "chunk": CHUNK,
        }
        self.header = json.dumps(header, sort_keys=True).encode() + b"\n"
        sink.write(MAGIC + self.header)
        self.aead = AESGCM(data_key)
        self.buffer = bytearray()
        self.index = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        while len(self.buffer) > CHUNK:  # keep at least one byte back for the final chunk
            self._emit(bytes(self.buffer[:CHUNK]), final=False)
            del self.buffer[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        sealed = self.aead.encrypt(_nonce(self.index, final), plain, MAGIC + self.header)
        self.sink.write(len(sealed).to_bytes(4, "big") + sealed)
        self.index += 1

    def finish(self) -> None:
        self._emit(bytes(self.buffer), final=True)
        self.buffer.clear()


class DecryptingReader(io.RawIOBase):
    """A read-only file object over an encrypted backup; raises BackupError on any tampering."""

    def __init__(self, source, passphrase: str):
        super().__init__()
        self.source = source
        if source.read(len(MAGIC)) != MAGIC:
            raise BackupError("This file is not a Sijill backup.")
        self.header = source.readline()
        try:
            header = json.loads(self.header)
            kdf = header["kdf"]
            kek = keys._kdf(passphrase, keys._b64d(kdf["salt"]), int(kdf["n"]))
            data_key = AESGCM(kek).decrypt(keys._b64d(header["key"]["nonce"]), keys._b64d(header["key"]["data"]),
                                           b"sijill-backup-key")
        except InvalidTag:
            raise BackupError("Wrong passphrase for this backup (or its header was altered).") from None
        except (ValueError, KeyError):
            raise BackupError("The backup header is damaged.") from None
        self.aead = AESGCM(data_key)
        self.index = 0
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        length_bytes = self.source.read(4)
        if len(length_bytes) < 4:
            raise BackupError("The backup ends early: it was cut short (copy incomplete or disk full).")
        length = int.from_bytes(length_bytes, "big")
        sealed = self.source.read(length)
        if len(sealed) < length:
            raise BackupError("The backup ends early: it was cut short (copy incomplete or disk full).")
        aad = MAGIC + self.header
        for final in (False, True):
            try:
                plain = self.aead.decrypt(_nonce(self.index, final), sealed, aad)
            except InvalidTag:
                continue
            self.index += 1
            self.pending += plain
            if final:
                self.done = True
                if self.source.read(1):
                    raise BackupError("The backup has data after its last chunk; it was altered.")
            return
        raise BackupError(f"Chunk {self.index} of the backup was altered or is out of place.")

    def readinto(self, target) -> int:
        while not self.pending and not self.done:
            self._next_chunk()
        n = min(len(target), len(self.pending))
        target[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


# --- what goes in -------------------------------------------------------------------------------


def record_counts() -> dict[str, int]:
    from django.apps import apps

    return {m._meta.label: m._base_manager.count() for m in apps.get_models()
            if m._meta.managed and not m._meta.proxy and m._meta.app_label not in {"sessions", "axes"}}


def _engine() -> str:
    return "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"


def _pg_url() -> str:
    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER']}:{db.get('PASSWORD') or ''}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def _snapshot_database(work: Path) -> Path:
    """A consistent copy of the database in *work*: SQLite online backup API, or pg_dump -Fc."""
    from django.db import connection

    if _engine() == "sqlite":
        target = work / "sijill.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest, pages=4096)
        finally:
            dest.close()
            source.close()
        return target
    target = work / "sijill.pgdump"
    connection.close()
    result = subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), "-d", _pg_url()],
                            capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return target


def _counts_in_sqlite(path: Path) -> dict[str, int]:
    """Record counts read from the snapshot itself, so they match what was saved exactly."""
    from django.apps import apps

    con = sqlite3.connect(str(path))
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return {m._meta.label: con.execute(f'SELECT count(*) FROM "{m._meta.db_table}"').fetchone()[0]
                for m in apps.get_models()
                if m._meta.managed and not m._meta.proxy and m._meta.db_table in tables
                and m._meta.app_label not in {"sessions", "axes"}}
    finally:
        con.close()


class _HashingReader(io.RawIOBase):
    def __init__(self, fh):
        super().__init__()
        self.fh, self.sha = fh, hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, target):
        data = self.fh.read(len(target))
        target[:len(data)] = data
        self.sha.update(data)
        return len(data)


@dataclass
class BackupReport:
    path: Path
    members: int = 0
    bytes_in: int = 0
    evidence_files: int = 0
    counts: dict = field(default_factory=dict)


def _add_file(tar: tarfile.TarFile, path: Path, name: str, hashes: dict) -> int:
    info = tar.gettarinfo(str(path), arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with open(path, "rb") as fh:
        reader = _HashingReader(fh)
        tar.addfile(info, io.BufferedReader(reader, CHUNK))
    hashes[name] = reader.sha.hexdigest()
    return info.size


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, hashes: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))
    hashes[name] = hashlib.sha256(data).hexdigest()


def backup_create(output: Path, *, passphrase: str) -> BackupReport:
    """Write the backup to *output* (through *output*.partial, renamed only when complete)."""
    if len(passphrase) < 12:
        raise BackupError("The backup passphrase must be at least 12 characters; use several words.")
    output = Path(output)
    partial = output.with_name(output.name + ".partial")
    report = BackupReport(output)
    home = Path(settings.SIJILL_HOME)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=home) as work_name:
        work = Path(work_name)
        os.chmod(work, 0o700)
        snapshot = _snapshot_database(work)
        report.counts = _counts_in_sqlite(snapshot) if _engine() == "sqlite" else record_counts()
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        hashes: dict[str, str] = {}
        with os.fdopen(fd, "wb") as sink:
            writer = EncryptingWriter(sink, passphrase)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                start = {"format": "sijill-backup-1", "created_at": timezone.now().isoformat(),
                         "engine": _engine(), "counts": report.counts}
                _add_bytes(tar, "manifest-start.json", json.dumps(start).encode(), hashes)
                report.bytes_in += _add_file(tar, snapshot, f"database/{snapshot.name}", hashes)
                snapshot.unlink()
                root = Path(settings.SIJILL_EVIDENCE_ROOT)
                if root.exists():
                    for path in sorted(root.rglob("*")):
                        relative = path.relative_to(root)
                        if path.is_file() and relative.parts[0] not in {"uploads", "tmp"}:
                            report.bytes_in += _add_file(tar, path, f"evidence/{relative}", hashes)
                            report.evidence_files += 1
                bundle = keys.bundle_read()
                _add_bytes(tar, "keys.json", json.dumps(keys.wrap_with_passphrase(bundle, passphrase)).encode(),
                           hashes)
                secret = home / "secret_key"
                if secret.exists():
                    _add_bytes(tar, "secret_key", secret.read_bytes(), hashes)
                _add_bytes(tar, "manifest.json", json.dumps({**start, "sha256": hashes}).encode(), {})
            writer.finish()
            sink.flush()
            os.fsync(sink.fileno())
        report.members = len(hashes) + 1
    os.replace(partial, output)
    _remember(output, report)
    return report


def _remember(output: Path, report: BackupReport) -> None:
    """Write SIJILL_HOME/last_backup.json, which `sijill check` reads."""
    path = Path(settings.SIJILL_HOME) / LAST_BACKUP
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"path": str(output.resolve()), "at": timezone.now().isoformat(),
                               "evidence_files": report.evidence_files, "size": output.stat().st_size}))
    os.replace(tmp, path)


def is_backup_file(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest *keep* Sijill backups in *folder* (files starting with the
    backup header only; anything else there is left alone). Returns what was deleted."""
    if keep < 1:
        raise BackupError("--keep must be at least 1.")
    found = sorted((p for p in Path(folder).iterdir()
                    if p.is_file() and not p.name.endswith(".partial") and is_backup_file(p)),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    removed = found[keep:]
    for path in removed:
        path.unlink()
    for stale in Path(folder).glob("*.partial"):
        if is_backup_file(stale) and time.time() - stale.stat().st_mtime > 3600:  # a killed run's
            stale.unlink()
            removed.append(stale)
    return removed


# --- restore ------------------------------------------------------------------------------------


def home_holds_data() -> list[str]:
    """What in the current SIJILL_HOME a restore would overwrite (empty list: safe to restore)."""
    from django.db import connection

    found = []
    try:
        tables = set(connection.introspection.table_names())
    except Exception:  # noqa: BLE001 (no database yet is the empty case)
        tables = set()
    if "audit_auditevent" in tables:
        from sijill.audit.models import AuditEvent

        if AuditEvent.objects.exists():
            found.append("the database holds records")
    root = Path(settings.SIJILL_EVIDENCE_ROOT)
    if root.exists() and any(p.is_file() for p in root.rglob("*")):
        found.append(f"the evidence store {root} holds files")
    from . import crypto

    folder = crypto.keys_dir()
    if folder.exists() and any(folder.glob("field-*.key")):
        found.append(f"the keys folder {folder} holds keys")
    return found


@dataclass
class RestoreReport:
    counts: dict
    expected_counts: dict
    evidence_files: int
    mismatched: list[str]


def backup_restore(path: Path, *, passphrase: str, force: bool = False) -> RestoreReport:
    """Restore *path* into the current SIJILL_HOME and check every member against its hash."""
    from django.db import connection

    from . import crypto

    busy = home_holds_data()
    if busy and not force:
        raise BackupError("Refusing to restore over existing data (" + "; ".join(busy) + "). "
                          "Restore into a fresh SIJILL_HOME, or pass --force to replace it.")
    home = Path(settings.SIJILL_HOME)
    root = Path(settings.SIJILL_EVIDENCE_ROOT)
    hashes: dict[str, str] = {}
    manifest: dict = {}
    start: dict = {}
    evidence_files = 0
    with open(path, "rb") as fh, tempfile.TemporaryDirectory(prefix=".restore-", dir=home) as work_name:
        work = Path(work_name)
        os.chmod(work, 0o700)
        reader = io.BufferedReader(DecryptingReader(fh, passphrase), CHUNK)
        try:
            tar = tarfile.open(fileobj=reader, mode="r|")
        except tarfile.TarError as exc:
            raise BackupError(f"The backup's contents are unreadable: {exc}") from None
        database: Path | None = None
        with tar:
            for member in tar:
                name = member.name
                if member.isdir():
                    continue
                if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
                    raise BackupError(f"The backup holds an unsafe entry {name!r}; refusing it.")
                stream = tar.extractfile(member)
                if name in {"manifest-start.json", "manifest.json", "keys.json", "secret_key"}:
                    data = stream.read()
                    if name != "manifest.json":
                        hashes[name] = hashlib.sha256(data).hexdigest()
                    if name == "manifest.json":
                        manifest = json.loads(data)
                    elif name == "manifest-start.json":
                        start = json.loads(data)
                        if start.get("engine") != _engine():
                            raise BackupError(f"This backup is of a {start.get('engine')} database; this "
                                              f"installation uses {_engine()}. Restore with the same engine.")
                    elif name == "keys.json":
                        bundle = keys.unwrap_with_passphrase(json.loads(data), passphrase)
                        keys.bundle_write(bundle, force=True)
                    else:
                        _write_stream(io.BytesIO(data), home / "secret_key", mode=0o600)
                    continue
                if name.startswith("database/"):
                    database = work / Path(name).name
                    hashes[name] = _write_stream(stream, database, mode=0o600)
                elif name.startswith("evidence/"):
                    target = root / Path(name).relative_to("evidence")
                    if target.exists():
                        os.chmod(target, 0o600)
                        target.unlink()
                    hashes[name] = _write_stream(stream, target, mode=0o444)
                    evidence_files += 1
                else:
                    raise BackupError(f"Unexpected entry {name!r} in the backup.")
        if not manifest:
            raise BackupError("The backup has no closing manifest; it is incomplete.")
        if database is None:
            raise BackupError("The backup holds no database.")
        mismatched = sorted(n for n, h in manifest["sha256"].items() if hashes.get(n) != h)
        mismatched += sorted(n for n in hashes if n not in manifest["sha256"])
        if mismatched:
            raise BackupError("Entries differ from the backup's manifest: " + ", ".join(mismatched[:10]))
        connection.close()
        if _engine() == "sqlite":
            live = Path(settings.DATABASES["default"]["NAME"])
            for suffix in ("-wal", "-shm"):
                Path(str(live) + suffix).unlink(missing_ok=True)
            shutil.move(str(database), str(live.with_name(live.name + ".restoring")))
            os.replace(live.with_name(live.name + ".restoring"), live)
        else:
            result = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                                     "-d", _pg_url(), str(database)], capture_output=True, text=True)
            if result.returncode:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()[:2000]}")
    crypto.keyring_reset()
    counts = record_counts()
    expected = start.get("counts", {})
    return RestoreReport(counts=counts, expected_counts=expected, evidence_files=evidence_files,
                         mismatched=[k for k, v in expected.items() if counts.get(k) != v])


def _write_stream(stream, target: Path, *, mode: int) -> str:
    target.parent.mkdir(parents=True, exist_ok=True)
    sha = hashlib.sha256()
    tmp = target.with_name(target.name + ".restoring")
    with open(tmp, "wb") as out:
        while chunk := stream.read(CHUNK):
            sha.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(tmp, mode)
    os.replace(tmp, target)
    return sha.hexdigest()
