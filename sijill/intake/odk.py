"""Encrypted ODK submissions: decrypt them with the form's private key, turn them into rows.

The documented ODK scheme (Collect, Enketo, Central, Briefcase): each submission folder holds a
manifest `submission.xml` (root `data encrypted="yes"`) with the 256-bit AES key wrapped by
the form's RSA public key (`base64EncryptedKey`, RSA-OAEP with SHA-256 and MGF1-SHA-1), the
`instanceID`, the encrypted media files in order and `encryptedXmlFile` (submission.xml.enc).
Every file is AES-256-CFB with PKCS5 padding; the IV seed is MD5(instanceID + key) and, before
each file (media first, in manifest order, the submission XML last), one byte of the seed is
incremented, byte i mod 16 for the i-th file.

Plain Python over `cryptography`, no Django import.
"""

from __future__ import annotations

import base64
import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asymmetric
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

try:  # cryptography >= 43 keeps CFB among the "decrepit" modes; ODK still uses it
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # pragma: no cover - older cryptography
    from cryptography.hazmat.primitives.ciphers.modes import CFB

MANIFEST = "submission.xml"
# Repeat groups of the Sijill form: always a list, even with one entry.
REPEATS = {"victims"}


class DecryptionProblem(Exception):
    """A submission cannot be decrypted: wrong key, damaged or missing file."""


@dataclass
class Submission:
    instance_id: str
    xml: bytes
    media: dict[str, bytes] = field(default_factory=dict)  # original file name -> bytes


def private_key_load(path: str | Path, passphrase: bytes | None = None):
    try:
        return serialization.load_pem_private_key(Path(path).read_bytes(), password=passphrase)
    except (ValueError, TypeError, OSError) as exc:
        raise DecryptionProblem(f"{path}: not a readable PEM private key ({exc}).") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(root, name: str):
    for element in root.iter():
        if _local(element.tag) == name:
            return element
    return None


class IVSequence:
    """The per-file IVs of one submission."""

    def __init__(self, instance_id: str, key: bytes):
        self.seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + key).digest())  # noqa: S324 - the spec's
        self.counter = 0

    def next(self) -> bytes:
        i = self.counter % len(self.seed)
        self.seed[i] = (self.seed[i] + 1) % 256
        self.counter += 1
        return bytes(self.seed)


def _unwrap(private_key, wrapped: bytes) -> bytes:
    # MGF1 over SHA-1 is what Java's OAEPWithSHA-256AndMGF1Padding does; SHA-256 is accepted too.
    for mgf in (hashes.SHA1(), hashes.SHA256()):  # noqa: S303
        try:
            return private_key.decrypt(wrapped, asymmetric.OAEP(mgf=asymmetric.MGF1(mgf), algorithm=hashes.SHA256(),
                                                                label=None))
        except ValueError:
            continue
    raise DecryptionProblem("the submission key does not open with this private key (wrong key?)")


def _decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise DecryptionProblem("bad padding: the file is damaged or the IV sequence does not match") from exc


def submission_decrypt(folder: str | Path, private_key) -> Submission:
    """Decrypt one submission folder (its manifest, submission.xml.enc and media .enc files)."""
    folder = Path(folder)
    try:
        root = ET.parse(folder / MANIFEST).getroot()
    except (ET.ParseError, OSError) as exc:
        raise DecryptionProblem(f"{folder}: unreadable manifest ({exc}).") from exc
    key_element, instance = _find(root, "base64EncryptedKey"), _find(root, "instanceID")
    xml_element = _find(root, "encryptedXmlFile")
    if key_element is None or instance is None or xml_element is None:
        raise DecryptionProblem(f"{folder}: the manifest lacks the key, the instanceID or the encrypted file name.")
    instance_id = (instance.text or "").strip()
    key = _unwrap(private_key, base64.b64decode(key_element.text or ""))
    ivs = IVSequence(instance_id, key)
    media = {}
    for element in root.iter():
        if _local(element.tag) == "file" and element.text:
            name = element.text.strip()
            try:
                data = (folder / name).read_bytes()
            except OSError as exc:
                raise DecryptionProblem(f"{folder}: missing media file {name}.") from exc
            media[name.removesuffix(".enc")] = _decrypt(key, ivs.next(), data)
    try:
        encrypted = (folder / xml_element.text.strip()).read_bytes()
    except OSError as exc:
        raise DecryptionProblem(f"{folder}: missing {xml_element.text}.") from exc
    return Submission(instance_id=instance_id, xml=_decrypt(key, ivs.next(), encrypted), media=media)


def _element_values(element, prefix: str) -> dict:
    out: dict = {}
    seen: dict[str, int] = {}
    for child in element:
        seen[_local(child.tag)] = seen.get(_local(child.tag), 0) + 1
    for child in element:
        name = _local(child.tag)
        path = f"{prefix}{name}"
        if len(child):
            if name in REPEATS or seen[name] > 1:
                out.setdefault(name, []).append(_element_values(child, f"{name}/"))
            else:
                out.update(_element_values(child, f"{path}/"))
        else:
            out[path] = (child.text or "").strip()
    return out


def submission_row(xml: bytes) -> dict:
    """A decrypted submission as the flat row a KoboToolbox JSON export gives: "group/field" keys."""
    root = ET.fromstring(xml)
    return _element_values(root, "")


def export_decrypt(source: str | Path, private_key, out_dir: str | Path) -> tuple[Path, int]:
    """Decrypt every encrypted submission under `source` into `out_dir`/submissions.jsonl.

    Media go to `out_dir`/<instance>/<name>, where the importer finds them beside the rows.
    Returns the JSON Lines file and the number of submissions.
    """
    source, out_dir = Path(source), Path(out_dir)
    manifests = sorted(p for p in ([source] if source.is_file() else source.rglob(MANIFEST))
                       if p.name == MANIFEST and (p.parent / f"{MANIFEST}.enc").exists()
                       or p.name == MANIFEST and b'encrypted="yes"' in p.read_bytes())
    if not manifests:
        raise DecryptionProblem(f"{source}: no encrypted submissions (submission.xml with submission.xml.enc).")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "submissions.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        for manifest in manifests:
            submission = submission_decrypt(manifest.parent, private_key)
            row = submission_row(submission.xml)
            row.setdefault("meta/instanceID", submission.instance_id)
            folder = out_dir / submission.instance_id.replace(":", "_").replace("/", "_")
            for name, data in submission.media.items():
                folder.mkdir(exist_ok=True)
                (folder / Path(name).name).write_bytes(data)
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return path, len(manifests)
