"""Where originals live: content-addressed, write-once files, hashed in one streaming pass.

No Django here. A file is streamed into a temporary file on the same filesystem while its
SHA-256 and SHA-512 are computed (SHA-512 in a second thread: hashlib releases the GIL), then
made read-only and linked into `<root>/sha256/ab/cd/<sha256>`. `os.link` never replaces an
existing name, so an identical file is stored once and nothing is ever overwritten or renamed
in place. Until `commit` the vault is untouched: a rejected file leaves nothing behind.

`LocalStorage` keeps originals on disk; `object_storage.ObjectStorage` keeps them in an
S3-compatible bucket with the same `stage` / `commit` / `discard` / `open` / `exists` / `rehash`.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024
SYNC_EVERY = 64 * CHUNK
READ_ONLY = 0o444


class StorageError(Exception):
    """The file could not be stored (empty, too large, disk error); nothing was kept."""


class TooLarge(StorageError):
    """The stream went past the upload limit; reading stopped there and nothing was kept."""

    def __init__(self, limit: int):
        self.limit = limit
        super().__init__(f"The file is larger than the limit of {limit} bytes.")


@dataclass
class Staged:
    """A file hashed and written to a temporary name, not yet part of the vault."""

    temp_path: Path
    sha256: str
    sha512: str
    size: int


@dataclass(frozen=True)
class Stored:
    sha256: str
    sha512: str
    size: int
    path: Path | str  # a file on disk, or s3://bucket/key
    existed: bool  # an identical file was already in the vault; this one was not kept


def hash_stream(stream: BinaryIO, sink: BinaryIO | None = None, *, max_bytes: int | None = None) -> tuple[str, str, int]:
    """SHA-256, SHA-512 and size of a stream, copying it to `sink` on the way; one pass, bounded memory.

    SHA-512 and the writing run in their own threads (hashlib and file writes release the GIL),
    each fed through a short queue; the writer starts writeback every SYNC_EVERY bytes so the disk
    works while the hashes are computed instead of all at the final fsync.
    """
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    failures: list[BaseException] = []

    def consume(chunks: queue.Queue, work) -> None:
        try:
            while (chunk := chunks.get()) is not None:
                if not failures:
                    work(chunk)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            failures.append(exc)
            while chunks.get() is not None:  # keep draining so the producer never blocks
                pass

    written = 0

    def write(chunk: bytes) -> None:
        nonlocal written
        sink.write(chunk)
        written += len(chunk)
        if written % SYNC_EVERY < len(chunk) and hasattr(sink, "fileno"):
            sink.flush()
            # Starts writeback of what is written so far without waiting for it (Linux), so the
            # final fsync has little left to do; elsewhere it is only a hint.
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(sink.fileno(), 0, written, os.POSIX_FADV_DONTNEED)

    queues = [queue.Queue(maxsize=8)]
    workers = [threading.Thread(target=consume, args=(queues[0], sha512.update), daemon=True)]
    if sink is not None:
        queues.append(queue.Queue(maxsize=8))
        workers.append(threading.Thread(target=consume, args=(queues[1], write), daemon=True))
    for worker in workers:
        worker.start()
    size = 0
    try:
        while not failures and (chunk := stream.read(CHUNK)):
            size += len(chunk)
            if max_bytes and size > max_bytes:
                raise TooLarge(max_bytes)
            for chunks in queues:
                chunks.put(chunk)
            sha256.update(chunk)
    finally:
        for chunks in queues:
            chunks.put(None)
        for worker in workers:
            worker.join()
    if failures:
        raise failures[0]
    return sha256.hexdigest(), sha512.hexdigest(), size


def hash_file(path: Path) -> tuple[str, str, int]:
    with open(path, "rb") as fh:
        return hash_stream(fh)


class LocalStorage:
    """Originals on local disk under `root`."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.temp_dir = self.root / "tmp"

    def path_of(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StorageError(f"Not a SHA-256 digest: {sha256!r}")
        return self.root / "sha256" / sha256[:2] / sha256[2:4] / sha256

    def stage(self, stream: BinaryIO, *, max_bytes: int | None = None) -> Staged:
        """Copy `stream` to a temporary file in the vault's filesystem and hash it on the way."""
        self.temp_dir.mkdir(parents=True, exist_ok=True)
        temp_path = self.temp_dir / f"{uuid.uuid4().hex}.part"
        try:
            with open(temp_path, "xb") as sink:
                sha256, sha512, size = hash_stream(stream, sink, max_bytes=max_bytes)
                sink.flush()
                os.fsync(sink.fileno())
        except BaseException:
            temp_path.unlink(missing_ok=True)
            raise
        if size == 0:
            temp_path.unlink(missing_ok=True)
            raise StorageError("The file is empty.")
        return Staged(temp_path=temp_path, sha256=sha256, sha512=sha512, size=size)

    def commit(self, staged: Staged) -> Stored:
        """Make the staged file part of the vault, read-only; an identical file already there wins."""
        final = self.path_of(staged.sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(staged.temp_path, READ_ONLY)
        try:
            os.link(staged.temp_path, final)  # fails rather than replace an existing file
            existed = False
            _fsync_dir(final.parent)
        except FileExistsError:
            existed = True
        finally:
            staged.temp_path.unlink(missing_ok=True)
        return Stored(staged.sha256, staged.sha512, staged.size, final, existed)

    def discard(self, staged: Staged) -> None:
        staged.temp_path.unlink(missing_ok=True)

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return open(self.path_of(sha256), "rb")

    def rehash(self, sha256: str) -> str | None:
        """The SHA-256 of the stored bytes now, or None when the file is missing."""
        try:
            with self.open(sha256) as fh:
                digest = hashlib.sha256()
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                return digest.hexdigest()
        except FileNotFoundError:
            return None

    def derived_path(self, kind: str, name: str) -> Path:
        """Working copies (thumbnails, previews): replaceable, never originals."""
        path = self.root / "derived" / kind / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
