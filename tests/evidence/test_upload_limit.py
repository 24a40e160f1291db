"""The upload limit (SIJILL_EVIDENCE_MAX_BYTES): a clear error on the web, the API and the CLI,
reading stops at the limit, and nothing of a refused file is stored."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from sijill.accounts.services import api_token_create
from sijill.evidence.models import CustodyEvent, EvidenceItem, Upload
from sijill.evidence.services import evidence_add

from .conftest import jpeg_bytes, vault_files

pytestmark = pytest.mark.django_db

LIMIT = 4000


@pytest.fixture(autouse=True)
def limit(settings):
    settings.SIJILL_EVIDENCE_MAX_BYTES = LIMIT
    return LIMIT


def _nothing_stored(vault_root):
    assert EvidenceItem.objects.count() == 0 and CustodyEvent.objects.count() == 0
    assert vault_files(vault_root) == []


class Endless(io.RawIOBase):
    """A stream that never ends, counting what was read from it."""

    read_so_far = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = b"x" * len(buffer)
        self.read_so_far += len(buffer)
        return len(buffer)


def test_a_stream_past_the_limit_is_refused_without_reading_it_all(analyst, vault_root):
    stream = Endless()
    with pytest.raises(ValidationError) as caught:
        evidence_add(user=analyst, stream=stream, filename="endless.mp4")
    message = " ".join(caught.value.messages)
    assert "endless.mp4 is larger than the upload limit" in message and f"({LIMIT} bytes)" in message
    assert "nothing was stored" in message
    assert stream.read_so_far <= LIMIT + 1024 * 1024  # stopped within one chunk of the limit
    _nothing_stored(vault_root)


def test_a_file_of_exactly_the_limit_is_accepted(analyst, settings):
    data = jpeg_bytes()
    settings.SIJILL_EVIDENCE_MAX_BYTES = len(data)
    assert evidence_add(user=analyst, stream=io.BytesIO(data), filename="a.jpg").item.size == len(data)
    settings.SIJILL_EVIDENCE_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError, match="larger than the upload limit"):
        evidence_add(user=analyst, stream=io.BytesIO(data + b"!"), filename="b.jpg")


def test_the_web_upload_answers_413_with_the_limit_and_stores_nothing(analyst, vault_root, settings):
    client = Client()
    client.force_login(analyst)
    answer = client.post("/evidence/upload/?filename=big.jpg", data=b"\xff" * (LIMIT + 1),
                         content_type="application/octet-stream")
    assert answer.status_code == 413
    assert "big.jpg is larger than the upload limit" in answer.json()["errors"][0]
    _nothing_stored(vault_root)
    settings.SIJILL_EVIDENCE_MAX_BYTES = len(jpeg_bytes())
    small = client.post("/evidence/upload/?filename=a.jpg", data=jpeg_bytes(), content_type="application/octet-stream")
    assert small.status_code == 201


def test_the_api_refuses_an_upload_announced_over_the_limit(analyst, vault_root):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=analyst, name='t')}"}
    answer = client.post("/api/evidence/uploads", data={"filename": "clip.mp4", "size": LIMIT + 1},
                         content_type="application/json", **auth)
    assert answer.status_code == 400
    assert "clip.mp4 is larger than the upload limit" in answer.json()["errors"]["size"][0]
    assert Upload.objects.count() == 0
    _nothing_stored(vault_root)


def test_the_api_finish_refuses_when_the_limit_was_lowered_meanwhile(analyst, vault_root, settings):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=analyst, name='t')}"}
    data = b"%PDF-1.4\n" + b"0" * 3000
    uid = client.post("/api/evidence/uploads", data={"filename": "r.pdf", "size": len(data)},
                      content_type="application/json", **auth).json()["id"]
    client.put(f"/api/evidence/uploads/{uid}", data=data, content_type="application/octet-stream",
               HTTP_CONTENT_RANGE=f"bytes 0-{len(data) - 1}/{len(data)}", **auth)
    settings.SIJILL_EVIDENCE_MAX_BYTES = 1000
    answer = client.post(f"/api/evidence/uploads/{uid}/finish", **auth)
    assert answer.status_code == 400 and "larger than the upload limit" in answer.json()["errors"]["file"][0]
    _nothing_stored(vault_root)


def test_the_cli_names_the_file_over_the_limit_and_stores_nothing(analyst, vault_root, files, capsys):
    big = files("big.mp4", b"\0" * (LIMIT + 1))
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("evidence", "add", str(big), "--user", analyst.username)
    assert f"{big}: file: big.mp4 is larger than the upload limit" in capsys.readouterr().err
    _nothing_stored(vault_root)
