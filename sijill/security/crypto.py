"""Field encryption: AES-256-GCM with keys kept outside the database.

A sealed value reads ``sj1.<key id>.<base64url(nonce | ciphertext | tag)>``. The key id in the
token is what lets `sijill keys rotate` re-encrypt field by field while old tokens still open.
The caller's *context* (for example ``"sources.Source:42:witness_name"``) is bound as associated
data: a token copied into another record or another field fails to open instead of showing the
wrong person's name.

Keys live in SIJILL_HOME/keys (or SIJILL_KEYS_DIR), a 0700 folder of 0600 files:

    field-<id>.key   32 random bytes, base64; one file per key generation
    current          the id new values are sealed with
    index.key        the key for blind indexes (exact search over sealed names)

They are created on first use, so a laptop install needs no setup; what the admin must do is
back them up (`sijill keys backup`) because a database without its keys cannot be read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TOKEN_PREFIX = "sj1"
_AAD_PREFIX = b"sijill-field-v1\x00"
_lock = threading.Lock()
_cache: dict[str, dict] = {}


class KeyUnavailable(Exception):
    """A key is missing or unreadable; the message says which file and what to do."""


class DecryptionFailed(Exception):
    """A sealed value could not be opened: wrong key, wrong record or tampered bytes."""


def keys_dir() -> Path:
    """The folder holding the field keys: SIJILL_KEYS_DIR, else SIJILL_HOME/keys."""
    from django.conf import settings

    given = getattr(settings, "SIJILL_KEYS_DIR", None) or os.environ.get("SIJILL_KEYS_DIR")
    return Path(given) if given else Path(settings.SIJILL_HOME) / "keys"


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _write_private(path: Path, data: bytes) -> None:
    """Create *path* with mode 0600 and *data*; never replaces an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _ensure_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def _read_key(path: Path) -> bytes:
    try:
        raw = _b64d(path.read_text().strip())
    except OSError as exc:
        raise KeyUnavailable(f"Cannot read key file {path}: {exc.strerror}. Restore it from a key backup "
                        "(`sijill keys recover`).") from None
    if len(raw) != 32:
        raise KeyUnavailable(f"Key file {path} does not hold a 256-bit key; restore it from a key backup.")
    return raw


def key_create(folder: Path | None = None) -> str:
    """Write a new field key and return its id; it does not become current by itself."""
    folder = folder or keys_dir()
    _ensure_dir(folder)
    while True:
        kid = secrets.token_hex(4)
        try:
            _write_private(folder / f"field-{kid}.key", _b64e(secrets.token_bytes(32)).encode() + b"\n")
            return kid
        except FileExistsError:
            continue


def key_set_current(kid: str, folder: Path | None = None) -> None:
    """Make *kid* the key new values are sealed with (atomic replace of the `current` file)."""
    folder = folder or keys_dir()
    _read_key(folder / f"field-{kid}.key")
    tmp = folder / f".current.{secrets.token_hex(4)}"
    _write_private(tmp, kid.encode() + b"\n")
    os.replace(tmp, folder / "current")
    keyring_reset()


def _bootstrap(folder: Path) -> None:
    """First use: create a field key, the `current` pointer and the index key.

    Two processes starting at once both write a key file, but only one wins the link to
    `current` (link fails when the name exists); the loser removes its unused key.
    """
    _ensure_dir(folder)
    if not (folder / "current").exists():
        kid = key_create(folder)
        tmp = folder / f".current.{kid}"
        _write_private(tmp, kid.encode() + b"\n")
        try:
            os.link(tmp, folder / "current")
        except FileExistsError:
            (folder / f"field-{kid}.key").unlink(missing_ok=True)
        finally:
            tmp.unlink(missing_ok=True)
    if not (folder / "index.key").exists():
        try:
            _write_private(folder / "index.key", _b64e(secrets.token_bytes(32)).encode() + b"\n")
        except FileExistsError:
            pass


