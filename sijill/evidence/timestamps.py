"""RFC 3161 trusted timestamps: ask a time-stamping authority, and check its tokens offline.

No Django here. Requests and tokens are built and read with asn1crypto. The token's RSA
(PKCS#1 v1.5) signature is checked against the TSA certificate carried in the token with plain
integer arithmetic, so verification needs no network and no native crypto library; tokens
signed with other algorithms are reported as not verifiable offline rather than accepted.
"""

from __future__ import annotations

import hashlib
import secrets
import urllib.request
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, tsp

TIMEOUT = 20
# DER prefixes of DigestInfo (RFC 8017, 9.2 note 1) for the digests a TSA signs with.
_DIGEST_INFO = {
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}


class TimestampError(Exception):
    """The authority could not be reached or refused; the request stays queued."""


class TokenInvalid(Exception):
    """A stored token does not prove what it claims."""


@dataclass(frozen=True)
class TokenFacts:
    gen_time: datetime
    serial: int
    tsa: str
    cert_sha256: str


def build_request(sha256_hex: str, nonce: int | None = None) -> tuple[bytes, int]:
    """A DER TimeStampReq for a SHA-256 digest, asking for the TSA certificate; (request, nonce)."""
    nonce = nonce if nonce is not None else secrets.randbits(63)
    request = tsp.TimeStampReq({
        "version": 1,
        "message_imprint": {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": bytes.fromhex(sha256_hex)},
        "nonce": nonce,
        "cert_req": True,
    })
    return request.dump(), nonce


def request_token(url: str, sha256_hex: str, *, timeout: float = TIMEOUT) -> bytes:
    """POST a request to the authority and return the DER timestamp token, checked against the digest."""
    body, nonce = build_request(sha256_hex)
    http = urllib.request.Request(url, data=body, headers={"Content-Type": "application/timestamp-query"})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as answer:  # noqa: S310 - URL set by the admin
            data = answer.read(1024 * 1024)
    except OSError as exc:
        raise TimestampError(f"The time-stamping authority at {url} did not answer ({exc}).") from exc
    try:
        response = tsp.TimeStampResp.load(data)
        status = response["status"]["status"].native
    except Exception as exc:  # noqa: BLE001 - any parse failure means a bad answer
        raise TimestampError(f"The authority's answer is not a timestamp response ({exc}).") from exc
    if status not in ("granted", "granted_with_mods"):
        raise TimestampError(f"The authority refused the request ({status}).")
    token = response["time_stamp_token"].dump()
    tst = _tst_info(cms.ContentInfo.load(token))
    if tst["nonce"].native != nonce:
        raise TimestampError("The authority's answer does not carry our nonce.")
    verify_token(token, sha256_hex)
    return token


def _tst_info(content_info: cms.ContentInfo) -> tsp.TSTInfo:
    signed = content_info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].native != "tst_info":
        raise TokenInvalid("The token does not hold timestamp information.")
    return encap["content"].parsed


def _rsa_pkcs1_verify(n: int, e: int, signature: bytes, digest_name: str, digest: bytes) -> bool:
    k = (n.bit_length() + 7) // 8
    if len(signature) != k or digest_name not in _DIGEST_INFO:
        return False
    em = pow(int.from_bytes(signature, "big"), e, n).to_bytes(k, "big")
    suffix = _DIGEST_INFO[digest_name] + digest
    expected = b"\x00\x01" + b"\xff" * (k - len(suffix) - 3) + b"\x00" + suffix
    return secrets.compare_digest(em, expected)


def verify_token(token: bytes, sha256_hex: str) -> TokenFacts:
    """Check a token offline: it timestamps this digest and is signed by the certificate it carries."""
    try:
        content_info = cms.ContentInfo.load(token)
        signed = content_info["content"]
        tst = _tst_info(content_info)
        imprint = tst["message_imprint"]
        if imprint["hash_algorithm"]["algorithm"].native != "sha256" or imprint["hashed_message"].native != bytes.fromhex(sha256_hex):
            raise TokenInvalid("The token timestamps a different file (its message imprint differs).")
        signer = signed["signer_infos"][0]
        digest_name = signer["digest_algorithm"]["algorithm"].native
        if digest_name not in _DIGEST_INFO:
            raise TokenInvalid(f"Digest {digest_name} is not verifiable offline.")
        tst_der = signed["encap_content_info"]["content"].contents
        attrs = {a["type"].native: a["values"][0].native for a in signer["signed_attrs"]}
        if attrs.get("message_digest") != hashlib.new(digest_name, tst_der).digest():
            raise TokenInvalid("The signed digest does not match the timestamp information.")
        sid = signer["sid"].chosen
        cert = next(
            (c.chosen for c in signed["certificates"] or []
             if c.name == "certificate" and c.chosen.issuer == sid["issuer"] and c.chosen.serial_number == sid["serial_number"].native),
            None,
        )
        if cert is None:
            raise TokenInvalid("The token does not carry the authority's certificate.")
        if signer["signature_algorithm"].signature_algo != "rsassa_pkcs1v15" or cert.public_key.algorithm != "rsa":
            raise TokenInvalid("Only RSA-signed tokens are verifiable offline.")
        key = cert.public_key["public_key"].parsed
        signed_attrs = b"\x31" + signer["signed_attrs"].dump()[1:]  # signature covers them as a SET
        digest = hashlib.new(digest_name, signed_attrs).digest()
        if not _rsa_pkcs1_verify(key["modulus"].native, key["public_exponent"].native,
                                 signer["signature"].native, digest_name, digest):
            raise TokenInvalid("The authority's signature does not verify.")
        return TokenFacts(
            gen_time=tst["gen_time"].native, serial=tst["serial_number"].native,
            tsa=cert.subject.human_friendly, cert_sha256=hashlib.sha256(cert.dump()).hexdigest(),
        )
    except TokenInvalid:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed DER of any kind
        raise TokenInvalid(f"The token is malformed ({exc}).") from None
