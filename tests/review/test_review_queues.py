"""Work queues: which records each holds, for whom, and their counts."""

from __future__ import annotations

import pytest

from sijill.review import services as review
from sijill.review.selectors import QueueFilters, queue_counts, queue_items, waiting_records

pytestmark = pytest.mark.django_db


def ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def claim(actor: str, source) -> dict:
    return {"actor": actor, "degree": "alleged", "sources": [source.pk]}


def test_queue_contents(documenter, reviewer, second_reviewer, coordinator, make_incident, make_source):
    from sijill.places.models import Place

    place = Place.objects.create(pcode="SY0200", name_en="Aleppo", name_ar="حلب", level=1, path="/SY/SY02/", country="SY")
    a, b, c = make_source("A", origin="SNHR"), make_source("B", origin="Violations Documentation Center"), \
        make_source("C", origin="snhr ")
    two_sources = make_incident("Two sources", sources=[a, b], place=place)
    same_origin = make_incident("Same origin twice", sources=[a, c], place=place)
    no_place = make_incident("No place", sources=[a, b])
    contested = make_incident("Contested", sources=[a, b], place=place, acts=[{
        "violation_type": "killing", "claims": [claim("isis", a), claim("sdf", b)]}])
    same_party = make_incident("Units of one party", sources=[a, b], place=place, acts=[{
        "violation_type": "killing", "claims": [claim("syrian-government-forces", a), claim("tiger-forces", b)]}])
    secret = make_incident("Secret single", sources=[a], place=place, user=coordinator, confidentiality=3)

    waiting = {two_sources.pk, same_origin.pk, no_place.pk, contested.pk, same_party.pk}
    assert ids(queue_items(user=reviewer, queue="waiting")) == waiting
    assert ids(queue_items(user=reviewer, queue="single_source")) == {same_origin.pk}
    assert ids(queue_items(user=coordinator, queue="single_source")) == {same_origin.pk, secret.pk}
    assert ids(queue_items(user=reviewer, queue="no_place")) == {no_place.pk}
    assert ids(queue_items(user=reviewer, queue="contested")) == {contested.pk}

    review.review_start(user=reviewer, kind="incident", record_id=two_sources.pk)
    review.review_assign(user=coordinator, kind="incident", record_id=no_place.pk, assignee=second_reviewer)
    assert {i.incident_id for i in queue_items(user=reviewer, queue="assigned")} == {two_sources.pk}
    assert {i.incident_id for i in queue_items(user=second_reviewer, queue="assigned")} == {no_place.pk}
    assert ids(queue_items(user=reviewer, queue="waiting")) == waiting - {two_sources.pk}

    review.review_request_changes(user=reviewer, kind="incident", record_id=two_sources.pk, note="fix")
    assert {i.incident_id for i in queue_items(user=documenter, queue="returned")} == {two_sources.pk}
    assert not queue_items(user=second_reviewer, queue="returned").exists()
    assert not queue_items(user=reviewer, queue="assigned").exists()

    person_source = make_source("To check", origin="Someone")
    review.review_submit(user=documenter, kind="source", record_id=person_source.pk)
    assert {i.source_id for i in waiting_records(user=reviewer)} == {person_source.pk}

    counts = queue_counts(user=reviewer)
    assert counts == {"assigned": 0, "waiting": 4 + 1, "returned": 0, "single_source": 1, "contested": 1,
                      "no_place": 1}
    assert queue_counts(user=documenter)["returned"] == 1


def test_decided_incidents_leave_data_quality_queues_unless_asked(documenter, reviewer, make_incident, make_source):
    single = make_incident("Single", sources=[make_source("only", origin="X")])
    review.review_start(user=reviewer, kind="incident", record_id=single.pk)
    review.review_verify(user=reviewer, kind="incident", record_id=single.pk, checklist={
        "sources_independent": "n/a", "place_date_consistent": "yes", "attribution_supported": "n/a"})
    assert not queue_items(user=reviewer, queue="single_source").exists()
    assert ids(queue_items(user=reviewer, queue="single_source", filters=QueueFilters(include_decided=True))) == {single.pk}


def test_queue_filters_by_text_and_kind(documenter, reviewer, make_incident, make_source):
    market = make_incident("Shelling of the market")
    make_incident("Detention campaign")
    assert ids(queue_items(user=reviewer, queue="waiting", filters=QueueFilters(q="market"))) == {market.pk}
    review.review_start(user=reviewer, kind="incident", record_id=market.pk)
    assert queue_items(user=reviewer, queue="assigned", filters=QueueFilters(kind="person")).count() == 0
    assert queue_items(user=reviewer, queue="assigned", filters=QueueFilters(kind="incident")).count() == 1


def test_cached_counts_follow_every_change(documenter, reviewer, make_incident, make_source):
    first = queue_counts(user=reviewer)
    make_incident("Another", sources=[make_source("X", origin="X")])
    second = queue_counts(user=reviewer)
    assert second["waiting"] == first["waiting"] + 1 and second["single_source"] == first["single_source"] + 1


def test_single_source_pages_walked_in_order_match_the_query(documenter, reviewer, make_incident, make_source):
    from sijill.review.selectors import SingleSourceQueue, single_source_slice

    a, b = make_source("A", origin="A"), make_source("B", origin="B")
    for day in range(1, 13):
        make_incident(f"Incident {day}", start_date=f"2020-01-{day:02d}", sources=[a, b] if day % 3 == 0 else [a])
    expected = list(queue_items(user=reviewer, queue="single_source").values_list("pk", flat=True))
    assert len(expected) == 8
    for offset, limit in ((0, 3), (3, 3), (6, 5), (0, 50)):
        walked = [i.pk for i in single_source_slice(user=reviewer, offset=offset, limit=limit)]
        assert walked == expected[offset:offset + limit]
    queue = SingleSourceQueue(user=reviewer, filters=QueueFilters(), total=len(expected))
    assert len(queue) == 8 and [i.pk for i in queue[2:4]] == expected[2:4]
