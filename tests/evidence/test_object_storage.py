"""The vault's guarantees on both backends: local disk, and S3-compatible object storage served
over HTTP by a real server process on loopback (moto_server, no mock in this process).

Write-once, content addressed, streamed with bounded memory, nothing left by a refused file, and
`sijill evidence verify` finds a flipped byte or a missing original."""

from __future__ import annotations

import io
import tracemalloc
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from sijill.evidence.object_storage import ObjectStorage
from sijill.evidence.package_verify import check_package
from sijill.evidence.packages import package_build
from sijill.evidence.services import evidence_add, evidence_redact, vault
from sijill.evidence.storage import StorageError

from .conftest import jpeg_bytes, pdf_bytes, vault_files


class Backend:
    """The vault under test and what a test needs to look behind its back."""

    def __init__(self, name: str, root: Path, client=None, bucket: str = ""):
        self.name, self.root, self.client, self.bucket = name, root, client, bucket

    def originals(self) -> list[str]:
        """Digests of the originals stored, and any leftover temporary file."""
        if self.client is None:
            return sorted(p.name for p in vault_files(self.root))
        listed = self.client.list_objects_v2(Bucket=self.bucket).get("Contents", [])
        return sorted([o["Key"].rsplit("/", 1)[-1] for o in listed] + [p.name for p in vault_files(self.root)])

    def read(self, sha256: str) -> bytes:
        with vault().open(sha256) as fh:
            return fh.read()

    def replace(self, sha256: str, data: bytes) -> None:
        """Someone changes an original behind the vault's back."""
        if self.client is None:
            path = vault().path_of(sha256)
            path.chmod(0o644)
            path.write_bytes(data)
        else:
            self.client.put_object(Bucket=self.bucket, Key=vault().key_of(sha256), Body=data)

    def remove(self, sha256: str) -> None:
        if self.client is None:
            vault().path_of(sha256).unlink()
        else:
            self.client.delete_object(Bucket=self.bucket, Key=vault().key_of(sha256))


@pytest.fixture(params=["local", "s3"])
def backend(request, settings, vault_root) -> Backend:
    if request.param == "local":
        return Backend("local", vault_root)
    endpoint = request.getfixturevalue("s3_endpoint")
    settings.AWS_S3_ACCESS_KEY_ID, settings.AWS_S3_SECRET_ACCESS_KEY = "sijill-test", "sijill-test"
    settings.AWS_S3_REGION_NAME = "us-east-1"
    bucket = f"sijill-{uuid.uuid4().hex[:12]}"
    settings.SIJILL_EVIDENCE_S3_BUCKET, settings.SIJILL_EVIDENCE_S3_ENDPOINT = bucket, endpoint
    store = vault()
    assert isinstance(store, ObjectStorage)
    store.client.create_bucket(Bucket=bucket)
    return Backend("s3", vault_root, store.client, bucket)


# --- the store itself --------------------------------------------------------------------------


def test_identical_bytes_are_stored_once_under_their_digest(backend):
    store = vault()
    first = store.commit(store.stage(io.BytesIO(b"evidence bytes")))
    second = store.commit(store.stage(io.BytesIO(b"evidence bytes")))
    assert not first.existed and second.existed
    assert backend.originals() == [first.sha256]
    assert backend.read(first.sha256) == b"evidence bytes"


def test_an_existing_original_is_never_overwritten_even_by_a_racing_writer(backend, monkeypatch):
    store = vault()
    stored = store.commit(store.stage(io.BytesIO(b"original")))
    backend.replace(stored.sha256, b"tampered")  # left as it is: evidence of tampering
    staged = store.stage(io.BytesIO(b"original"))
    monkeypatch.setattr(type(store), "exists", lambda self, sha256: False)  # as if another writer was faster
    if backend.name == "local":
        monkeypatch.undo()
    again = store.commit(staged)
    assert again.existed and backend.read(stored.sha256) == b"tampered"
    assert backend.originals() == [stored.sha256]


def test_an_empty_or_broken_stream_leaves_nothing(backend):
    class Broken(io.RawIOBase):
        calls = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            self.calls += 1
            if self.calls > 2:
                raise OSError("connection lost")
            buffer[:1000] = b"x" * 1000
            return 1000

    store = vault()
    with pytest.raises(StorageError, match="empty"):
        store.stage(io.BytesIO(b""))
    with pytest.raises(OSError):
        store.stage(Broken())
    assert backend.originals() == []


