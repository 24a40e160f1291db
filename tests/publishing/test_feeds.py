"""Atom feeds per language: the public reports of that language, newest first."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from sijill.reports import services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, language):
    response = client.get(f"/public/feeds/{language}/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    return feed, [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href"),
                   [c.get("term") for c in e.findall(f"{ATOM}category")], e.findtext(f"{ATOM}author/{ATOM}name"))
                  for e in feed.findall(f"{ATOM}entry")]


def test_each_language_has_its_own_feed_of_public_reports(client, writer, published):
    older = published(services.report_create(user=writer, title="Older report", tags=["ISIS"],
                                             authors=["Aghiad Al Kheder"]), at=timezone.now() - timedelta(days=2))
    newer = published(services.report_create(user=writer, title="Newer report"))
    arabic = published(services.report_create(user=writer, title="تقرير بالعربية", language="ar", translation=newer.pk))
    services.report_create(user=writer, title="Unpublished draft")
    feed, english = entries(client, "en")
    assert [e[0] for e in english] == ["Newer report", "Older report"]
    assert english[1][1].endswith(f"/public/reports/{older.slug}/")
    assert english[1][2] == ["ISIS"] and english[1][3] == "Aghiad Al Kheder"
    feed, in_arabic = entries(client, "ar")
    assert [e[0] for e in in_arabic] == [arabic.title]
    assert feed.findtext(f"{ATOM}title") == "سجل: التقارير المنشورة"
    assert client.get("/public/feeds/fr/").status_code == 404
