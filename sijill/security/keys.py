"""Key backup, recovery among trustees, and rotation of the field keys.

A *key bundle* is every file of the keys folder (field keys, `current`, the index key) as JSON.
It is never written in clear outside the keys folder:

- wrapped with a passphrase: AES-256-GCM under a key stretched by scrypt (N=2^15, r=8, p=1);
- and/or wrapped with a random recovery key split among trustees by Shamir's scheme (k of n),
  so the keys come back when the admin's laptop and passphrase are both lost.

Rotation (`rotate`) makes a new key current, then re-seals every encrypted field value still
under an older key, in batches, each batch in its own transaction. Interrupted, it is simply run
again: tokens carry their key id, so what is done is not redone. Old keys are deleted only when
no value in the database still needs them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from . import crypto, shamir

BUNDLE_FORMAT = "sijill-keys-1"
SHARE_PREFIX = "sijill-share-1"
SCRYPT_N = 2**15


class RecoveryFailed(Exception):
    """Wrong passphrase, too few or mismatched shares, or a damaged key backup."""


def _b64e(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def bundle_read(folder: Path | None = None) -> dict:
    """The keys folder as a dict (creating the keys on first use, like every other reader)."""
    ring = crypto.keyring(folder)
    return {
        "format": BUNDLE_FORMAT,
        "current": ring["current"],
        "keys": {kid: _b64e(key) for kid, key in sorted(ring["keys"].items())},
        "index": _b64e(ring["index"]),
    }


def bundle_write(bundle: dict, folder: Path | None = None, *, force: bool = False) -> Path:
    """Write a bundle as a keys folder (0700, files 0600). Refuses to mix with existing keys
    unless *force*, in which case the keys present are replaced."""
    folder = folder or crypto.keys_dir()
    if bundle.get("format") != BUNDLE_FORMAT:
        raise RecoveryFailed("This is not a Sijill key bundle.")
    existing = list(folder.glob("field-*.key")) if folder.exists() else []
    if existing and not force:
        raise RecoveryFailed(f"{folder} already holds keys; use --force to replace them.")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    for path in existing + [folder / "index.key", folder / "current"]:
        path.unlink(missing_ok=True)
    for kid, key in bundle["keys"].items():
        crypto._write_private(folder / f"field-{kid}.key", crypto._b64e(_b64d(key)).encode() + b"\n")
    crypto._write_private(folder / "index.key", crypto._b64e(_b64d(bundle["index"])).encode() + b"\n")
    crypto._write_private(folder / "current", bundle["current"].encode() + b"\n")
    crypto.keyring_reset()
    return folder


def _kdf(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))


def _seal(key: bytes, data: bytes, label: bytes) -> dict:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64e(nonce), "data": _b64e(AESGCM(key).encrypt(nonce, data, label))}


def _open(key: bytes, sealed: dict, label: bytes) -> bytes:
    return AESGCM(key).decrypt(_b64d(sealed["nonce"]), _b64d(sealed["data"]), label)


def wrap_with_passphrase(bundle: dict, passphrase: str) -> dict:
    if len(passphrase) < 12:
        raise ValueError("The passphrase must be at least 12 characters; use several words.")
    salt = secrets.token_bytes(16)
    key = _kdf(passphrase, salt, SCRYPT_N)
    return {"kdf": {"name": "scrypt", "salt": _b64e(salt), "n": SCRYPT_N, "r": 8, "p": 1},
            "sealed": _seal(key, json.dumps(bundle).encode(), b"sijill-keys-passphrase")}


def unwrap_with_passphrase(wrapped: dict, passphrase: str) -> dict:
    kdf = wrapped["kdf"]
    key = _kdf(passphrase, _b64d(kdf["salt"]), int(kdf["n"]))
    try:
        return json.loads(_open(key, wrapped["sealed"], b"sijill-keys-passphrase"))
    except InvalidTag:
        raise RecoveryFailed("Wrong passphrase, or the key backup was altered.") from None


@dataclass(frozen=True)
class Share:
    set_id: str
    threshold: int
    number: int
    value: bytes

    def __str__(self) -> str:
        body = f"{SHARE_PREFIX}-{self.set_id}-{self.threshold}-{self.number}-{self.value.hex()}"
        check = hashlib.sha256(body.encode()).hexdigest()[:8]
        return f"{body}-{check}"

    @classmethod
    def parse(cls, text: str) -> Share:
        parts = text.strip().split("-")
        if len(parts) != 8 or "-".join(parts[:3]) != SHARE_PREFIX:
            raise RecoveryFailed(f"{text[:30]}... is not a Sijill trustee share.")
        body, check = "-".join(parts[:7]), parts[7]
        if hashlib.sha256(body.encode()).hexdigest()[:8] != check:
            raise RecoveryFailed(f"Share {parts[5]} was mistyped (its check digits do not match).")
        return cls(parts[3], int(parts[4]), int(parts[5]), bytes.fromhex(parts[6]))


def wrap_for_trustees(bundle: dict, *, threshold: int, trustees: int) -> tuple[dict, list[Share]]:
    """Seal the bundle under a fresh recovery key and split that key into trustee shares."""
    recovery_key = secrets.token_bytes(32)
    set_id = secrets.token_hex(4)
    shares = [Share(set_id, threshold, x, y)
              for x, y in shamir.split(recovery_key, threshold=threshold, shares=trustees)]
    wrapped = {"set": set_id, "threshold": threshold, "trustees": trustees,
               "sealed": _seal(recovery_key, json.dumps(bundle).encode(), b"sijill-keys-shares")}
    return wrapped, shares


def unwrap_with_shares(wrapped: dict, shares: list[Share]) -> dict:
    shares = list({s.number: s for s in shares}.values())
    if any(s.set_id != wrapped["set"] for s in shares):
        raise RecoveryFailed("Some shares belong to another key backup.")
    if len(shares) < wrapped["threshold"]:
        raise RecoveryFailed(f"{len(shares)} share(s) given; this backup needs {wrapped['threshold']}.")
    key = shamir.combine([(s.number, s.value) for s in shares])
    try:
        return json.loads(_open(key, wrapped["sealed"], b"sijill-keys-shares"))
    except InvalidTag:
        raise RecoveryFailed("The shares do not open this key backup.") from None


def key_backup_document(*, passphrase: str | None, threshold: int = 0, trustees: int = 0) -> tuple[dict, list[Share]]:
    """The JSON document `sijill keys backup` writes, and the trustee shares (if asked for)."""
    bundle = bundle_read()
    document: dict = {"format": "sijill-key-backup-1"}
    shares: list[Share] = []
    if passphrase:
        document["passphrase"] = wrap_with_passphrase(bundle, passphrase)
    if trustees:
        document["trustees"], shares = wrap_for_trustees(bundle, threshold=threshold, trustees=trustees)
    if len(document) == 1:
        raise ValueError("Give a passphrase, trustees, or both: a key backup must be protected.")
    return document, shares


def key_backup_open(document: dict, *, passphrase: str | None = None, shares: list[Share] = ()) -> dict:
    if document.get("format") != "sijill-key-backup-1":
        raise RecoveryFailed("This file is not a Sijill key backup.")
    if shares:
        if "trustees" not in document:
            raise RecoveryFailed("This key backup was not split among trustees.")
        return unwrap_with_shares(document["trustees"], list(shares))
    if passphrase is not None:
        if "passphrase" not in document:
            raise RecoveryFailed("This key backup has no passphrase copy; use the trustee shares.")
        return unwrap_with_passphrase(document["passphrase"], passphrase)
    raise RecoveryFailed("Give the passphrase or the trustee shares.")


# --- rotation -------------------------------------------------------------------------------


@dataclass
class RotationReport:
    key_id: str
    resealed: int
    retired: list[str]


def rotate(*, batch: int = 500, start_new: bool = True, progress=None) -> RotationReport:
    """Make a new key current (unless a rotation was interrupted: then finish it) and re-seal
    every encrypted field value that is under another key; then delete the keys nothing uses."""
    from django.db import transaction

    from sijill.audit.services import audit_record

    from .fields import encrypted_fields, models_with_encrypted_fields

    folder = crypto.keys_dir()
    marker = folder / "rotating"
    crypto.keyring()  # bootstraps the folder on a fresh install
    if marker.exists():
        new_id = marker.read_text().strip()
        crypto.key_set_current(new_id)
    elif start_new:
        new_id = crypto.key_create(folder)
        crypto._write_private(marker, new_id.encode() + b"\n")
        crypto.key_set_current(new_id)
    else:
        new_id = crypto.keyring()["current"]
    resealed = 0
    for model in models_with_encrypted_fields():
        for field in encrypted_fields(model):
            name = field.attname
            stale = model._base_manager.exclude(**{name: ""}).exclude(**{f"{name}__startswith": f"sj1.{new_id}."})
            while True:
                with transaction.atomic():
                    rows = list(stale.order_by("pk").values_list("pk", name)[:batch])
                    for pk, token in rows:
                        context = f"{model._meta.label}:{pk}:{name}"  # as fields.field_context
                        plain = crypto.decrypt_text(token, context=context)
                        model._base_manager.filter(pk=pk, **{name: token}).update(
                            **{name: crypto.encrypt_text(plain, context=context)})
                resealed += len(rows)
                if progress:
                    progress(model._meta.label, name, resealed)
                if len(rows) < batch:
                    break
    retired = []
    for path in folder.glob("field-*.key"):
        kid = path.name[len("field-"):-len(".key")]
        if kid != new_id:
            path.unlink()
            retired.append(kid)
    marker.unlink(missing_ok=True)
    crypto.keyring_reset()
    audit_record(user=None, action="keys_rotate", record_type="keys", record_id=new_id,
                 changes={"resealed": resealed, "retired": sorted(retired)})
    return RotationReport(new_id, resealed, sorted(retired))
