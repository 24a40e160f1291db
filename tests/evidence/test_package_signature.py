"""Packages are signed with the organisation's Ed25519 key (kept under the keys folder); the
standalone verifier checks the signature with the public key in the package, prints its
fingerprint, and any change to the package fails it."""

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from sijill.evidence import signing
from sijill.evidence.package_verify import PUBLIC_KEY, SIGNATURE, SUMS, check_package, ed25519_ok
from sijill.evidence.packages import package_build
from sijill.evidence.services import evidence_add

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


def test_the_pure_python_ed25519_check_agrees_with_cryptography():
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes_raw()
    for message in (b"", b"SHA256SUMS listing", os.urandom(1000)):
        signature = key.sign(message)
        assert ed25519_ok(raw, message, signature)
        assert not ed25519_ok(raw, message + b"x", signature)
        assert not ed25519_ok(raw, message, signature[:-1] + bytes([signature[-1] ^ 1]))
    assert not ed25519_ok(Ed25519PrivateKey.generate().public_key().public_bytes_raw(), b"", key.sign(b""))


def test_rfc_8032_test_vector_1():
    public = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    signature = bytes.fromhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
                              "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    assert ed25519_ok(public, b"", signature)


def test_the_key_is_made_once_under_the_keys_folder_and_kept_private(settings):
    first = signing.fingerprint()
    path = Path(settings.SIJILL_KEYS_DIR) / signing.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.fingerprint() == first and len(first.replace(" ", "")) == 64


@pytest.fixture
def package(analyst, tmp_path):
    for data, name in ((jpeg_bytes(), "a.jpg"), (jpeg_bytes(pattern=1), "b.jpg")):
        evidence_add(user=analyst, stream=io.BytesIO(data), filename=name)
    out = tmp_path / "package.zip"
    call_command("evidence", "package", "--items", _ids(), "-o", str(out), "--no-pdf",
                 "--user", analyst.username)
    return out


def _ids() -> str:
    from sijill.evidence.models import EvidenceItem

    return ",".join(str(pk) for pk in EvidenceItem.objects.values_list("pk", flat=True))


def _standalone(zip_path, folder, *extra):
    with zipfile.ZipFile(zip_path) as archive:
        (folder / "verify_package.py").write_bytes(archive.read("verify_package.py"))
    return subprocess.run([sys.executable, "-I", "verify_package.py", str(zip_path), *extra], cwd=folder,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})


def test_a_signed_package_verifies_and_names_the_organisation_key(package, tmp_path, capsys):
    fingerprint = signing.fingerprint()
    assert check_package(str(package)).key == fingerprint
    done = _standalone(package, tmp_path)
    assert done.returncode == 0, done.stdout
    assert f"Signed by the key with SHA-256 fingerprint {fingerprint}" in done.stdout
    assert _standalone(package, tmp_path, "--key", fingerprint.replace(" ", "")).returncode == 0
    call_command("evidence", "key")
    assert fingerprint in capsys.readouterr().out


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info.filename))
            if data is not None:
                new.writestr(info, data)


def test_a_changed_listing_or_signature_fails_even_when_every_sum_matches(package, tmp_path):
    # Drop a line from SHA256SUMS together with its file: the sums still match, the signature does not.
    with zipfile.ZipFile(package) as archive:
        listing = archive.read(SUMS).decode().splitlines(keepends=True)
    dropped = next(line for line in listing if "originals/" in line)
    removed_name = dropped.split("  ", 1)[1].strip()
    shorter = tmp_path / "shorter.zip"
    _rewrite(package, shorter, lambda n, d: None if n == removed_name else
             "".join(x for x in listing if x != dropped).encode() if n == SUMS else d)
    problems = check_package(str(shorter)).problems
    assert any(f"{SIGNATURE}: the signature does not verify" in p for p in problems), problems
    assert _standalone(shorter, tmp_path).returncode == 1

    unsigned = tmp_path / "unsigned.zip"
    _rewrite(package, unsigned, lambda n, d: None if n == SIGNATURE else d)
    assert any("not signed" in p for p in check_package(str(unsigned)).problems)


def test_a_package_re_signed_with_another_key_fails_against_the_organisation_fingerprint(package, tmp_path):
    from cryptography.hazmat.primitives import serialization

    impostor = Ed25519PrivateKey.generate()
    with zipfile.ZipFile(package) as archive:
        listing = archive.read(SUMS)
    pem = impostor.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    forged = tmp_path / "forged.zip"
    _rewrite(package, forged, lambda n, d: impostor.sign(listing) if n == SIGNATURE else pem if n == PUBLIC_KEY else d)
    report = check_package(str(forged), signing.fingerprint())
    assert any("not by the expected" in p or "SHA-256 differs" in p for p in report.problems), report.problems
    assert _standalone(forged, tmp_path, "--key", signing.fingerprint()).returncode == 1


def test_verify_package_command_checks_the_expected_key(package, capsys):
    call_command("evidence", "verify-package", str(package), "--key", signing.fingerprint())
    assert "Signed by the key" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("evidence", "verify-package", str(package), "--key", "ab" * 32)
    assert "not by the expected" in capsys.readouterr().err


def test_the_package_build_signs_with_the_same_key_each_time(analyst, tmp_path):
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="a.jpg").item
    keys = {package_build(user=analyst, out=tmp_path / f"p{n}.zip", item_ids=[item.pk], pdf=False)["signature"]["key_sha256"]
            for n in range(2)}
    assert keys == {signing.fingerprint()}