def test_a_large_file_is_streamed_with_bounded_memory(backend, tmp_path):
    size = 40 * 1024 * 1024
    source = tmp_path / "large.bin"
    with open(source, "wb") as fh:
        for n in range(size // (1024 * 1024)):
            fh.write(bytes([n % 251]) * (1024 * 1024))
    store = vault()
    if backend.name == "s3":
        store = ObjectStorage(store.client, backend.bucket, staging=backend.root, part_size=5 * 1024 * 1024)
    tracemalloc.start()
    try:
        with open(source, "rb") as fh:
            stored = store.commit(store.stage(fh))
        assert store.rehash(stored.sha256) == stored.sha256
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert stored.size == size and backend.originals() == [stored.sha256]
    assert peak < size // 2, f"peak {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB file"


@pytest.mark.parametrize("backend", ["s3"], indirect=True)
def test_a_completion_lost_on_the_way_back_is_checked_on_the_server(backend, monkeypatch):
    from botocore.exceptions import ReadTimeoutError

    store = ObjectStorage(backend.client, backend.bucket, staging=backend.root, part_size=5 * 1024 * 1024)
    data = b"\x01" * (6 * 1024 * 1024)
    real = backend.client.complete_multipart_upload

    def finished_but_timed_out(**kwargs):
        real(**kwargs)
        raise ReadTimeoutError(endpoint_url="s3")

    monkeypatch.setattr(backend.client, "complete_multipart_upload", finished_but_timed_out)
    stored = store.commit(store.stage(io.BytesIO(data)))
    assert not stored.existed and backend.read(stored.sha256) == data

    def lost(**kwargs):
        raise ReadTimeoutError(endpoint_url="s3")

    monkeypatch.setattr(backend.client, "complete_multipart_upload", lost)
    with pytest.raises(StorageError, match="refused the file"):
        store.commit(store.stage(io.BytesIO(b"\x02" * (6 * 1024 * 1024))))
    assert backend.originals() == [stored.sha256]  # nothing of the failed one, in the bucket or staging
    assert backend.client.list_multipart_uploads(Bucket=backend.bucket).get("Uploads", []) == []


# --- through the services and commands ---------------------------------------------------------


PDF = pdf_bytes()  # made once: the PDF carries its creation time


@pytest.fixture
def items(backend, analyst):
    return [evidence_add(user=analyst, stream=io.BytesIO(data), filename=name).item
            for data, name in ((jpeg_bytes(), "a.jpg"), (PDF, "b.pdf"), (jpeg_bytes(), "copy of a.jpg"))]


@pytest.mark.django_db
def test_a_duplicate_upload_is_stored_once(backend, items):
    assert items[2].duplicate_of == items[0]
    assert backend.originals() == sorted({items[0].sha256, items[1].sha256})


@pytest.mark.django_db
def test_verify_finds_a_flipped_byte_and_a_missing_original(backend, items, capsys):
    call_command("evidence", "verify")
    assert "Evidence intact: 3 item(s)" in capsys.readouterr().out
    data = bytearray(backend.read(items[1].sha256))
    data[len(data) // 2] ^= 0x01
    backend.replace(items[1].sha256, bytes(data))
    backend.remove(items[0].sha256)
    with pytest.raises(CommandError):
        call_command("evidence", "verify")
    err = capsys.readouterr().err
    assert f"evidence #{items[1].pk}: original {items[1].sha256} was altered" in err
    assert f"evidence #{items[0].pk}: original {items[0].sha256} is missing" in err


@pytest.mark.django_db
def test_downloads_and_packages_stream_from_the_backend(backend, items, analyst, tmp_path):
    client = Client()
    client.force_login(analyst)
    download = client.get(f"/evidence/{items[1].pk}/original/")
    assert b"".join(download.streaming_content) == PDF
    out = tmp_path / "package.zip"
    package_build(user=analyst, out=out, item_ids=[i.pk for i in items], pdf=False)
    report = check_package(str(out))
    assert report.problems == [] and report.checked == 3
    redacted = evidence_redact(user=analyst, item_id=items[0].pk, regions=[(0, 0, 60, 60)]).item
    assert redacted.sha256 in backend.originals() and vault().rehash(redacted.sha256) == redacted.sha256

