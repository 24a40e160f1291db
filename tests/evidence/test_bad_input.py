"""Bad input gets a clear error, or is handled safely, and nothing partial is stored."""

import io

import pytest
from django.core.exceptions import ValidationError

from sijill.evidence.models import CustodyEvent, EvidenceItem
from sijill.evidence.services import evidence_add

from .conftest import jpeg_bytes, pdf_bytes, vault_files, zip_bomb_bytes

pytestmark = pytest.mark.django_db


def _refused(user, vault_root, data: bytes, name: str, message: str):
    with pytest.raises(ValidationError) as caught:
        evidence_add(user=user, stream=io.BytesIO(data), filename=name)
    assert message in " ".join(caught.value.messages), caught.value.messages
    assert EvidenceItem.objects.count() == 0 and CustodyEvent.objects.count() == 0
    assert vault_files(vault_root) == []


def test_empty_file(analyst, vault_root):
    _refused(analyst, vault_root, b"", "empty.jpg", "empty")


def test_extension_that_contradicts_the_content(analyst, vault_root):
    _refused(analyst, vault_root, jpeg_bytes(), "statement.pdf", "says application/pdf but the content is image/jpeg")
    _refused(analyst, vault_root, b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode", "photo.jpg",
             "says image/jpeg")


def test_truncated_image(analyst, vault_root):
    _refused(analyst, vault_root, jpeg_bytes()[:600], "cut.jpg", "truncated or corrupt")


def test_corrupt_video(analyst, vault_root, video_bytes):
    broken = video_bytes[:48] + b"\x00" * 500
    _refused(analyst, vault_root, broken, "cut.mp4", "truncated or corrupt")


def test_truncated_pdf(analyst, vault_root):
    data = pdf_bytes()
    _refused(analyst, vault_root, data[: len(data) // 2], "cut.pdf", "truncated")


def test_zip_bomb(analyst, vault_root):
    _refused(analyst, vault_root, zip_bomb_bytes(), "photos.zip", "zip bomb")


@pytest.mark.parametrize("name, shown", [
    ("../../../etc/passwd.jpg", "passwd.jpg"),
    ("..\\..\\windows\\evil.jpg", "evil.jpg"),
    ("photo\x00.jpg", "photo.jpg"),
    ("invoice\u202egpj.jpg", "invoicegpj.jpg"),
    ("صورة \u2067الضحية\u2069.jpg", "صورة الضحية.jpg"),
    ("..", "unnamed"),
])
def test_dangerous_file_names_are_made_safe_and_the_raw_name_kept_escaped(analyst, vault_root, name, shown):
    item = evidence_add(user=analyst, stream=io.BytesIO(jpeg_bytes()), filename=name).item
    assert item.original_name == shown
    assert "\x00" not in item.acquisition.original_name and "\u202e" not in item.acquisition.original_name
    assert all(p.parent.parent.parent.parent == vault_root for p in vault_files(vault_root))
