"""Decisions on proposed pairs: merges into canonical clusters, splits that undo them, the audit
trail, and what a reader below a record's clearance never sees."""

from __future__ import annotations

import pytest

from sijill.audit.models import AuditEvent
from sijill.audit.services import audit_verify
from sijill.confidentiality import Confidentiality
from sijill.errors import NotFound, PermissionDenied
from sijill.linkage import selectors, services
from sijill.linkage.models import ClusterMember, Decision, PersonCluster

pytestmark = pytest.mark.django_db


def _members(person_id):
    cluster = ClusterMember.objects.filter(person_id=person_id, left_at__isnull=True).first()
    if cluster is None:
        return set()
    return set(ClusterMember.objects.filter(cluster_id=cluster.cluster_id, left_at__isnull=True)
               .values_list("person_id", flat=True))


def test_accepting_pairs_builds_one_canonical_cluster_and_keeps_every_person(person, analyst, proposed):
    a = person("محمد الحسين")
    b = person("", "Mohammad al-Hussein")
    c = person("", "Muhammed Alhussain")
    run = proposed("persons", [(a, b, 12.0), (b, c, 9.0)])
    first, second = run.pairs.order_by("-match_weight")
    services.pair_decide_by_id(user=analyst, pair_id=first.pk, verdict="accept")
    assert _members(a.pk) == {a.pk, b.pk}
    services.pair_decide_by_id(user=analyst, pair_id=second.pk, verdict="accept")
    assert _members(c.pk) == {a.pk, b.pk, c.pk}
    cluster = PersonCluster.objects.get(dissolved_at__isnull=True)
    assert cluster.canonical_id == a.pk
    from sijill.people.models import Person

    assert Person.objects.filter(pk__in=[a.pk, b.pk, c.pk], deleted_at__isnull=True).count() == 3
    assert list(selectors.review_queue(user=analyst, kind="persons")) == []


def test_split_undoes_a_merge_and_the_history_shows_both(person, analyst, proposed):
    a, b, c = person("أحمد خليل"), person("", "Ahmad Khalil"), person("", "Ahmed Khaleel")
    run = proposed("persons", [(a, b, 10.0), (a, c, 8.0)])
    for pair in run.pairs.all():
        services.pair_decide_by_id(user=analyst, pair_id=pair.pk, verdict="accept")
    cluster = PersonCluster.objects.get()
    assert _members(a.pk) == {a.pk, b.pk, c.pk}

    services.person_split(user=analyst, cluster_id=cluster.pk, person_id=c.pk)
    assert _members(a.pk) == {a.pk, b.pk} and _members(c.pk) == set()
    history = selectors.cluster_detail(user=analyst, cluster_id=cluster.pk)
    gone = [m for m in history.members if m.person_id == c.pk]
    assert len(gone) == 1 and gone[0].left_at is not None and gone[0].left_by.verdict == "split"
    assert gone[0].joined_by.verdict == "accept"

    # Splitting the last pair dissolves the cluster; nobody is deleted, the memberships remain.
    pair_ab = run.pairs.get(right_id=max(a.pk, b.pk), left_id=min(a.pk, b.pk))
    services.pair_decide_by_id(user=analyst, pair_id=pair_ab.pk, verdict="split")
    cluster.refresh_from_db()
    assert cluster.dissolved_at is not None and _members(a.pk) == set()
    assert ClusterMember.objects.filter(cluster=cluster).count() == 3
    events = list(AuditEvent.objects.filter(record_type="person_cluster", record_id=str(cluster.pk)).order_by("seq"))
    assert [e.action for e in events] == ["merge", "update", "update", "update"]
    assert events[-1].changes["members"] == [[a.pk, b.pk], []]
    assert audit_verify()[1] is None


def test_a_split_record_joined_through_others_leaves_the_cluster(person, analyst, proposed):
    a, b, c = person("عمر صالح"), person("", "Omar Saleh"), person("", "Omar Salih")
    run = proposed("persons", [(a, b, 10.0), (b, c, 9.0), (a, c, 7.0)])
    for pair in run.pairs.all():
        services.pair_decide_by_id(user=analyst, pair_id=pair.pk, verdict="accept")
    services.pair_decide(user=analyst, kind="persons", left_id=a.pk, right_id=c.pk, verdict="split")
    assert _members(a.pk) == {a.pk, b.pk} and _members(c.pk) == set()
    # The engine is told: a~b together; a~c and b~c never directly.
    assert sorted(services.engine_decisions("persons")) == sorted([
        (str(a.pk), str(b.pk), True), (str(a.pk), str(c.pk), False), (str(b.pk), str(c.pk), False)])


