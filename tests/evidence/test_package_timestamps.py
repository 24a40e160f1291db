"""The standalone verifier checks each item's RFC 3161 token offline: the imprint is the item's
hash and the signature verifies through the authority's certificate chain carried in the package."""

import base64
import hashlib
import io
import json
import subprocess
import sys
import zipfile

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID

from sijill.evidence.package_verify import (
    TokenInvalid,
    check_package,
    check_token,
    pem_certificates,
)
from sijill.evidence.packages import package_build
from sijill.evidence.services import evidence_add

from .conftest import jpeg_bytes, pdf_bytes
from .tsa_server import TestAuthority

pytestmark = pytest.mark.django_db

DIGEST = hashlib.sha256(b"the original").hexdigest()


def _chain(authority) -> list:
    return pem_certificates(authority.chain_pem.decode())


def _fingerprint(cert) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


@pytest.mark.parametrize("key_type", ["ec", "rsa"])
def test_a_token_of_a_real_authority_verifies_offline_to_its_root(key_type):
    authority = TestAuthority(key_type=key_type)
    facts = check_token(authority.token_for(DIGEST), DIGEST, certificates=_chain(authority))
    assert facts.tsa == "CN=Sijill test TSA, O=Sijill tests"
    assert facts.root_sha256 == _fingerprint(authority.ca_cert)
    assert facts.cert_sha256 == _fingerprint(authority.cert)


def test_a_token_is_invalid_for_another_file():
    authority = TestAuthority()
    with pytest.raises(TokenInvalid, match="timestamps a different file"):
        check_token(authority.token_for(DIGEST), hashlib.sha256(b"another").hexdigest(), certificates=_chain(authority))


def test_a_token_without_its_root_in_the_package_is_invalid():
    authority = TestAuthority()
    with pytest.raises(TokenInvalid, match="does not reach a root certificate"):
        check_token(authority.token_for(DIGEST), DIGEST)
    other_ca = TestAuthority().chain_pem.decode()
    with pytest.raises(TokenInvalid, match="does not reach a root certificate"):
        check_token(authority.token_for(DIGEST), DIGEST, certificates=pem_certificates(other_ca))


def test_a_signing_certificate_not_for_time_stamping_is_refused():
    authority = TestAuthority(purpose=ExtendedKeyUsageOID.CODE_SIGNING)
    with pytest.raises(TokenInvalid, match="not for time stamping"):
        check_token(authority.token_for(DIGEST), DIGEST, certificates=_chain(authority))


def test_a_tampered_token_is_invalid():
    authority = TestAuthority(key_type="rsa")
    token = authority.token_for(DIGEST)
    signature_byte = bytearray(token)
    signature_byte[-5] ^= 0x01  # inside the signature, the last field of the token
    with pytest.raises(TokenInvalid, match="signature does not verify"):
        check_token(bytes(signature_byte), DIGEST, certificates=_chain(authority))
    field = token.index(b"\x02\x01\x01")  # INTEGER 1: the timestamp information's version
    altered = token[:field] + b"\x02\x01\x07" + token[field + 3:]
    with pytest.raises(TokenInvalid, match="signed digest does not match"):
        check_token(altered, DIGEST, certificates=_chain(authority))
    with pytest.raises(TokenInvalid, match="malformed"):
        check_token(token[:100], DIGEST, certificates=_chain(authority))


@pytest.fixture
def stamped_package(analyst, tsa, settings, tmp_path):
    """A package with one timestamped photo and one PDF added while the authority was unset."""
    photo = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename="photo.jpg").item
    settings.SIJILL_TSA_URL = ""
    report = evidence_add(user=analyst, stream=io.BytesIO(pdf_bytes()), filename="report.pdf").item
    out = tmp_path / "package.zip"
    package_build(user=analyst, out=out, item_ids=[photo.pk, report.pk], pdf=False)
    return out, photo, report


def _standalone(zip_path, folder):
    with zipfile.ZipFile(zip_path) as archive:
        (folder / "verify_package.py").write_bytes(archive.read("verify_package.py"))
    return subprocess.run([sys.executable, "-I", "verify_package.py", str(zip_path)], cwd=folder,
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})


def test_the_standalone_verifier_reports_each_item_valid_or_without_token(stamped_package, authority, tmp_path):
    out, photo, report = stamped_package
    done = _standalone(out, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"timestamp of item {photo.uid}: valid (stamped " in done.stdout
    assert f"chain root SHA-256 {_fingerprint(authority[0].ca_cert)}" in done.stdout
    assert f"timestamp of item {report.uid}: no token" in done.stdout


def _forge_token(source, target, uid, token: bytes):
    """Replace one item's token and re-write SHA256SUMS to match, so only the token can betray it."""
    with zipfile.ZipFile(source) as old:
        manifest = json.loads(old.read("manifest.json"))
        for item in manifest["items"]:
            if item["uid"] == uid:
                item["timestamp"]["token_der_base64"] = base64.b64encode(token).decode()
        blobs = {info.filename: old.read(info.filename) for info in old.infolist()}
    blobs["manifest.json"] = json.dumps(manifest).encode()
    blobs["SHA256SUMS"] = "".join(f"{hashlib.sha256(d).hexdigest()}  {n}\n" for n, d in sorted(blobs.items())
                                  if n not in ("SHA256SUMS", "SHA256SUMS.sig")).encode()
    with zipfile.ZipFile(target, "w") as new:
        for name, data in blobs.items():
            new.writestr(name, data)


def _token_result(path, uid):
    return next(r for r in check_package(str(path)).timestamps if r[0] == uid)


def test_a_tampered_or_swapped_token_in_the_package_is_invalid_and_named(stamped_package, authority, tmp_path):
    out, photo, _ = stamped_package
    photo.refresh_from_db()
    token = bytearray(photo.timestamp_token)
    token[-5] ^= 0x01
    _forge_token(out, tmp_path / "tampered.zip", str(photo.uid), bytes(token))
    uid, status, why = _token_result(tmp_path / "tampered.zip", str(photo.uid))
    assert status == "invalid" and "signature does not verify" in why
    done = _standalone(tmp_path / "tampered.zip", tmp_path)
    assert done.returncode == 1 and f"FAIL item {photo.uid}: timestamp token invalid" in done.stdout

    other = authority[0].token_for(hashlib.sha256(b"a different original").hexdigest())
    _forge_token(out, tmp_path / "swapped.zip", str(photo.uid), other)
    assert "timestamps a different file" in _token_result(tmp_path / "swapped.zip", str(photo.uid))[2]

    rogue = TestAuthority().token_for(photo.sha256)  # right file, an authority the package does not vouch for
    _forge_token(out, tmp_path / "rogue.zip", str(photo.uid), rogue)
    assert "does not reach a root certificate" in _token_result(tmp_path / "rogue.zip", str(photo.uid))[2]
