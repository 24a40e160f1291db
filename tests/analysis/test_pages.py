"""The analysis pages through the web client, on the hand-computed record of conftest.py."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client, no_2fa):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def _row(html: str, key: str) -> list[str]:
    row = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_dashboard_shows_the_figures_and_links_them_to_the_incident_list(record, analyst, client_of):
    response = client_of(analyst).get("/analysis/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'id="total-incidents">3<', html) and re.search(r'id="total-victims">4<', html)
    assert _row(html, "killing")[1:7] == ["2", "2", "3", "3", "1", "1"]
    assert _row(html, "SY02")[1:8] == ["2", "3", "4", "3", "1", "1", "5–7"]
    assert 'href="/incidents/?place=SY02"' in html
    assert 'href="/incidents/?violation_type=killing"' in html
    assert f'href="/incidents/?actor={record.gov.slug}"' in html


def test_dashboard_filters_narrow_the_figures_and_the_links(record, analyst, client_of):
    html = client_of(analyst).get("/analysis/?violation_type=killing&date_from=2016-03-10").content.decode()
    assert re.search(r'id="total-incidents">1<', html) and re.search(r'id="total-victims">2<', html)
    assert "/incidents/?date_from=2016-03-10&amp;place=SY02&amp;violation_type=killing" in html


def test_public_mode_suppresses_small_counts_and_drops_links(record, analyst, client_of, settings):
    settings.SIJILL_SUPPRESSION_K = 3
    html = client_of(analyst).get("/analysis/?public=1").content.decode()
    assert re.search(r'id="total-incidents">3<', html)
    assert _row(html, "SY02")[1:4] == ["&lt;3", "3", "4"]
    assert "/incidents/?place=" not in html
    assert 'id="public-note"' in html


def test_lower_clearance_sees_lower_figures(record, make_user, client_of):
    from sijill.confidentiality import Confidentiality

    internal = make_user("analyst", Confidentiality.INTERNAL, username="internal-analyst")
    html = client_of(internal).get("/analysis/").content.decode()
    assert re.search(r'id="total-incidents">2<', html)
    assert record.gov_b.pcode not in re.findall(r'data-key="([^"]+)"', html)


def test_breakdown_pages_and_levels(record, analyst, client_of):
    client = client_of(analyst)
    html = client.get("/analysis/by/place/?level=2").content.decode()
    assert _row(html, record.d1.pcode)[1:4] == ["1", "2", "3"]
    assert client.get("/analysis/by/month/").status_code == 200
    assert client.get("/analysis/by/colour/").status_code == 404
    assert client.get("/analysis/by/place/?level=9").status_code == 404


def test_timeline_page_links_each_period(record, analyst, client_of):
    html = client_of(analyst).get("/analysis/timeline/?by=violation_type&period=month").content.decode()
    assert "2016-03" in html and "2017-07" in html
    assert "/incidents/?date_from=2017-07-01&amp;date_to=2017-07-31&amp;violation_type=indiscriminate-attack" in html
    assert client_of(analyst).get("/analysis/timeline/?by=colour").status_code == 400


def test_charts_are_images(record, analyst, client_of):
    client = client_of(analyst)
    png = client.get("/analysis/charts/bar.png?by=place&level=1")
    assert png.status_code == 200 and png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = client.get("/analysis/charts/timeline.svg?by=perpetrator")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get("/analysis/charts/choropleth.png?level=2").content.startswith(b"\x89PNG")
    assert client.get("/analysis/charts/pie.png").status_code == 404


def test_map_data_within_clearance(record, analyst, client_of):
    client = client_of(analyst)
    points = json.loads(client.get("/analysis/map/points.json").content)["points"]
    assert sorted(p["title"] for p in points) == ["I1", "I2", "I3"]
    areas = json.loads(client.get("/analysis/map/areas.json?level=1").content)
    assert areas["areas"]["SY02"]["incidents"] == 2 and areas["areas"]["SY02"]["link"] == "/incidents/?place=SY02"
    shapes = json.loads(client.get("/analysis/map/boundaries/2.geojson").content)
    assert len(shapes["features"]) == 62
    assert client.get("/analysis/map/").status_code == 200


def test_pages_need_a_login(client):
    assert client.get("/analysis/").status_code == 302
    assert client.get("/analysis/map/points.json").status_code == 302


def test_a_text_search_narrows_the_figures_as_it_narrows_the_incident_list(record, analyst, client_of):
    from sijill.incidents.selectors import IncidentFilters, incident_list

    client = client_of(analyst)
    for q in ("Aleppo", "حلب", "nothing-matches-this"):
        expected = incident_list(user=analyst, filters=IncidentFilters(q=q)).count()
        response = client.get("/analysis/", {"q": q})
        assert response.status_code == 200, q
        assert re.search(rf'id="total-incidents">{expected}<', response.content.decode()), (q, expected)
