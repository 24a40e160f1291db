"""A real RFC 3161 time-stamping authority on 127.0.0.1, for tests: no mocks, no network.

Its keys and certificates are made with `cryptography`: a self-signed root CA (RSA) issues the
authority's certificate (ECDSA P-256 by default, or RSA), marked for time stamping only. The
authority answers TimeStampReq over HTTP like a public TSA does; the CMS structure of the token
is written with asn1crypto and signed with the authority's key.
"""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import cms, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sijill tests")])


def make_ca(common: str = "Sijill test root CA"):
    """A self-signed RSA root: (key, certificate)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=2)).not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, cert


class TestAuthority:
    __test__ = False  # not a test class, despite its name

    def __init__(self, *, key_type: str = "ec", ca=None, purpose=ExtendedKeyUsageOID.TIME_STAMPING):
        self.ca_key, self.ca_cert = ca or make_ca()
        self.key = ec.generate_private_key(ec.SECP256R1()) if key_type == "ec" else rsa.generate_private_key(
            public_exponent=65537, key_size=2048)
        self.key_type = key_type
        now = datetime.now(UTC)
        self.cert = (
            x509.CertificateBuilder().subject_name(_name("Sijill test TSA")).issuer_name(self.ca_cert.subject)
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
            .add_extension(x509.ExtendedKeyUsage([purpose]), critical=True)
            .sign(self.ca_key, hashes.SHA256())
        )
        self.serial = 0

    @property
    def chain_pem(self) -> bytes:
        """What an admin puts in SIJILL_TSA_CERTS: the CA certificate(s) above the authority's."""
        return self.ca_cert.public_bytes(serialization.Encoding.PEM)

    def _sign(self, data: bytes) -> bytes:
        if self.key_type == "ec":
            return self.key.sign(data, ec.ECDSA(hashes.SHA256()))
        return self.key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def token(self, message_imprint, nonce=None) -> cms.ContentInfo:
        self.serial += 1
        cert = asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))
        tst = tsp.TSTInfo({
            "version": "v1", "policy": "1.3.6.1.4.1.99999.1", "message_imprint": message_imprint,
            "serial_number": self.serial, "gen_time": datetime.now(UTC).replace(microsecond=0), "nonce": nonce,
        })
        tst_der = tst.dump()
        attrs = cms.CMSAttributes([
            cms.CMSAttribute({"type": "content_type", "values": ["tst_info"]}),
            cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(tst_der).digest()]}),
            cms.CMSAttribute({"type": "signing_certificate_v2", "values": [
                {"certs": [{"hash_algorithm": {"algorithm": "sha256"}, "cert_hash": hashlib.sha256(cert.dump()).digest()}]}]}),
        ])
        signer = cms.SignerInfo({
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": {"issuer": cert.issuer, "serial_number": cert.serial_number}}),
            "digest_algorithm": {"algorithm": "sha256"}, "signed_attrs": attrs,
            "signature_algorithm": {"algorithm": "sha256_ecdsa" if self.key_type == "ec" else "rsassa_pkcs1v15"},
            "signature": self._sign(attrs.dump()),
        })
        signed = cms.SignedData({
            "version": "v3", "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {"content_type": "tst_info", "content": tst},
            "certificates": [cert], "signer_infos": [signer],
        })
        return cms.ContentInfo({"content_type": "signed_data", "content": signed})

    def token_for(self, sha256_hex: str) -> bytes:
        """A token over a SHA-256 digest, as the authority would answer it (for tests that need one directly)."""
        imprint = {"hash_algorithm": {"algorithm": "sha256"}, "hashed_message": bytes.fromhex(sha256_hex)}
        return self.token(imprint).dump()

    def respond(self, body: bytes) -> bytes:
        request = tsp.TimeStampReq.load(body)
        token = self.token(request["message_imprint"], request["nonce"].native)
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