def keyring(folder: Path | None = None) -> dict:
    """{"current": id, "keys": {id: bytes}, "index": bytes} for *folder*, created on first use."""
    folder = folder or keys_dir()
    name = str(folder)
    with _lock:
        ring = _cache.get(name)
        if ring is not None:
            return ring
        _bootstrap(folder)
        current = (folder / "current").read_text().strip()
        keys = {p.name[len("field-"):-len(".key")]: _read_key(p) for p in folder.glob("field-*.key")}
        if current not in keys:
            raise KeyUnavailable(f"The current key {current!r} named in {folder / 'current'} is missing; "
                            "restore it from a key backup (`sijill keys recover`).")
        ring = {"current": current, "keys": keys, "index": _read_key(folder / "index.key"), "dir": folder}
        _cache[name] = ring
        return ring


def keyring_reset() -> None:
    """Forget loaded keys (after rotation, recovery, or a change of SIJILL_HOME in tests)."""
    with _lock:
        _cache.clear()


def _aad(context: str) -> bytes:
    return _AAD_PREFIX + context.encode("utf-8")


def encrypt_text(plaintext: str, *, context: str) -> str:
    """Seal *plaintext* for the place named by *context*; "" stays "" (nothing to hide)."""
    if plaintext is None or plaintext == "":
        return ""
    ring = keyring()
    kid = ring["current"]
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(ring["keys"][kid]).encrypt(nonce, plaintext.encode("utf-8"), _aad(context))
    return f"{TOKEN_PREFIX}.{kid}.{_b64e(nonce + sealed)}"


def token_key_id(token: str) -> str | None:
    """The key id a token was sealed with, or None for "" and non-tokens."""
    parts = token.split(".", 2) if token else []
    return parts[1] if len(parts) == 3 and parts[0] == TOKEN_PREFIX else None


def is_token(value) -> bool:
    return isinstance(value, str) and token_key_id(value) is not None


def decrypt_text(token: str, *, context: str) -> str:
    """Open a token sealed by `encrypt_text` for the same *context*; raise DecryptionFailed."""
    if token is None or token == "":
        return ""
    kid = token_key_id(token)
    if kid is None:
        raise DecryptionFailed(f"{context}: the stored value is not a Sijill encrypted token.")
    ring = keyring()
    key = ring["keys"].get(kid)
    if key is None:
        keyring_reset()  # another process may have rotated; look again once
        ring = keyring()
        key = ring["keys"].get(kid)
    if key is None:
        raise DecryptionFailed(
            f"{context}: sealed with key {kid}, which is not in {ring['dir']}. "
            "Restore the keys folder from a key backup (`sijill keys recover`)."
        )
    try:
        raw = _b64d(token.split(".", 2)[2])
        plain = AESGCM(key).decrypt(raw[:12], raw[12:], _aad(context))
    except (InvalidTag, ValueError):
        raise DecryptionFailed(
            f"{context}: the value does not open with key {kid}; it was altered or belongs to "
            "another record."
        ) from None
    return plain.decode("utf-8")


def search_normal(value: str) -> str:
    """The form a name is compared in for exact search: the project's one normaliser (Arabic
    letter variants and diacritics folded, case-folded, spaces collapsed)."""
    from sijill.text.normalise import normalise

    return normalise(value)


def blind_index(value: str, *, context: str) -> str:
    """Keyed HMAC-SHA256 of the normalised *value*: equal names give equal indexes, and the
    index reveals nothing without the index key. *context* (e.g. "sources.Source.witness_name")
    keeps indexes of different fields apart. "" for an empty value."""
    normal = search_normal(value)
    if not normal:
        return ""
    key = keyring()["index"]
    return hmac.new(key, context.encode("utf-8") + b"\x00" + normal.encode("utf-8"), hashlib.sha256).hexdigest()


def sealed_fingerprint(value: str, *, context: str) -> str:
    """What audit snapshots hold for an encrypted field: "" when empty, else a short keyed
    fingerprint that changes when the value changes and reveals nothing without the index key."""
    if not value:
        return ""
    return "sealed:" + blind_index(value, context="audit:" + context)[:16]
