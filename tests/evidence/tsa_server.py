"""A real RFC 3161 time-stamping authority on 127.0.0.1, for tests: no mocks.

It signs with an RSA key generated here (plain integers: `cryptography` is not installed) under
a self-signed certificate built with asn1crypto, and answers TimeStampReq over HTTP like a
public TSA does.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import cms, keys, tsp, x509

_SHA256_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")


def _probable_prime(bits: int) -> int:
    small = [p for p in range(3, 2000, 2) if all(p % q for q in range(3, int(p**0.5) + 1, 2))]
    while True:
        n = secrets.randbits(bits) | (1 << (bits - 1)) | 1
        if any(n % p == 0 for p in small):
            continue
        d, r = n - 1, 0
        while d % 2 == 0:
            d, r = d // 2, r + 1
        for _ in range(20):
            x = pow(secrets.randbelow(n - 3) + 2, d, n)
            if x in (1, n - 1):
                continue
            for _ in range(r - 1):
                x = pow(x, 2, n)
                if x == n - 1:
                    break
            else:
                break
        else:
            return n


class RsaKey:
    def __init__(self, bits: int = 2048):
        e = 65537
        while True:
            p, q = _probable_prime(bits // 2), _probable_prime(bits // 2)
            phi = (p - 1) * (q - 1)
            if p != q and phi % e:
                break
        self.n, self.e, self.d = p * q, e, pow(e, -1, phi)

    def sign_sha256(self, data: bytes) -> bytes:
        k = (self.n.bit_length() + 7) // 8
        suffix = _SHA256_PREFIX + hashlib.sha256(data).digest()
        em = b"\x00\x01" + b"\xff" * (k - len(suffix) - 3) + b"\x00" + suffix
        return pow(int.from_bytes(em, "big"), self.d, self.n).to_bytes(k, "big")


class TestAuthority:
    def __init__(self):
        self.key = RsaKey()
        self.serial = 0
        name = x509.Name.build({"common_name": "Sijill test TSA", "organization_name": "Sijill tests"})
        now = datetime.now(UTC)
        tbs = x509.TbsCertificate({
            "version": "v3", "serial_number": 4242, "signature": {"algorithm": "sha256_rsa"}, "issuer": name,
            "validity": {"not_before": x509.Time({"utc_time": now - timedelta(days=1)}),
                         "not_after": x509.Time({"utc_time": now + timedelta(days=365)})},
            "subject": name,
            "subject_public_key_info": {"algorithm": {"algorithm": "rsa"},
                                        "public_key": keys.RSAPublicKey({"modulus": self.key.n, "public_exponent": self.key.e})},
            "extensions": [{"extn_id": "extended_key_usage", "critical": True, "extn_value": ["time_stamping"]}],
        })
        self.cert = x509.Certificate({
            "tbs_certificate": tbs, "signature_algorithm": {"algorithm": "sha256_rsa"},
            "signature_value": self.key.sign_sha256(tbs.dump()),
        })

    def respond(self, body: bytes) -> bytes:
        request = tsp.TimeStampReq.load(body)
        self.serial += 1
        now = datetime.now(UTC).replace(microsecond=0)
        tst = tsp.TSTInfo({
            "version": "v1", "policy": "1.3.6.1.4.1.99999.1", "message_imprint": request["message_imprint"],
            "serial_number": self.serial, "gen_time": now, "nonce": request["nonce"].native,
        })
        tst_der = tst.dump()
        attrs = cms.CMSAttributes([
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(tst_der).digest()]}),
        ])
        signer = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": {"issuer": self.cert.issuer, "serial_number": self.cert.serial_number}}),
            "digest_algorithm": {"algorithm": "sha256"}, "signed_attrs": attrs,
            "signature_algorithm": {"algorithm": "rsassa_pkcs1v15"}, "signature": self.key.sign_sha256(attrs.dump()),
        })
        signed = cms.SignedData({
            "version": "v3", "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {"content_type": "tst_info", "content": tst},
            "certificates": [self.cert] if request["cert_req"].native else [], "signer_infos": [signer],
        })
        token = cms.ContentInfo({"content_type": "signed_data", "content": signed})
        return tsp.TimeStampResp({"status": {"status": "granted"}, "time_stamp_token": token}).dump()


def serve(authority: TestAuthority):
    """Start the authority on a free port; returns (url, server). Call server.shutdown() to stop."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            answer = authority.respond(body)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/tsa", server
