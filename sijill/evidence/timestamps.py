"""RFC 3161 trusted timestamps: ask a time-stamping authority, and check its tokens offline.

Requests are built and answers read with asn1crypto. Tokens are checked by the standalone
package verifier's code (RSA, ECDSA P-256/P-384 and Ed25519 in plain integer arithmetic), so
verification needs no network and no native crypto library.
"""

from __future__ import annotations

import secrets
import urllib.request

from asn1crypto import cms, tsp

from .package_verify import TokenFacts, TokenInvalid, check_token, pem_certificates

TIMEOUT = 20


class TimestampError(Exception):
    """The authority could not be reached or refused; the request stays queued."""


__all__ = ["TimestampError", "TokenFacts", "TokenInvalid", "build_request", "request_token", "verify_token"]


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


def verify_token(token: bytes, sha256_hex: str, *, certificates=(), require_root: bool = False) -> TokenFacts:
    """Check a token offline: it timestamps this digest and is signed by its authority's certificate.

    The one implementation is the package verifier's (`package_verify.check_token`), so a token
    accepted here is accepted by a partner's copy of the verifier too. With `require_root`, the
    authority's certificate must also chain to a root among `certificates` or the token's own.
    """
    return check_token(token, sha256_hex, certificates=certificates, require_root=require_root)


def chain_certificates() -> list[bytes]:
    """The TSA's CA certificates (DER) from the PEM file SIJILL_TSA_CERTS, for packages and checks."""
    from django.conf import settings

    path = getattr(settings, "SIJILL_TSA_CERTS", "")
    if not path:
        return []
    with open(path, encoding="ascii") as fh:
        return pem_certificates(fh.read())
