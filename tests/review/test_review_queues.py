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


def reference(user, queue: str) -> set[int]:
    """The queue recounted from every link and claim (the slow way the summary replaces)."""
    from sijill.review.selectors import (
        _incidents,
        contested_incident_ids,
        multi_source_incident_ids,
    )

    qs = _incidents(user, QueueFilters(include_decided=True))
    if queue == "single_source":
        return ids(qs.exclude(pk__in=multi_source_incident_ids(user=user)))
    return ids(qs.filter(pk__in=contested_incident_ids()))


def decided_too(user, queue: str) -> set[int]:
    return ids(queue_items(user=user, queue=queue, filters=QueueFilters(include_decided=True)))


def test_the_summary_follows_every_change_the_services_make(documenter, reviewer, coordinator, make_incident,
                                                           make_source):
    """Links added and removed on an incident, an act and a claim, a repost marked, a source made
    secret or deleted, a competing claim: after each, the indexed queues equal a full recount."""
    from sijill.incidents.services import act_add, claim_add, incident_update
    from sijill.sources.services import source_update

    a, b = make_source("A", origin="A"), make_source("B", origin="B")
    plain = make_incident("Plain", sources=[a])
    later = make_incident("Later", sources=[])

    def agree():
        from django.core.cache import cache

        cache.clear()  # claim_add alone writes no audit event, which the cached counts follow
        for user in (reviewer, coordinator):
            counts = queue_counts(user=user)  # read from the summary alone
            for queue in ("single_source", "contested"):
                assert decided_too(user, queue) == reference(user, queue), (user.username, queue)
                assert counts[queue] == queue_items(user=user, queue=queue).count(), (user.username, queue)

    agree()
    assert plain.pk in decided_too(reviewer, "single_source")
    incident_update(user=documenter, incident_id=plain.pk, lock_version=plain.lock_version, sources=[a.pk, b.pk])
    agree()
    assert plain.pk not in decided_too(reviewer, "single_source")

    repost = make_source("Repost of A", origin="Someone else")
    review.source_derive(user=documenter, source_id=b.pk, derived_from_id=a.pk)  # B only repeats A
    agree()
    assert plain.pk in decided_too(reviewer, "single_source")
    review.source_derive(user=documenter, source_id=b.pk, derived_from_id=None)
    agree()

    act = act_add(user=documenter, incident_id=later.pk, violation_type="killing", sources=[repost.pk],
                  claims=[claim("isis", a)])
    agree()
    assert later.pk not in decided_too(reviewer, "contested")  # one party
    claim_add(user=documenter, act=act, actor="sdf", sources=[b.pk])
    agree()
    assert later.pk in decided_too(reviewer, "contested") and later.pk not in decided_too(reviewer, "single_source")

    # The second origin becomes secret: corroborated for the coordinator (clearance 3), not the analyst (2).
    source_update(user=coordinator, source_id=b.pk, lock_version=b.lock_version, confidentiality=3)
    agree()
    assert plain.pk in decided_too(reviewer, "single_source") and plain.pk not in decided_too(coordinator, "single_source")

    act.delete()
    agree()
    assert later.pk not in decided_too(coordinator, "contested")


def test_review_origins_rebuilds_the_summary_after_a_bulk_write(documenter, reviewer, make_incident, make_source):
    from django.core.management import call_command

    from sijill.incidents.models import Incident
    from sijill.review.models import CorroborationSummary

    a, b = make_source("A", origin="A"), make_source("B", origin="B")
    incident = make_incident("Bulk", sources=[a])
    # A bulk tool links a second source straight into the table: no signal, the summary is stale ...
    Incident.sources.through.objects.bulk_create([Incident.sources.through(incident_id=incident.pk, source_id=b.pk)])
    assert incident.pk in decided_too(reviewer, "single_source") != reference(reviewer, "single_source")
    # ... until `sijill review_origins` recomputes every incident.
    CorroborationSummary.objects.all().delete()
    call_command("review_origins")
    assert decided_too(reviewer, "single_source") == reference(reviewer, "single_source")
    assert incident.pk not in decided_too(reviewer, "single_source")


def test_an_import_batch_brings_the_summary_in_step(make_user, tmp_path):
    """An import writes claims in bulk; its audit event names the incidents, and the summary follows."""
    import csv

    from sijill.confidentiality import Confidentiality
    from sijill.intake.services import import_execute, import_prepare, mapping_save

    importer = make_user("analyst", Confidentiality.RESTRICTED, username="importer")
    mapping_save(user=importer, name="partner", target="incident", source_name="partner", spec={
        "key": ["id"], "fields": {"title_en": "title", "start_date": "date", "violation_type": "violation",
                                  "actors": "by"}})
    path = tmp_path / "incidents.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "date", "violation", "by"])
        writer.writerow(["1", "Strike", "2019-03-04", "killing", "ISIS; SDF"])
        writer.writerow(["2", "Raid", "2019-03-05", "killing", "ISIS"])
    run = import_execute(run_id=import_prepare(user=importer, path=path, mapping_name="partner").pk)
    assert run.created == 2, list(run.rejections.values_list("reasons", flat=True))
    assert decided_too(importer, "contested") == reference(importer, "contested")
    assert len(decided_too(importer, "contested")) == 1
