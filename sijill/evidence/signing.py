"""The organisation's package-signing key: Ed25519, kept under SIJILL_HOME/keys.

Every evidence package is signed with it (`SHA256SUMS.sig`, over `SHA256SUMS`, which lists the
hash of the manifest and of every other file), and carries the public key; a partner checks the
signature with the standalone verifier and compares the key's fingerprint with the one the
organisation gave them. The key is made on first use, like the field keys, and must be backed up
with them (`sijill keys backup` copies the whole folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sijill.security.crypto import keys_dir

from .package_verify import key_fingerprint

KEY_FILE = "package-signing.ed25519.pem"


def _key_path() -> Path:
    return Path(keys_dir()) / KEY_FILE


def signing_key() -> Ed25519PrivateKey:
    """The organisation's signing key, created (0600, never replaced) on first use."""
    path = _key_path()
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use that one
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(pem)
                fh.flush()
                os.fsync(fh.fileno())
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key.")
    return key


def public_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def fingerprint(key: Ed25519PrivateKey | None = None) -> str:
    """SHA-256 of the raw public key, as the verifier prints it."""
    key = key or signing_key()
    return key_fingerprint(key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
