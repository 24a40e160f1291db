"""The vault on disk: content-addressed, read-only, write-once, nothing left by a failure."""

import io
import os
import stat

import pytest

from sijill.evidence.storage import LocalStorage, StorageError

from .conftest import vault_files


def test_identical_bytes_are_stored_once_and_read_only(tmp_path):
    store = LocalStorage(tmp_path)
    first = store.commit(store.stage(io.BytesIO(b"evidence bytes")))
    second = store.commit(store.stage(io.BytesIO(b"evidence bytes")))
    assert not first.existed and second.existed
    assert first.path == second.path == tmp_path / "sha256" / first.sha256[:2] / first.sha256[2:4] / first.sha256
    assert stat.S_IMODE(os.stat(first.path).st_mode) == 0o444
    assert vault_files(tmp_path) == [first.path]
    assert len(first.sha512) == 128


def test_an_existing_original_is_never_overwritten(tmp_path):
    store = LocalStorage(tmp_path)
    stored = store.commit(store.stage(io.BytesIO(b"original")))
    os.chmod(stored.path, 0o644)
    stored.path.write_bytes(b"tampered")  # someone changed it behind our back
    again = store.commit(store.stage(io.BytesIO(b"original")))
    assert again.existed and stored.path.read_bytes() == b"tampered"  # left as evidence of tampering
    assert store.rehash(stored.sha256) != stored.sha256


def test_an_empty_file_is_refused_and_leaves_nothing(tmp_path):
    store = LocalStorage(tmp_path)
    with pytest.raises(StorageError, match="empty"):
        store.stage(io.BytesIO(b""))
    assert vault_files(tmp_path) == []


def test_a_stream_that_fails_midway_leaves_nothing(tmp_path):
    class Broken(io.RawIOBase):
        calls = 0

        def read(self, n=-1):
            self.calls += 1
            if self.calls > 2:
                raise OSError("connection lost")
            return b"x" * 1000

    store = LocalStorage(tmp_path)
    with pytest.raises(OSError):
        store.stage(Broken())
    assert vault_files(tmp_path) == []
