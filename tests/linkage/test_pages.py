"""The review pages: pairs side by side, decisions by form or fetch, clusters with split, and
nothing of a record above the reader's clearance."""

from __future__ import annotations

import pytest

from sijill.confidentiality import Confidentiality
from sijill.linkage.models import ClusterMember, Decision, PersonCluster

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_of(client, no_2fa):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def test_queue_shows_both_scripts_and_the_evidence_for_and_against(person, analyst, proposed, client_of):
    a, b = person("محمد الحسين"), person("", "Mohammad al-Hussein")
    proposed("persons", [(a, b, 12.5)])
    page = client_of(analyst).get("/linkage/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<p class="name-ar" dir="rtl" lang="ar">محمد الحسين</p>' in html
    assert '<p class="name-latin" dir="ltr" lang="en">Mohammad al-Hussein</p>' in html
    assert 'class="f-agree"' in html and 'class="f-disagree"' in html and "12.5" in html
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html


def test_decision_by_fetch_returns_json_and_merges(person, analyst, proposed, client_of):
    a, b = person("أحمد خليل"), person("", "Ahmad Khalil")
    pair = proposed("persons", [(a, b, 9.0)]).pairs.get()
    response = client_of(analyst).post(f"/linkage/pairs/{pair.pk}/decide/", {"verdict": "accept"},
                                       HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200 and response.json()["verdict"] == "accept"
    cluster = PersonCluster.objects.get()
    assert set(cluster.members.values_list("person_id", flat=True)) == {a.pk, b.pk}
    page = client_of(analyst).get(f"/linkage/clusters/{cluster.pk}/")
    assert "Ahmad Khalil" in page.content.decode()
    split = client_of(analyst).post(f"/linkage/clusters/{cluster.pk}/split/{b.pk}/")
    assert split.status_code == 302
    assert not ClusterMember.objects.filter(left_at__isnull=True).exists()
    history = client_of(analyst).get(f"/linkage/clusters/{cluster.pk}/").content.decode()
    assert 'class="past"' in history and "split from the cluster" in history


def test_viewer_sees_no_secret_pair_and_may_not_decide(person, make_user, proposed, client_of):
    a = person("خالد الأحمد", confidentiality=Confidentiality.SECRET)
    b = person("", "Khaled al-Ahmad")
    c, d = person("سامر حسن"), person("", "Samer Hassan")
    run = proposed("persons", [(a, b, 11.0), (c, d, 9.0)])
    viewer = make_user("viewer", Confidentiality.INTERNAL)
    html = client_of(viewer).get("/linkage/").content.decode()
    assert "Samer Hassan" in html and "خالد الأحمد" not in html and "Khaled al-Ahmad" not in html
    assert "1 pair to review" in html and 'class="decide"' not in html
    secret = run.pairs.get(left_id=min(a.pk, b.pk))
    assert client_of(viewer).post(f"/linkage/pairs/{secret.pk}/decide/", {"verdict": "accept"}).status_code == 403
    analyst = make_user("analyst", Confidentiality.RESTRICTED)
    assert client_of(analyst).post(f"/linkage/pairs/{secret.pk}/decide/", {"verdict": "accept"}).status_code == 404
    assert Decision.objects.count() == 0


def test_queue_reads_in_arabic(person, analyst, proposed, client_of):
    a, b = person("محمد الحسين"), person("", "Mohammad al-Hussein")
    proposed("persons", [(a, b, 12.5)])
    html = client_of(analyst).get("/linkage/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html and "ربط الأشخاص" in html and "زوج واحد للمراجعة" in html
    assert "الاسم الأول" in html and "الشخص نفسه" in html


def test_person_page_links_to_the_merged_person(person, analyst, client_of):
    from sijill.linkage import services

    a = person("محمد الحسين", death_date="2017-06-03", cause_of_death="Shelling")
    b = person("", "Mohammad al-Hussein")
    services.pair_decide(user=analyst, kind="persons", left_id=a.pk, right_id=b.pk, verdict="accept")
    cluster = PersonCluster.objects.get()
    html = client_of(analyst).get(f"/persons/{a.pk}/").content.decode()
    assert f'href="/linkage/clusters/{cluster.pk}/" id="merged-person"' in html
    assert "2017-06-03" in html and "Shelling" in html
