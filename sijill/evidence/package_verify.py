#!/usr/bin/env python3
"""Verify a Sijill evidence package with nothing but Python 3.8+ and this file.

    python3 verify_package.py PACKAGE.zip [--key FINGERPRINT]

Checks, without any database or Sijill install:
  0. SHA256SUMS.sig is the organisation's Ed25519 signature of SHA256SUMS, by the public key in
     signature/organisation-key.pem; its fingerprint is printed (and must equal --key if given);
  1. every file in the ZIP is listed in SHA256SUMS with the right SHA-256, and none is missing
     or added (SHA256SUMS also works with `sha256sum -c` after unzipping);
  2. every original's SHA-256 and SHA-512 equal those in manifest.json;
  3. every item's custody log is an unbroken hash chain (each event's hash covers the one before);
  4. every item's RFC 3161 timestamp token timestamps that original (its message imprint is the
     original's hash) and is signed by the authority's certificate, which chains to a root in
     timestamps/tsa-certificates.pem; each item is reported valid, no token, or invalid and why.
     Compare the root's SHA-256 printed with the one the authority publishes.
Exit status 0 when all hold; otherwise 1, naming each file, item and event that fails.

This file is also the one implementation of the custody-event hash inside Sijill
(sijill/evidence/package_verify.py), so the package is checked by the same code that wrote it.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import sys
import zipfile

GENESIS = "0" * 64
SUMS = "SHA256SUMS"
MANIFEST = "manifest.json"
TSA_CERTIFICATES = "timestamps/tsa-certificates.pem"  # the time-stamping authorities' chains
PUBLIC_KEY = "signature/organisation-key.pem"  # the Ed25519 key that signed SHA256SUMS
SIGNATURE = "SHA256SUMS.sig"  # raw Ed25519 signature of the bytes of SHA256SUMS
CHUNK = 1024 * 1024


def canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def custody_event_hash(*, prev_hash: str, item: str, seq: int, at: str, actor: str, action: str, details: dict) -> str:
    """SHA-256 of the previous event's hash and this event's canonical JSON."""
    body = canonical({"item": item, "seq": seq, "at": at, "actor": actor, "action": action, "details": details})
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def chain_problems(item: str, events: list) -> list:
    """What is wrong with one item's custody log (events as dicts in stored order); [] when intact."""
    problems = []
    prev_hash = GENESIS
    for position, event in enumerate(events, start=1):
        seq = event.get("seq")
        where = f"item {item}, custody event #{seq}"
        if seq != position:
            problems.append(f"{where}: out of order or missing (expected #{position})")
        if event.get("prev_hash") != prev_hash:
            problems.append(f"{where}: does not link to the event before it")
        digest = custody_event_hash(
            prev_hash=event.get("prev_hash", ""), item=item, seq=seq, at=event.get("at"),
            actor=event.get("actor", ""), action=event.get("action"), details=event.get("details") or {},
        )
        if digest != event.get("hash"):
            problems.append(f"{where}: content was changed after it was written")
        prev_hash = event.get("hash")
    return problems


# --- DER, just enough to read RFC 3161 tokens and X.509 certificates -------------------------


class DerError(ValueError):
    """Bytes that are not the DER structure expected."""


class Node:
    """One DER element: its tag, its content bytes and its whole encoding (`raw`)."""

    __slots__ = ("tag_class", "constructed", "number", "content", "raw")

    def __init__(self, tag_class, constructed, number, content, raw):
        self.tag_class, self.constructed, self.number, self.content, self.raw = tag_class, constructed, number, content, raw

    def children(self) -> list:
        if not self.constructed:
            raise DerError("a primitive element has no children")
        found, pos = [], 0
        while pos < len(self.content):
            node, pos = der_read(self.content, pos)
            found.append(node)
        return found

    def is_context(self, number: int) -> bool:
        return self.tag_class == 2 and self.number == number


