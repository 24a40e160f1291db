"""Fixtures of the evidence tests: a private vault per test, sample files, a local TSA."""

from __future__ import annotations

import io
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from .tsa_server import TestAuthority, serve

MOTO = Path(sys.executable).with_name("moto_server")


@pytest.fixture(autouse=True)
def vault_root(settings, tmp_path) -> Path:
    settings.SIJILL_EVIDENCE_ROOT = tmp_path / "vault"
    settings.SIJILL_TSA_URL = ""
    settings.SIJILL_TSA_CERTS = ""
    settings.SIJILL_KEYS_DIR = str(tmp_path / "keys")
    settings.SIJILL_EVIDENCE_S3_BUCKET = ""  # local disk unless a test asks for the object store
    settings.SIJILL_REQUIRE_2FA = False
    return settings.SIJILL_EVIDENCE_ROOT


def vault_files(root: Path) -> list[Path]:
    """Every original and temporary file in the vault (working copies excluded)."""
    return [p for sub in ("sha256", "tmp") for p in (root / sub).rglob("*") if p.is_file()]


def jpeg_bytes(color=(200, 30, 30), size=(320, 240), pattern: int = 0) -> bytes:
    img = Image.new("RGB", size, color)
    for x in range(0, size[0], 40):  # some structure, so perceptual hashes differ between patterns
        for y in range(0, size[1], 40):
            if (x // 40 + y // 40 + pattern) % 3 == 0:
                img.paste((20, 20, 20), (x, y, x + 40, y + 40))
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def files(tmp_path):
    """Writes sample files on demand: files("a.jpg", data) -> path."""
    folder = tmp_path / "in"
    folder.mkdir()

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return write


@pytest.fixture(scope="session")
def video_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("video") / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=2:size=160x120:rate=10",
         "-metadata", "creation_time=2016-03-01T10:00:00Z", "-metadata", "location=+36.2021+037.1343/",
         "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )
    return path.read_bytes()


def pdf_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (100, 100), (255, 255, 255)).save(buffer, "PDF", title="Field report", author="Documenter")
    return buffer.getvalue()


def zip_bomb_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zeros.bin", "w") as member:
            block = b"\0" * (1024 * 1024)
            for _ in range(64):
                member.write(block)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def authority():
    """The local authority and its URL: (TestAuthority, url)."""
    authority = TestAuthority()
    url, server = serve(authority)
    yield authority, url
    server.shutdown()


@pytest.fixture
def tsa(authority, settings, tmp_path) -> str:
    """Timestamps on: SIJILL_TSA_URL points at the local authority, SIJILL_TSA_CERTS at its CA."""
    chain = tmp_path / "tsa-ca.pem"
    chain.write_bytes(authority[0].chain_pem)
    settings.SIJILL_TSA_URL = authority[1]
    settings.SIJILL_TSA_CERTS = str(chain)
    return authority[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server in its own process on 127.0.0.1 (moto_server), stopped at the end."""
    if not MOTO.exists():
        pytest.skip("moto_server is not installed (pip install 'moto[server]', in the [dev] extra)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([str(MOTO), "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(endpoint + "/", timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"moto_server did not start on {endpoint}")
            time.sleep(0.3)
    yield endpoint
    server.terminate()
    server.wait(timeout=20)
