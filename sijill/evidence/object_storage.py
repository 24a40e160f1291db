"""Originals in S3-compatible object storage, with the guarantees of the local vault.

No Django here: the S3 client is handed in (built by `services.vault()` through django-storages
from the settings). A file is staged and hashed on local disk exactly as in `LocalStorage` (the
inspection tools need a file), then streamed to `sha256/ab/cd/<sha256>` in parts of PART bytes,
so memory stays bounded whatever the size. Every write is conditional (`If-None-Match: *`): the
store refuses to replace an existing object, so an identical file is stored once and nothing is
ever overwritten, even by two writers racing. Reads stream the object; `rehash` re-reads it all,
so a flipped byte in the bucket is found by `sijill evidence verify`.

For write-once at the bucket level too (against someone holding the keys), turn on the bucket's
object lock or versioning; this class never needs to delete or overwrite an original.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

from .storage import CHUNK, LocalStorage, Staged, StorageError, Stored

PART = 8 * 1024 * 1024  # S3 parts are 5 MiB to 5 GiB, at most 10,000; one part is in memory at a time
MAX_PARTS = 10_000


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", "")) or str(response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))


class ObjectStorage:
    """Originals in `bucket` (under `prefix`); staging and working copies on local disk under `staging`."""

    def __init__(self, client, bucket: str, *, staging: Path | str, prefix: str = "", part_size: int = PART):
        self.client, self.bucket, self.prefix, self.part_size = client, bucket, prefix, part_size
        self._local = LocalStorage(staging)
        self.root, self.temp_dir = self._local.root, self._local.temp_dir

    def key_of(self, sha256: str) -> str:
        self._local.path_of(sha256)  # refuses anything but a SHA-256 digest
        return f"{self.prefix}sha256/{sha256[:2]}/{sha256[2:4]}/{sha256}"

    def stage(self, stream: BinaryIO, *, max_bytes: int | None = None) -> Staged:
        return self._local.stage(stream, max_bytes=max_bytes)

    def discard(self, staged: Staged) -> None:
        self._local.discard(staged)

    def derived_path(self, kind: str, name: str) -> Path:
        return self._local.derived_path(kind, name)

    def commit(self, staged: Staged) -> Stored:
        """Stream the staged file into the bucket unless an object of that digest is there already."""
        key = self.key_of(staged.sha256)
        where = f"s3://{self.bucket}/{key}"
        try:
            if self.exists(staged.sha256):
                return Stored(staged.sha256, staged.sha512, staged.size, where, existed=True)
            metadata = {"sha256": staged.sha256, "sha512": staged.sha512}
            with open(staged.temp_path, "rb") as fh:
                if staged.size <= self.part_size:
                    done = self._put(key, fh.read(), metadata)
                else:
                    part_size = max(self.part_size, -(-staged.size // (MAX_PARTS - 1)))
                    done = self._put_parts(key, fh, metadata, part_size)
            return Stored(staged.sha256, staged.sha512, staged.size, where, existed=not done)
        finally:
            self._local.discard(staged)

    def _put(self, key: str, body: bytes, metadata: dict) -> bool:
        """One conditional PUT; False when an object appeared under `key` meanwhile."""
        try:
            self.client.put_object(Bucket=self.bucket, Key=key, Body=body, Metadata=metadata, IfNoneMatch="*")
        except Exception as exc:
            if _code(exc) in ("PreconditionFailed", "412"):
                return False
            raise StorageError(f"The object store refused the file ({exc}).") from exc
        return True

    def _put_parts(self, key: str, fh: BinaryIO, metadata: dict, part_size: int) -> bool:
        """A conditional multipart upload, one part in memory at a time; aborted on any failure."""
        upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=key, Metadata=metadata)["UploadId"]
        parts = []
        try:
            number = 1
            while body := fh.read(part_size):
                answer = self.client.upload_part(Bucket=self.bucket, Key=key, UploadId=upload, PartNumber=number, Body=body)
                parts.append({"ETag": answer["ETag"], "PartNumber": number})
                number += 1
            self.client.complete_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload,
                                                  MultipartUpload={"Parts": parts}, IfNoneMatch="*")
        except Exception as exc:
            if _code(exc) in ("PreconditionFailed", "412"):
                self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload)
                return False
            # A completion that timed out on our side may have finished on the server (a retry then
            # finds no upload): the object is there, whole, under its digest.
            if self._complete(key, metadata):
                return True
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload)
            raise StorageError(f"The object store refused the file ({exc}).") from exc
        return True

    def _complete(self, key: str, metadata: dict) -> bool:
        try:
            found = self.client.head_object(Bucket=self.bucket, Key=key)
        except Exception:  # noqa: BLE001 - absent or unreachable: not stored
            return False
        return found.get("Metadata", {}).get("sha256") == metadata["sha256"]

    def exists(self, sha256: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key_of(sha256))
        except Exception as exc:
            if _code(exc) in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def open(self, sha256: str) -> BinaryIO:
        """The object as a stream (read in chunks; never loaded whole)."""
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.key_of(sha256))["Body"]
        except Exception as exc:
            if _code(exc) in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(f"s3://{self.bucket}/{self.key_of(sha256)}") from None
            raise

    def rehash(self, sha256: str) -> str | None:
        """The SHA-256 of the stored bytes now, or None when the object is missing."""
        try:
            body = self.open(sha256)
        except FileNotFoundError:
            return None
        digest = hashlib.sha256()
        with body:
            while chunk := body.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()