def der_read(data: bytes, pos: int = 0) -> tuple:
    """The element starting at `pos` and the position after it."""
    start = pos
    if pos + 2 > len(data):
        raise DerError("truncated")
    first = data[pos]
    number = first & 0x1F
    if number == 0x1F:
        raise DerError("multi-byte tags are not used by these structures")
    length = data[pos + 1]
    pos += 2
    if length == 0x80:
        raise DerError("indefinite length (BER) is not DER")
    if length & 0x80:
        count = length & 0x7F
        if count > 4 or pos + count > len(data):
            raise DerError("bad length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise DerError("truncated")
    node = Node(first >> 6, bool(first & 0x20), number, data[pos:pos + length], data[start:pos + length])
    return node, pos + length


def der_parse(data: bytes) -> Node:
    node, end = der_read(data, 0)
    if end != len(data):
        raise DerError("trailing bytes after the structure")
    return node


def _oid(node: Node) -> str:
    if node.tag_class != 0 or node.number != 6:
        raise DerError("expected an object identifier")
    parts, value = [], 0
    for byte in node.content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(value)
            value = 0
    first = min(parts[0] // 40, 2)
    return ".".join(str(p) for p in [first, parts[0] - 40 * first] + parts[1:])


def _int(node: Node) -> int:
    if node.tag_class != 0 or node.number != 2:
        raise DerError("expected an integer")
    return int.from_bytes(node.content, "big", signed=True)


def _octets(node: Node) -> bytes:
    if node.tag_class != 0 or node.number != 4 or node.constructed:
        raise DerError("expected an octet string")
    return node.content


def _bits(node: Node) -> bytes:
    if node.tag_class != 0 or node.number != 3 or not node.content or node.content[0] != 0:
        raise DerError("expected a bit string of whole bytes")
    return node.content[1:]


def _time(node: Node) -> datetime.datetime:
    text = node.content.decode("ascii")
    if node.number == 23:  # UTCTime, YYMMDDHHMMSSZ
        year = int(text[:2])
        text = str(1900 + year if year >= 50 else 2000 + year) + text[2:]
    elif node.number != 24:
        raise DerError("expected a time")
    if not text.endswith("Z"):
        raise DerError("times must be in UTC")
    whole, _, fraction = text[:-1].partition(".")
    moment = datetime.datetime.strptime(whole, "%Y%m%d%H%M%S").replace(tzinfo=datetime.timezone.utc)  # noqa: UP017 - runs on Python 3.8
    return moment + datetime.timedelta(microseconds=int((fraction + "000000")[:6])) if fraction else moment


_NAME_PARTS = {"2.5.4.3": "CN", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C", "2.5.4.7": "L"}


def _name_text(node: Node) -> str:
    """A distinguished name as 'CN=..., O=...' (only the usual parts)."""
    out = []
    for rdn in node.children():
        for pair in rdn.children():
            oid, value = pair.children()
            if _oid(oid) in _NAME_PARTS:
                codec = "utf-16-be" if value.number == 30 else "latin-1" if value.number == 20 else "utf-8"
                out.append(f"{_NAME_PARTS[_oid(oid)]}={value.content.decode(codec, 'replace')}")
    return ", ".join(out)


# --- signatures, checked with integer arithmetic (no native library) --------------------------

DIGESTS = {"1.3.14.3.2.26": "sha1", "2.16.840.1.101.3.4.2.1": "sha256", "2.16.840.1.101.3.4.2.2": "sha384",
           "2.16.840.1.101.3.4.2.3": "sha512"}
_DIGEST_INFO = {  # DER prefixes of DigestInfo (RFC 8017, 9.2 note 1)
    "sha1": bytes.fromhex("3021300906052b0e03021a05000414"),
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}
_SIGNATURES = {  # signature algorithm -> (key type, digest; None: the digest named beside it)
    "1.2.840.113549.1.1.1": ("rsa", None), "1.2.840.113549.1.1.5": ("rsa", "sha1"),
    "1.2.840.113549.1.1.11": ("rsa", "sha256"), "1.2.840.113549.1.1.12": ("rsa", "sha384"),
    "1.2.840.113549.1.1.13": ("rsa", "sha512"), "1.2.840.10045.2.1": ("ec", None),
    "1.2.840.10045.4.3.2": ("ec", "sha256"), "1.2.840.10045.4.3.3": ("ec", "sha384"),
    "1.2.840.10045.4.3.4": ("ec", "sha512"), "1.3.101.112": ("ed25519", None),
}
_CURVES = {  # NIST P-256 and P-384: (p, b, gx, gy, n); a = -3
    "1.2.840.10045.3.1.7": (
        0xFFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF,
        0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
        0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
        0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5,
        0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551),
    "1.3.132.0.34": (
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFFFF0000000000000000FFFFFFFF,
        0xB3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF,
        0xAA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7,
        0x3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F,
        0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973),
}


def _rsa_ok(key: bytes, digest_name: str, message: bytes, signature: bytes) -> bool:
    n, e = (_int(part) for part in der_parse(key).children())
    k = (n.bit_length() + 7) // 8
    if len(signature) != k or digest_name not in _DIGEST_INFO:
        return False
    em = pow(int.from_bytes(signature, "big"), e, n).to_bytes(k, "big")
    suffix = _DIGEST_INFO[digest_name] + hashlib.new(digest_name, message).digest()
    return hmac.compare_digest(em, b"\x00\x01" + b"\xff" * (k - len(suffix) - 3) + b"\x00" + suffix)


def _ec_add(a, b, p):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % p == 0:
        return None
    if a == b:
        slope = (3 * a[0] * a[0] - 3) * pow(2 * a[1], -1, p) % p
    else:
        slope = (b[1] - a[1]) * pow(b[0] - a[0], -1, p) % p
    x = (slope * slope - a[0] - b[0]) % p
    return x, (slope * (a[0] - x) - a[1]) % p


def _ec_mul(k, point, p):
    result = None
    while k:
        if k & 1:
            result = _ec_add(result, point, p)
        point = _ec_add(point, point, p)
        k >>= 1
    return result


def _ecdsa_ok(curve_oid: str, key: bytes, digest_name: str, message: bytes, signature: bytes) -> bool:
    p, b, gx, gy, n = _CURVES[curve_oid]
    size = (p.bit_length() + 7) // 8
    if len(key) != 1 + 2 * size or key[0] != 4:
        return False
    q = (int.from_bytes(key[1:1 + size], "big"), int.from_bytes(key[1 + size:], "big"))
    if (q[1] * q[1] - q[0] ** 3 + 3 * q[0] - b) % p:
        return False  # not a point of the curve
    r, s = (_int(part) for part in der_parse(signature).children())
    if not (0 < r < n and 0 < s < n):
        return False
    digest = hashlib.new(digest_name, message).digest()
    e = int.from_bytes(digest, "big") >> max(0, 8 * len(digest) - n.bit_length())
    w = pow(s, -1, n)
    point = _ec_add(_ec_mul(e * w % n, (gx, gy), p), _ec_mul(r * w % n, q, p), p)
    return point is not None and point[0] % n == r


# Ed25519 (RFC 8032, section 5.1.7), in extended coordinates.
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, -1, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _ed_x(y: int, sign: int):
    x2 = (y * y - 1) * pow(_D * y * y + 1, -1, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _ed_add(a, b):
    e1 = (a[1] - a[0]) * (b[1] - b[0]) % _P
    e2 = (a[1] + a[0]) * (b[1] + b[0]) % _P
    c, d = 2 * a[3] * b[3] * _D % _P, 2 * a[2] * b[2] % _P
    e, f, g, h = e2 - e1, d - c, d + c, e2 + e1
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _ed_mul(k, point):
    result = (0, 1, 1, 0)
    while k:
        if k & 1:
            result = _ed_add(result, point)
        point = _ed_add(point, point)
        k >>= 1
    return result


def _ed_point(raw: bytes):
    y = int.from_bytes(raw, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _ed_x(y, sign) if y < _P else None
    return None if x is None else (x, y, 1, x * y % _P)


_ED_BASE = _ed_point((4 * pow(5, -1, _P) % _P).to_bytes(32, "little"))


def ed25519_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """An Ed25519 signature check, as RFC 8032 specifies it (slow, and only ever run on a few bytes)."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = _ed_point(public_key), _ed_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    left, right = _ed_mul(s, _ED_BASE), _ed_add(r, _ed_mul(h, a))
    return (left[0] * right[2] - right[0] * left[2]) % _P == 0 and (left[1] * right[2] - right[1] * left[2]) % _P == 0


def key_fingerprint(raw_public_key: bytes) -> str:
    """How a signing key is named to people: the SHA-256 of its 32 raw bytes, in groups of four."""
    digest = hashlib.sha256(raw_public_key).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, 64, 4))


def pem_ed25519_key(text: str) -> bytes:
    """The raw 32 bytes of an Ed25519 public key in PEM (SubjectPublicKeyInfo)."""
    body = "".join(line.strip() for line in text.splitlines() if line and not line.startswith("-----"))
    algorithm, bits = der_parse(base64.b64decode(body)).children()
    if _oid(algorithm.children()[0]) != "1.3.101.112" or len(_bits(bits)) != 32:
        raise DerError("not an Ed25519 public key")
    return _bits(bits)


def signature_ok(spki: Node, algorithm: str, digest_name, message: bytes, signature: bytes) -> bool:
    """Does `signature` over `message` verify with the SubjectPublicKeyInfo `spki`? Raises on the unknown."""
    if algorithm not in _SIGNATURES:
        raise DerError(f"signature algorithm {algorithm} cannot be checked by this verifier")
    kind, digest_of_algorithm = _SIGNATURES[algorithm]
    digest_name = digest_of_algorithm or digest_name
    key_algorithm, key_bits = spki.children()
    key_parts = key_algorithm.children()
    key_type = {"1.2.840.113549.1.1.1": "rsa", "1.2.840.10045.2.1": "ec", "1.3.101.112": "ed25519"}.get(_oid(key_parts[0]))
    if key_type != kind:
        return False
    if kind == "rsa":
        return _rsa_ok(_bits(key_bits), digest_name, message, signature)
    if kind == "ec":
        curve = _oid(key_parts[1])
        if curve not in _CURVES:
            raise DerError(f"elliptic curve {curve} cannot be checked by this verifier")
        return _ecdsa_ok(curve, _bits(key_bits), digest_name, message, signature)
    return ed25519_ok(_bits(key_bits), message, signature)


class Certificate:
    """The parts of an X.509 certificate a chain check needs."""

    def __init__(self, der: bytes):
        self.der = der
        tbs, algorithm, signature = der_parse(der).children()
        self.tbs, self.algorithm, self.signature = tbs.raw, _oid(algorithm.children()[0]), _bits(signature)
        fields = tbs.children()
        if fields[0].is_context(0):
            fields = fields[1:]
        self.serial = _int(fields[0])
        self.issuer, validity, self.subject, self.spki = fields[2].raw, fields[3], fields[4].raw, fields[5]
        self.not_before, self.not_after = (_time(t) for t in validity.children())
        self.name = _name_text(fields[4])
        self.sha256 = hashlib.sha256(der).hexdigest()
        self.extensions = {}
        for extra in fields[6:]:
            if extra.is_context(3):
                for extension in extra.children()[0].children():
                    parts = extension.children()
                    self.extensions[_oid(parts[0])] = _octets(parts[-1])

    def signed_by(self, issuer: Certificate) -> bool:
        try:
            return self.issuer == issuer.subject and signature_ok(issuer.spki, self.algorithm, None, self.tbs, self.signature)
        except (DerError, ValueError, IndexError):
            return False

    def is_ca(self) -> bool:
        constraints = self.extensions.get("2.5.29.19")
        if constraints is None:
            return False
        parts = der_parse(constraints).children()
        return bool(parts) and parts[0].number == 1 and parts[0].content != b"\x00"

    def key_purposes(self) -> list:
        usage = self.extensions.get("2.5.29.37")
        return [_oid(n) for n in der_parse(usage).children()] if usage else []


def pem_certificates(text: str) -> list:
    """The DER certificates of a PEM bundle."""
    found, inside, lines = [], False, []
    for line in text.splitlines():
        if line.startswith("-----BEGIN CERTIFICATE-----"):
            inside, lines = True, []
        elif line.startswith("-----END CERTIFICATE-----") and inside:
            found.append(base64.b64decode("".join(lines)))
            inside = False
        elif inside:
            lines.append(line.strip())
    return found


# --- RFC 3161 timestamp tokens --------------------------------------------------------------

TSA_PURPOSE = "1.3.6.1.5.5.7.3.8"  # extended key usage: time stamping
_SIGNED_DATA, _TST_INFO = "1.2.840.113549.1.7.2", "1.2.840.113549.1.9.16.1.4"
_CONTENT_TYPE, _MESSAGE_DIGEST = "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"
_SIGNING_CERT, _SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.12", "1.2.840.113549.1.9.16.2.47"


class TokenInvalid(Exception):
    """A timestamp token does not prove what it claims; the message says why."""


class TokenFacts:
    """What a valid token says: when, by which authority, and the root its chain ends in."""

    def __init__(self, gen_time, serial, tsa, cert_sha256, root_sha256):
        self.gen_time, self.serial, self.tsa, self.cert_sha256, self.root_sha256 = gen_time, serial, tsa, cert_sha256, root_sha256


def check_token(token: bytes, sha256_hex: str, sha512_hex: str = "", certificates=(), require_root: bool = True) -> TokenFacts:
    """Check an RFC 3161 token offline, fully, or raise TokenInvalid saying why.

    The token must timestamp this file (its message imprint is the file's SHA-256 or SHA-512),
    its signed attributes must cover the timestamp information, and the authority's signature
    must verify with its certificate. With `require_root`, that certificate must chain, through
    `certificates` (DER) and the ones in the token, to a self-signed root, each certificate
    signed by the next, each valid at the time stamped, the issuers CAs and the signer a
    time-stamping certificate. The root's SHA-256 is returned so a reader can compare it with
    the authority's published one.
    """
    try:
        return _check_token(token, sha256_hex, sha512_hex, certificates, require_root)
    except TokenInvalid:
        raise
    except (DerError, ValueError, IndexError, UnicodeDecodeError) as exc:
        raise TokenInvalid(f"the token is malformed ({exc})") from None


def _check_token(token, sha256_hex, sha512_hex, certificates, require_root) -> TokenFacts:
    content_type, signed_wrapper = der_parse(token).children()[:2]
    if _oid(content_type) != _SIGNED_DATA or not signed_wrapper.is_context(0):
        raise TokenInvalid("the token is not CMS signed data")
    fields = signed_wrapper.children()[0].children()
    encap = fields[2].children()
    if _oid(encap[0]) != _TST_INFO:
        raise TokenInvalid("the token does not hold timestamp information")
    tst_der = _octets(encap[1].children()[0])
    tst = der_parse(tst_der).children()
    imprint_algorithm, imprint = tst[2].children()
    imprint_digest = DIGESTS.get(_oid(imprint_algorithm.children()[0]))
    expected = {"sha256": sha256_hex, "sha512": sha512_hex}.get(imprint_digest or "")
    if not expected:
        raise TokenInvalid(f"the token's message imprint uses {imprint_digest or 'an unknown digest'}, not SHA-256 or SHA-512")
    if _octets(imprint).hex() != expected.lower():
        raise TokenInvalid("the token timestamps a different file (its message imprint differs from the item's hash)")
    serial, gen_time = _int(tst[3]), _time(tst[4])

    carried = [n.raw for n in fields[3].children()] if fields[3].is_context(0) else []
    signer_infos = fields[-1].children()
    if len(signer_infos) != 1:
        raise TokenInvalid("the token must have exactly one signer")
    signer = signer_infos[0].children()
    sid, digest_algorithm = signer[1], signer[2]
    digest_name = DIGESTS.get(_oid(digest_algorithm.children()[0]))
    if digest_name is None:
        raise TokenInvalid("the token is signed with a digest this verifier does not know")
    if not signer[3].is_context(0):
        raise TokenInvalid("the token's signature does not cover signed attributes")
    attributes = {}
    for attribute in signer[3].children():
        kind, values = attribute.children()
        attributes[_oid(kind)] = values.children()[0]
    if _CONTENT_TYPE not in attributes or _oid(attributes[_CONTENT_TYPE]) != _TST_INFO:
        raise TokenInvalid("the signed content type is not timestamp information")
    if _MESSAGE_DIGEST not in attributes or _octets(attributes[_MESSAGE_DIGEST]) != hashlib.new(digest_name, tst_der).digest():
        raise TokenInvalid("the signed digest does not match the timestamp information (the token was altered)")

    pool = []
    for der in list(carried) + list(certificates):
        if all(c.der != der for c in pool):
            pool.append(Certificate(der))
    if sid.is_context(0):
        signer_cert = next((c for c in pool if _subject_key_id(c) == sid.content), None)
    else:
        issuer, serial_node = sid.children()
        signer_cert = next((c for c in pool if c.issuer == issuer.raw and c.serial == _int(serial_node)), None)
    if signer_cert is None:
        raise TokenInvalid("the authority's certificate is neither in the token nor in the package")
    signed_attributes = b"\x31" + signer[3].raw[1:]  # the signature covers them as a SET OF
    if not signature_ok(signer_cert.spki, _oid(signer[4].children()[0]), digest_name, signed_attributes, _octets(signer[5])):
        raise TokenInvalid(f"the authority's signature does not verify with its certificate ({signer_cert.name})")
    _check_signing_certificate(attributes, signer_cert)
    if TSA_PURPOSE not in signer_cert.key_purposes():
        raise TokenInvalid(f"the signing certificate ({signer_cert.name}) is not for time stamping")

    chain, root = [signer_cert], None
    while require_root and root is None:
        current = chain[-1]
        if current.issuer == current.subject and current.signed_by(current):
            root = current
            break
        issuer_cert = next((c for c in pool if c not in chain and current.signed_by(c)), None)
        if issuer_cert is None or len(chain) > 8:
            raise TokenInvalid(f"the certificate chain of {current.name} does not reach a root certificate in the package")
        if not issuer_cert.is_ca():
            raise TokenInvalid(f"{issuer_cert.name} signed a certificate but is not a certificate authority")
        chain.append(issuer_cert)
    for cert in chain:
        if not (cert.not_before <= gen_time <= cert.not_after):
            raise TokenInvalid(f"the certificate {cert.name} was not valid at the time stamped ({gen_time.isoformat()})")
    return TokenFacts(gen_time, serial, signer_cert.name, signer_cert.sha256, root.sha256 if root else None)


def _subject_key_id(cert: Certificate):
    value = cert.extensions.get("2.5.29.14")
    return _octets(der_parse(value)) if value else None


def _check_signing_certificate(attributes: dict, cert: Certificate) -> None:
    """ESS signing-certificate attributes, when present, must name the certificate that signed."""
    for oid, default in ((_SIGNING_CERT_V2, "sha256"), (_SIGNING_CERT, "sha1")):
        if oid not in attributes:
            continue
        first = attributes[oid].children()[0].children()[0].children()
        digest_name = default
        if oid == _SIGNING_CERT_V2 and first[0].number == 16:
            digest_name = DIGESTS.get(_oid(first[0].children()[0]), "")
            first = first[1:]
        if not digest_name or hashlib.new(digest_name, cert.der).digest() != _octets(first[0]):
            raise TokenInvalid("the token names another signing certificate than the one that signed it")


def _digests(archive: zipfile.ZipFile, name: str) -> tuple:
    sha256, sha512 = hashlib.sha256(), hashlib.sha512()
    with archive.open(name) as fh:
        while chunk := fh.read(CHUNK):
            sha256.update(chunk)
            sha512.update(chunk)
    return sha256.hexdigest(), sha512.hexdigest()


class Report:
    """The outcome of checking one package: problems (empty when intact) and what was found."""

    def __init__(self):
        self.checked = 0
        self.problems = []
        self.timestamps = []  # (item uid, "valid" | "no token" | "invalid", detail)
        self.key = None  # fingerprint of the key whose signature over SHA256SUMS verified


def verify_package(path: str) -> tuple:
    """(items checked, problems): an empty list of problems means the package is intact."""
    report = check_package(path)
    return report.checked, report.problems


def check_package(path: str, expected_key: str = "") -> Report:
    """Check the signature, every file, hash, custody chain and timestamp token of the package.

    With `expected_key` (a fingerprint), the package must be signed by that key.
    """
    report = Report()
    problems = report.problems
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        problems.append(f"{path}: not a readable ZIP ({exc})")
        return report
    with archive:
        names = [n for n in archive.namelist() if not n.endswith("/")]
        if len(names) != len(set(names)):
            problems.append("the ZIP holds two entries with the same name")
        if SUMS not in names:
            problems.append(f"{SUMS} is missing")
            return report
        listed = {}
        for line in archive.read(SUMS).decode("utf-8", "replace").splitlines():
            digest, sep, name = line.partition("  ")
            if not sep:
                problems.append(f"{SUMS}: unreadable line {line!r}")
                continue
            listed[name] = digest
        computed = {}
        for name in names:
            if name in (SUMS, SIGNATURE):
                continue
            if name not in listed:
                problems.append(f"{name}: in the ZIP but not listed in {SUMS} (added)")
                continue
            try:
                computed[name] = _digests(archive, name)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                problems.append(f"{name}: cannot be read ({exc})")
                continue
            if computed[name][0] != listed[name]:
                problems.append(f"{name}: SHA-256 differs from {SUMS} (changed)")
        for name in listed:
            if name not in names:
                problems.append(f"{name}: listed in {SUMS} but missing from the ZIP")
        _check_signature(archive, names, expected_key, report)
        if MANIFEST not in names:
            problems.append(f"{MANIFEST} is missing")
            return report
        try:
            manifest = json.loads(archive.read(MANIFEST))
        except ValueError as exc:
            problems.append(f"{MANIFEST} is not valid JSON ({exc})")
            return report
        named = (manifest.get("signature") or {}).get("key_sha256")
        if report.key and named != report.key:
            problems.append(f"{MANIFEST}: names signing key {named!r}, but the package is signed by {report.key}")
        certificates = []
        if TSA_CERTIFICATES in names:
            certificates = pem_certificates(archive.read(TSA_CERTIFICATES).decode("ascii", "replace"))
        items = manifest.get("items", [])
        for item in items:
            uid = item.get("uid", "?")
            label = f"item {uid}"
            original = item.get("file")
            if original not in computed:
                problems.append(f"{label}: its original {original!r} is missing or unreadable")
            else:
                sha256, sha512 = computed[original]
                if sha256 != item.get("sha256"):
                    problems.append(f"{label}: original's SHA-256 differs from the manifest")
                if sha512 != item.get("sha512"):
                    problems.append(f"{label}: original's SHA-512 differs from the manifest")
            problems.extend(chain_problems(uid, item.get("custody", [])))
            report.timestamps.append(_timestamp_result(item, certificates))
            if report.timestamps[-1][1] == "invalid":
                problems.append(f"{label}: timestamp token invalid: {report.timestamps[-1][2]}")
    report.checked = len(items)
    return report


def _check_signature(archive, names, expected_key: str, report: Report) -> None:
    """The organisation's Ed25519 signature over SHA256SUMS (and so over every file listed there)."""
    if SIGNATURE not in names or PUBLIC_KEY not in names:
        report.problems.append(f"the package is not signed ({SIGNATURE} or {PUBLIC_KEY} is missing)")
        return
    try:
        public_key = pem_ed25519_key(archive.read(PUBLIC_KEY).decode("ascii"))
    except (DerError, ValueError, IndexError) as exc:
        report.problems.append(f"{PUBLIC_KEY}: not a readable Ed25519 public key ({exc})")
        return
    found = key_fingerprint(public_key)
    if not ed25519_ok(public_key, archive.read(SUMS), archive.read(SIGNATURE)):
        report.problems.append(f"{SIGNATURE}: the signature does not verify ({SUMS} or the signature was changed)")
        return
    report.key = found
    wanted = " ".join(expected_key.replace(" ", "").replace(":", "").lower()[i:i + 4] for i in range(0, 64, 4))
    if expected_key and wanted != found:
        report.problems.append(f"the package is signed by key {found}, not by the expected {expected_key}")


def _timestamp_result(item: dict, certificates: list) -> tuple:
    """(uid, "valid" | "no token" | "invalid", detail) for one item's RFC 3161 token."""
    uid = item.get("uid", "?")
    encoded = (item.get("timestamp") or {}).get("token_der_base64")
    if not encoded:
        return uid, "no token", "no trusted timestamp was obtained for this item"
    try:
        token = base64.b64decode(encoded, validate=True)
        facts = check_token(token, str(item.get("sha256", "")), str(item.get("sha512", "")), certificates)
    except (TokenInvalid, ValueError) as exc:
        return uid, "invalid", str(exc)
    return uid, "valid", (f"stamped {facts.gen_time.isoformat()} by {facts.tsa}; "
                          f"chain root SHA-256 {facts.root_sha256}")


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Verify a Sijill evidence package offline.")
    parser.add_argument("package")
    parser.add_argument("--key", default="", help="the fingerprint of the signing key you were given")
    args = parser.parse_args(argv)
    report = check_package(args.package, args.key)
    if report.key:
        print(f"Signed by the key with SHA-256 fingerprint {report.key}")
        if not args.key:
            print("  compare it with the fingerprint the organisation gave you (or pass --key FINGERPRINT)")
    for uid, status, detail in report.timestamps:
        print(f"timestamp of item {uid}: {status} ({detail})")
    for problem in report.problems:
        print(f"FAIL {problem}")
    if report.problems:
        print(f"Package NOT intact: {len(report.problems)} problem(s).")
        return 1
    print(f"Package intact: {report.checked} item(s), the signature and every file, hash, custody chain and "
          "timestamp token verified.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
