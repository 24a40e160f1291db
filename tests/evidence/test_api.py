"""The evidence API: chunked, resumable uploads; list, detail and download with custody events."""

import hashlib

import pytest
from django.test import Client

from sijill.accounts.services import api_token_create

from .conftest import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(analyst):
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=analyst, name='t')}"}

    def call(method, path, data=None, content_type="application/json", **headers):
        import json

        body = json.dumps(data) if content_type == "application/json" and data is not None else data
        kwargs = {"content_type": content_type} if body is not None else {}
        if body is not None:
            kwargs["data"] = body
        return getattr(client, method)("/api/evidence" + path, **kwargs, **auth, **headers)

    return call


def test_chunked_upload_resumes_after_an_interruption(api, video_bytes):
    data = video_bytes
    created = api("post", "/uploads", {"filename": "clip.mp4", "size": len(data), "method": "messenger"})
    assert created.status_code == 201 and created.json()["offset"] == 0
    uid = created.json()["id"]
    half = len(data) // 2
    first = api("put", f"/uploads/{uid}", data[:half], "application/octet-stream",
                HTTP_CONTENT_RANGE=f"bytes 0-{half - 1}/{len(data)}")
    assert first.status_code == 200 and first.json()["offset"] == half
    # the client lost its state: a wrong offset is refused with where to resume
    wrong = api("put", f"/uploads/{uid}", data[:10], "application/octet-stream", HTTP_CONTENT_RANGE=f"bytes 0-9/{len(data)}")
    assert wrong.status_code == 409 and wrong.json()["offset"] == half
    assert api("get", f"/uploads/{uid}").json()["offset"] == half
    early = api("post", f"/uploads/{uid}/finish")
    assert early.status_code == 400 and "send the rest" in early.json()["detail"] + str(early.json().get("errors"))
    rest = api("put", f"/uploads/{uid}?offset={half}", data[half:], "application/octet-stream")
    assert rest.json()["offset"] == len(data)
    done = api("post", f"/uploads/{uid}/finish")
    assert done.status_code == 201, done.content
    item = done.json()["item"]
    assert item["sha256"] == hashlib.sha256(data).hexdigest() and item["kind"] == "video"
    assert [e["action"] for e in item["custody"]] == ["acquired", "uploaded"]


def test_list_detail_and_download(api):
    data = jpeg_bytes()
    uid = api("post", "/uploads", {"filename": "a.jpg", "size": len(data)}).json()["id"]
    api("put", f"/uploads/{uid}?offset=0", data, "application/octet-stream")
    item_id = api("post", f"/uploads/{uid}/finish").json()["item"]["id"]
    listed = api("get", "/")
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [item_id]
    detail = api("get", f"/{item_id}")
    assert detail.json()["custody"][-1]["action"] == "viewed"
    download = api("get", f"/{item_id}/original")
    assert b"".join(download.streaming_content) == data and download["X-Content-SHA256"] == hashlib.sha256(data).hexdigest()
    assert api("get", f"/{item_id}").json()["custody"][-2]["action"] == "downloaded"


def test_bad_uploads_get_clear_errors(api):
    assert api("post", "/uploads", {"filename": "a.jpg", "size": 0}).status_code == 400
    uid = api("post", "/uploads", {"filename": "a.jpg", "size": 10}).json()["id"]
    too_long = api("put", f"/uploads/{uid}?offset=0", b"x" * 11, "application/octet-stream")
    assert too_long.status_code == 400
    assert api("put", f"/uploads/{uid}", b"x", "application/octet-stream").status_code == 400  # no offset
    liar = api("put", f"/uploads/{uid}", b"xx", "application/octet-stream", HTTP_CONTENT_RANGE="bytes 0-5/10")
    assert liar.status_code == 400 and "Content-Range" in liar.json()["detail"]
    assert api("get", "/uploads/00000000-0000-0000-0000-000000000000").status_code == 404
