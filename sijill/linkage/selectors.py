"""Reading linkage: the review queue, pairs, runs and clusters, always within the reader's clearance.

A pair is shown only when the reader may see both of its records; a cluster only through the
members the reader may see, and not at all when they may see none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from sijill.confidentiality import visible_to
from sijill.errors import NotFound
from sijill.incidents.models import Incident
from sijill.people.models import Person

from .models import CandidatePair, ClusterMember, Decision, Kind, LinkRun, PersonCluster, RunStatus


def _visible_ids(user, kind: str):
    model = Person if kind == Kind.PERSONS else Incident
    return visible_to(model.objects.all(), user).values("pk")


def latest_run(*, kind: str) -> LinkRun | None:
    return LinkRun.objects.filter(kind=kind, status=RunStatus.DONE).order_by("-id").first()


def run_list(*, kind: str | None = None) -> QuerySet[LinkRun]:
    runs = LinkRun.objects.all()
    return runs.filter(kind=kind) if kind else runs


def visible_pairs(*, user, kind: str, run: LinkRun | None = None) -> QuerySet[CandidatePair]:
    """The pairs of `run` (default: the latest run) whose two records `user` may see."""
    run = run or latest_run(kind=kind)
    if run is None:
        return CandidatePair.objects.none()
    visible = _visible_ids(user, kind)
    return run.pairs.filter(left_id__in=visible, right_id__in=visible)


def review_queue(*, user, kind: str = Kind.PERSONS, run: LinkRun | None = None) -> QuerySet[CandidatePair]:
    """Pairs still to decide: not decided before, and (persons) not already in one cluster;
    strongest first."""
    decided = Decision.objects.filter(kind=kind, left_id=OuterRef("left_id"), right_id=OuterRef("right_id"))
    pairs = visible_pairs(user=user, kind=kind, run=run).exclude(Exists(decided))
    if kind == Kind.PERSONS:
        together = ClusterMember.objects.filter(
            person_id=OuterRef("right_id"), left_at__isnull=True,
            cluster__members__person_id=OuterRef("left_id"), cluster__members__left_at__isnull=True)
        pairs = pairs.exclude(Exists(together))
    return pairs.order_by("-match_weight", "id")


def pair_get(*, user, pair_id) -> CandidatePair:
    try:
        pair_id = int(pair_id)
    except (TypeError, ValueError):
        raise NotFound(f"No pair {pair_id!r}.") from None
    pair = CandidatePair.objects.filter(pk=pair_id).select_related("run").first()
    if pair is None:
        raise NotFound(f"No pair {pair_id}.")
    model = Person if pair.kind == Kind.PERSONS else Incident
    if visible_to(model.objects.filter(pk__in=[pair.left_id, pair.right_id]), user).count() != 2:
        raise NotFound(f"No pair {pair_id}.")
    return pair


def records_by_id(*, user, kind: str, ids) -> dict[int, object]:
    """The persons (with origin) or incidents among `ids` that `user` may see."""
    if kind == Kind.PERSONS:
        rows = visible_to(Person.objects.select_related("origin"), user).filter(pk__in=list(ids))
    else:
        rows = visible_to(Incident.objects.select_related("place"), user).filter(pk__in=list(ids))
    return {row.pk: row for row in rows}


def decisions_of_pairs(pairs) -> dict[tuple[int, int], Decision]:
    """The decision in force on each of `pairs` (those decided)."""
    keys = {(p.left_id, p.right_id) for p in pairs}
    if not keys:
        return {}
    found: dict[tuple[int, int], Decision] = {}
    kind = next(iter(pairs)).kind
    rows = Decision.objects.filter(kind=kind, left_id__in={k[0] for k in keys}, right_id__in={k[1] for k in keys})
    for decision in rows.select_related("user").order_by("-id"):
        key = (decision.left_id, decision.right_id)
        if key in keys:
            found.setdefault(key, decision)
    return found


def decision_history(*, user, kind: str, limit: int = 50) -> list[Decision]:
    """The latest decisions on records `user` may see."""
    visible = _visible_ids(user, kind)
    return list(Decision.objects.filter(kind=kind, left_id__in=visible, right_id__in=visible)
                .select_related("user").order_by("-id")[:limit])


@dataclass
class ClusterView:
    cluster: PersonCluster
    members: list = field(default_factory=list)  # [ClusterMember] the reader may see, active ones first
    persons: dict = field(default_factory=dict)  # person id -> Person


def cluster_list(*, user) -> list[ClusterView]:
    """Active clusters with at least one member the reader may see."""
    visible = _visible_ids(user, Kind.PERSONS)
    members = (ClusterMember.objects.filter(left_at__isnull=True, person_id__in=visible,
                                            cluster__dissolved_at__isnull=True)
               .select_related("cluster").order_by("-cluster_id", "person_id"))
    views: dict[int, ClusterView] = {}
    for member in members:
        views.setdefault(member.cluster_id, ClusterView(member.cluster)).members.append(member)
    persons = records_by_id(user=user, kind=Kind.PERSONS, ids={m.person_id for v in views.values() for m in v.members})
    for view in views.values():
        view.persons = persons
        for member in view.members:
            member.record = persons.get(member.person_id)
    return list(views.values())


def cluster_get(*, user, cluster_id) -> PersonCluster:
    try:
        cluster_id = int(cluster_id)
    except (TypeError, ValueError):
        raise NotFound(f"No cluster {cluster_id!r}.") from None
    visible = _visible_ids(user, Kind.PERSONS)
    cluster = PersonCluster.objects.filter(pk=cluster_id, members__person_id__in=visible).distinct().first()
    if cluster is None:
        raise NotFound(f"No cluster {cluster_id}.")
    return cluster


def cluster_detail(*, user, cluster_id) -> ClusterView:
    """A cluster with every membership (current and past) of persons the reader may see."""
    cluster = cluster_get(user=user, cluster_id=cluster_id)
    visible = _visible_ids(user, Kind.PERSONS)
    members = list(cluster.members.filter(person_id__in=visible)
                   .select_related("joined_by__user", "left_by__user").order_by("left_at", "joined_at", "id"))
    members.sort(key=lambda m: (m.left_at is not None, m.joined_at))
    persons = records_by_id(user=user, kind=Kind.PERSONS, ids={m.person_id for m in members})
    return ClusterView(cluster, members, persons)


def cluster_of_person(*, user, person_id: int) -> PersonCluster | None:
    """The active cluster of a person the reader may see, if any."""
    member = (ClusterMember.objects.filter(person_id=person_id, left_at__isnull=True,
                                           person_id__in=_visible_ids(user, Kind.PERSONS))
              .select_related("cluster").first())
    return member.cluster if member else None


def person_provenance(*, user, person_ids) -> dict[int, list[dict]]:
    """Where each person record came from: its imports (source, record id, run, row) and the
    sources cited for it that `user` may see."""
    from sijill.intake.models import ImportRecord
    from sijill.sources.models import Source

    found: dict[int, list[dict]] = {pid: [] for pid in person_ids}
    for rec in ImportRecord.objects.filter(target_type="person", target_id__in=list(person_ids)).order_by("id"):
        found.setdefault(rec.target_id, []).append(
            {"source": rec.source, "key": rec.source_key, "run": rec.run_id, "row": rec.row_number})
    through = Person.sources.through.objects.filter(person_id__in=list(person_ids),
                                                    source__in=visible_to(Source.objects.all(), user))
    for pid, title, origin in through.values_list("person_id", "source__title", "source__origin"):
        found.setdefault(pid, []).append({"source": origin or title, "key": title, "run": None, "row": None})
    return found
