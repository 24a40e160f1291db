"""Corroboration: independent sources counted by origin, what each source says, the grading."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sijill.review import services as review
from sijill.review.corroboration import incident_corroboration
from sijill.review.grading import Corroboration, suggest_grading
from sijill.review.origins import origin_from_url, origin_key
from sijill.review.selectors import queue_items

pytestmark = pytest.mark.django_db


def test_two_reposts_of_one_original_count_once(documenter, reviewer, make_incident, make_source):
    original = make_source("Civil Defence post", url="https://twitter.com/SyriaCivilDef/status/1")
    repost_1 = make_source("Repost on a news page", url="https://www.facebook.com/SomeNewsPage/posts/9")
    repost_2 = make_source("Repost in a Telegram channel", url="https://t.me/local_channel/77")
    for repost in (repost_1, repost_2):
        review.source_derive(user=documenter, source_id=repost.pk, derived_from_id=original.pk)
    # The original itself is not linked to the incident: only its two reposts are.
    incident = make_incident(sources=[repost_1, repost_2])
    report = incident_corroboration(user=reviewer, incident_id=incident.pk)
    assert report.source_count == 2 and report.independent == 1
    assert report.suggested == "weak"
    # The SQL count of the queues agrees: the incident is single-source.
    assert incident.pk in set(queue_items(user=reviewer, queue="single_source").values_list("pk", flat=True))

    witness = make_source("Witness", source_type="witness-testimony")
    incident2 = make_incident(sources=[repost_1, repost_2, witness])
    assert incident_corroboration(user=reviewer, incident_id=incident2.pk).independent == 2
    assert incident2.pk not in set(queue_items(user=reviewer, queue="single_source").values_list("pk", flat=True))


def test_same_origin_named_differently_counts_once(documenter, reviewer, make_incident, make_source):
    a = make_source("A", origin="The Syrian Network for Human Rights")
    b = make_source("B", origin="syrian network for human rights")
    c = make_source("C", url="https://www.enabbaladi.net/archives/1")
    d = make_source("D", url="https://enabbaladi.net/archives/2")
    report = incident_corroboration(user=reviewer, incident_id=make_incident(sources=[a, b, c, d]).pk)
    assert report.independent == 2


def test_changing_the_original_moves_its_reposts(documenter, reviewer, make_incident, make_source):
    from sijill.review.models import SourceOrigin
    from sijill.sources.services import source_update

    original = make_source("Original", origin="Outlet A")
    repost = make_source("Repost", origin="Aggregator")
    review.source_derive(user=documenter, source_id=repost.pk, derived_from_id=original.pk)
    assert SourceOrigin.objects.get(source=repost).key == "name:outlet a"
    source_update(user=documenter, source_id=original.pk, lock_version=original.lock_version, origin="Outlet B")
    assert SourceOrigin.objects.get(source=repost).key == "name:outlet b"


def test_derivation_cycles_are_refused(documenter, make_source):
    a, b = make_source("A"), make_source("B")
    review.source_derive(user=documenter, source_id=b.pk, derived_from_id=a.pk)
    with pytest.raises(ValidationError):
        review.source_derive(user=documenter, source_id=a.pk, derived_from_id=b.pk)
    with pytest.raises(ValidationError):
        review.source_derive(user=documenter, source_id=a.pk, derived_from_id=a.pk)


def test_hidden_sources_are_not_counted(documenter, reviewer, coordinator, make_incident, make_source):
    low = make_source("Public report", origin="Outlet")
    high = make_source("Secret informant", origin="Informant", user=coordinator, confidentiality=3)
    incident = make_incident(sources=[low, high], user=coordinator)
    assert incident_corroboration(user=reviewer, incident_id=incident.pk).independent == 1
    assert incident_corroboration(user=coordinator, incident_id=incident.pk).independent == 2


def test_claims_supported_and_contradicted_and_the_suggested_grading(documenter, reviewer, make_incident, make_source):
    a, b, c = (make_source(t, origin=t) for t in ("Outlet A", "Outlet B", "Outlet C"))
    incident = make_incident(sources=[a, b], acts=[{"violation_type": "killing", "claims": [
        {"actor": "isis", "sources": [a.pk]}]}])
    report = incident_corroboration(user=reviewer, incident_id=incident.pk)
    assert (report.independent, report.suggested) == (2, "fair")

    review.assessment_set(user=reviewer, incident_id=incident.pk, aspect="date", source_id=a.pk, stance="supports",
                          value="4 March 2019")
    review.assessment_set(user=reviewer, incident_id=incident.pk, aspect="date", source_id=c.pk,
                          stance="contradicts", value="5 March 2019")
    report = incident_corroboration(user=reviewer, incident_id=incident.pk)
    date = next(r for r in report.claims if r.aspect == "date")
    assert [s.title for s, _v in date.supporting] == ["Outlet A"] and [v for _s, v in date.contradicting] == ["5 March 2019"]
    assert report.independent == 3 and report.suggested == "weak"

    claim = incident.acts.get().claims.get()
    review.assessment_set(user=reviewer, incident_id=incident.pk, aspect="perpetrator", perpetration_claim_id=claim.pk,
                          source_id=b.pk, stance="contradicts", value="SDF shelling")
    perpetrator = next(r for r in incident_corroboration(user=reviewer, incident_id=incident.pk).claims
                       if r.aspect == "perpetrator")
    assert perpetrator.supporting_origins == 1 and perpetrator.contradicting_origins == 1
    with pytest.raises(ValidationError) as exc:
        review.assessment_set(user=reviewer, incident_id=incident.pk, aspect="perpetrator", source_id=b.pk,
                              stance="maybe")
    assert {"stance", "perpetration_claim"} <= set(exc.value.message_dict)


def test_competing_claims_suggest_contested_and_the_analyst_decides(documenter, reviewer, make_incident, make_source):
    a, b = make_source("A", origin="A"), make_source("B", origin="B")
    incident = make_incident(sources=[a, b], acts=[{"violation_type": "killing", "claims": [
        {"actor": "isis", "sources": [a.pk]}, {"actor": "sdf", "sources": [b.pk]}]}])
    report = incident_corroboration(user=reviewer, incident_id=incident.pk)
    assert report.suggested == "contested" and "parties" in report.reasons[0]
    updated = review.grading_apply(user=reviewer, incident_id=incident.pk, grading="weak", note="analyst's call")
    assert updated.grading.code == "weak"


@pytest.mark.parametrize(("basis", "expected"), [
    (Corroboration(independent_sources=0), "weak"),
    (Corroboration(independent_sources=1), "weak"),
    (Corroboration(independent_sources=2), "fair"),
    (Corroboration(independent_sources=2, acknowledged=True), "confirmed"),
    (Corroboration(independent_sources=3, reliable_origins=1), "confirmed"),
    (Corroboration(independent_sources=3, reliable_origins=0), "fair"),
    (Corroboration(independent_sources=3, parties_claimed=2), "contested"),
    (Corroboration(independent_sources=2, supporting_origins=1, contradicting_origins=1), "discounted"),
    (Corroboration(independent_sources=4, supporting_origins=3, contradicting_origins=1), "weak"),
])
def test_grading_rules(basis, expected):
    assert suggest_grading(basis)[0] == expected


@pytest.mark.parametrize(("url", "site"), [
    ("https://twitter.com/SyriaCivilDef/status/1", "x.com/syriacivildef"),
    ("https://x.com/syriacivildef/status/2", "x.com/syriacivildef"),
    ("https://m.facebook.com/SomePage/posts/1", "facebook.com/somepage"),
    ("https://www.youtube.com/channel/UC123/videos", "youtube.com/uc123"),
    ("https://www.enabbaladi.net/archives/1", "enabbaladi.net"),
    ("", ""),
])
def test_origin_from_url(url, site):
    assert origin_from_url(url) == site


def test_origin_key_prefers_the_named_origin_and_folds_arabic():
    assert origin_key(origin="الشبكة السورية لحقوق الإنسان", url="", source_id=1) == \
        origin_key(origin="الشبكه السوريه لحقوق الانسان", url="https://x.com/snhr", source_id=2)
    assert origin_key(origin="", url="", source_id=7) == "source:7"
