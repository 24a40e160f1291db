"""The staff pages at /exports/: downloads and case files, behind login, role and clearance."""

from __future__ import annotations

import codecs

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client, no_2fa):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_index_lists_formats_and_case_file_forms(world, client_for):
    page = client_for(world["analyst"]).get("/exports/")
    assert page.status_code == 200
    html = page.content.decode()
    for name in ("csv", "json", "geojson", "hxl", "acled", "ucdp", "esf", "uwazi"):
        assert f'value="{name}"' in html
    assert 'value="test-militia"' in html and "/exports/case-files/" in html


def test_download_gives_the_users_records_or_the_published_ones(world, client_for):
    client = client_for(world["internal_reader"])
    response = client.get("/exports/download/", {"format": "csv"})
    assert response.status_code == 200 and response["X-Sijill-Records"] == "2"
    assert response["Content-Disposition"].startswith('attachment; filename="sijill-csv-')
    assert response.content.startswith(codecs.BOM_UTF8)
    public = client.get("/exports/download/", {"format": "geojson", "public": "1"})
    assert public["X-Sijill-Records"] == "1" and b"36.3411111" not in public.content
    assert client.get("/exports/download/", {"format": "xml"}).status_code == 400


def test_anonymous_visitors_are_sent_to_login(world, client):
    for url in ("/exports/", "/exports/download/?format=csv", f"/exports/case-files/incident/{world['public'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_case_file_pages_and_pdf(world, client_for):
    client = client_for(world["analyst"])
    page = client.get(f"/exports/case-files/incident/{world['public'].pk}/", {"lang": "ar"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'dir="rtl"' in html and "قصف جوي على سوق تادف" in html and "data:image/png;base64," in html
    assert "<style" not in html and " style=" not in html and "<script>" not in html
    pdf = client.get("/exports/case-files/actor/test-militia/", {"format": "pdf", "lang": "en"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    place = client.get("/exports/case-files/place/SY11/", {"from": "2016-01-01", "to": "2016-12-31"})
    assert place.status_code == 200 and "Detention campaign in Raqqa" in place.content.decode()
    assert client.get("/exports/case-files/place/SY11/", {"from": "soon"}).status_code == 400
    lookup = client.get("/exports/case-files/", {"kind": "incident", "incident": world["public"].pk, "lang": "en"})
    assert lookup.status_code == 302 and lookup["Location"].endswith(f"/incident/{world['public'].pk}/?lang=en")


def test_case_file_above_clearance_is_not_found(world, client_for):
    client = client_for(world["internal_reader"])
    assert client.get(f"/exports/case-files/incident/{world['restricted'].pk}/").status_code == 404
    assert client.get("/exports/case-files/actor/no-such-actor/").status_code == 404