def test_reject_of_an_undecided_pair_changes_no_cluster_and_is_audited(person, analyst, proposed):
    a, b = person("فاطمة العلي"), person("", "Fatima al-Ali")
    run = proposed("persons", [(a, b, 4.0)])
    decision = services.pair_decide_by_id(user=analyst, pair_id=run.pairs.get().pk, verdict="reject", note="ages differ")
    assert PersonCluster.objects.count() == 0
    event = AuditEvent.objects.get(record_type="linkage_decision", record_id=str(decision.pk))
    assert event.action == "linkage-reject" and event.username == analyst.username
    assert event.changes["verdict"] == [None, "reject"] and event.changes["note"] == [None, "ages differ"]
    assert (decision.user, decision.at is not None) == (analyst, True)


def test_viewer_with_low_clearance_never_sees_a_secret_persons_pair(person, make_user, proposed):
    a = person("خالد الأحمد", confidentiality=Confidentiality.SECRET)
    b = person("", "Khaled al-Ahmad")
    c, d = person("سامر حسن"), person("", "Samer Hassan")
    run = proposed("persons", [(a, b, 11.0), (c, d, 9.0)])
    secret_pair = run.pairs.get(left_id=min(a.pk, b.pk))
    viewer = make_user("viewer", Confidentiality.INTERNAL)
    analyst = make_user("analyst", Confidentiality.RESTRICTED)
    for reader in (viewer, analyst):
        shown = list(selectors.review_queue(user=reader, kind="persons"))
        assert [(p.left_id, p.right_id) for p in shown] == [(min(c.pk, d.pk), max(c.pk, d.pk))]
        with pytest.raises(NotFound):
            selectors.pair_get(user=reader, pair_id=secret_pair.pk)
    with pytest.raises(NotFound):
        services.pair_decide(user=analyst, kind="persons", left_id=a.pk, right_id=b.pk, verdict="accept")
    with pytest.raises(PermissionDenied):
        services.pair_decide_by_id(user=viewer, pair_id=run.pairs.exclude(pk=secret_pair.pk).get().pk,
                                   verdict="accept")
    assert Decision.objects.count() == 0
    admin = make_user("admin", Confidentiality.SECRET)
    services.pair_decide_by_id(user=admin, pair_id=secret_pair.pk, verdict="accept")
    cluster = PersonCluster.objects.get()
    # The analyst sees the cluster only through the member they are cleared for.
    view = selectors.cluster_detail(user=analyst, cluster_id=cluster.pk)
    assert [m.person_id for m in view.members] == [b.pk] and a.pk not in view.persons
    assert [v.cluster.pk for v in selectors.cluster_list(user=viewer)] == [cluster.pk]
    only_secret = person("نور", confidentiality=Confidentiality.SECRET)
    other = person("", "Nour", confidentiality=Confidentiality.SECRET)
    services.pair_decide(user=admin, kind="persons", left_id=only_secret.pk, right_id=other.pk, verdict="accept")
    hidden = PersonCluster.objects.get(canonical_id=min(only_secret.pk, other.pk))
    with pytest.raises(NotFound):
        selectors.cluster_detail(user=analyst, cluster_id=hidden.pk)
    assert hidden.pk not in [v.cluster.pk for v in selectors.cluster_list(user=analyst)]


def test_rejecting_the_link_in_the_middle_leaves_two_clusters(person, analyst):
    a, b, c, d = (person("", f"Hassan Ali {n}") for n in range(4))
    for left, right in ((a, b), (b, c), (c, d)):
        services.pair_decide(user=analyst, kind="persons", left_id=left.pk, right_id=right.pk, verdict="accept")
    assert _members(a.pk) == {a.pk, b.pk, c.pk, d.pk}
    services.pair_decide(user=analyst, kind="persons", left_id=b.pk, right_id=c.pk, verdict="reject")
    assert _members(a.pk) == {a.pk, b.pk} and _members(d.pk) == {c.pk, d.pk}
    first, second = (ClusterMember.objects.get(person=a, left_at__isnull=True).cluster,
                     ClusterMember.objects.get(person=d, left_at__isnull=True).cluster)
    assert first != second and (first.canonical_id, second.canonical_id) == (a.pk, c.pk)
    # Accepting it again joins them back into one.
    services.pair_decide(user=analyst, kind="persons", left_id=b.pk, right_id=c.pk, verdict="accept")
    assert _members(d.pk) == {a.pk, b.pk, c.pk, d.pk}
    assert PersonCluster.objects.filter(dissolved_at__isnull=True).count() == 1
