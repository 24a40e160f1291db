"""Writing linkage: runs of the engine, analysts' decisions, and the person clusters they build.

A run only proposes pairs. A person cluster exists only because analysts accepted pairs: after
every decision the clusters touched are recomputed as the connected groups of accepted pairs, so
a split (or a reject of a pair accepted before) undoes exactly the merges that depended on it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from itertools import islice

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.services import record_changed
from sijill.confidentiality import visible_to
from sijill.errors import NotFound
from sijill.input_rules import require_role
from sijill.people.models import Person

from .models import (
    CandidatePair,
    ClusterMember,
    Decision,
    Kind,
    LinkRun,
    PersonCluster,
    RunStatus,
    Verdict,
)

BACKENDS = ("duckdb", "spark")
# Deciding on pairs joins and splits records filed by others: the role must allow editing any record.
DECIDE = "edit_any"


class LinkageError(Exception):
    """A run could not start or finish (the message says why); nothing of it is kept as done."""


def _json_safe(value):
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def decisions_in_force(kind: str) -> dict[tuple[int, int], str]:
    """The latest verdict on every pair analysts have decided, {(left, right): verdict}."""
    latest: dict[tuple[int, int], str] = {}
    for left, right, verdict in Decision.objects.filter(kind=kind).order_by("-id").values_list(
            "left_id", "right_id", "verdict").iterator(chunk_size=5000):
        latest.setdefault((left, right), verdict)
    return latest


def engine_decisions(kind: str) -> list[tuple[str, str, bool]]:
    """Decisions as the engine takes them: accepted pairs are forced together, the others apart."""
    return [(str(left), str(right), verdict == Verdict.ACCEPT)
            for (left, right), verdict in sorted(decisions_in_force(kind).items())]


def _batches(items, size: int):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def _store_pairs(run: LinkRun, pairs, *, progress: Callable[[int], None] | None = None) -> int:
    stored = 0
    seen = set()
    for chunk in _batches(pairs, 5000):
        rows = []
        for pair in chunk:
            left, right = sorted((int(pair.left), int(pair.right)))
            if left == right or (left, right) in seen:
                continue
            seen.add((left, right))
            features = pair.features
            if int(pair.left) != left:  # stored left < right: swap the sides of each feature too
                features = {name: {**f, "left": f.get("right"), "right": f.get("left")} for name, f in features.items()}
            rows.append(CandidatePair(
                run=run, kind=run.kind, left_id=left, right_id=right, match_weight=float(pair.match_weight),
                match_probability=float(pair.match_probability), features=_json_safe(features),
            ))
        CandidatePair.objects.bulk_create(rows)
        stored += len(rows)
        if progress:
            progress(len(chunk))
    return stored


def link_run(*, kind: str, user=None, backend: str = "duckdb", threshold: float = 0.5,
             progress: Callable[[str, int, int | None], None] | None = None) -> LinkRun:
    """Link every live person (or incident), store the run, its candidate pairs and clusters.

    `user` None is the command line: every record is read. A user is read within their clearance.
    `progress(stage, done, total)` is told how far each stage is.
    """
    from sijill.linkage import engine

    from .inputs import incident_records, person_records

    if kind not in Kind.values:
        raise LinkageError(_("Unknown kind %(kind)r; link persons or incidents.") % {"kind": kind})
    if backend not in BACKENDS:
        raise LinkageError(_("Unknown backend %(backend)r; use duckdb or spark.") % {"backend": backend})
    if not 0 < threshold < 1:
        raise LinkageError(_("The threshold is a match probability between 0 and 1, not %(value)s.") % {"value": threshold})
    if user is not None:
        require_role(user, DECIDE)
    say = progress or (lambda stage, done, total: None)
    previous = LinkRun.objects.filter(kind=kind, status=RunStatus.DONE).exclude(parameters={}).first()
    run = LinkRun.objects.create(kind=kind, backend=backend, threshold=threshold, user=user)
    timing = {}
    notes: list[str] = []
    try:
        started = time.perf_counter()
        say("read", 0, None)
        records = person_records(user) if kind == Kind.PERSONS else incident_records(user)
        decisions = engine_decisions(kind)
        timing["read"] = round(time.perf_counter() - started, 3)
        say("read", len(records), len(records))
        started = time.perf_counter()
        say("link", 0, len(records))
        if kind == Kind.PERSONS:
            try:
                result = engine.link_persons(records, backend=backend, decisions=decisions, threshold=threshold,
                                             previous_parameters=previous.parameters if previous else None)
            except ValueError as exc:
                if previous is None:
                    raise
                # The previous run's estimates are only a starting point; when the engine cannot
                # start from them, it estimates afresh, and the run says so.
                notes.append(f"previous parameters (run {previous.pk}) refused by the engine: {exc}; "
                             "estimated afresh")
                result = engine.link_persons(records, backend=backend, decisions=decisions, threshold=threshold)
        else:
            result = engine.link_incidents(records, backend=backend, decisions=decisions, threshold=threshold)
        timing["link"] = round(time.perf_counter() - started, 3)
        say("link", len(records), len(records))
        started = time.perf_counter()
        done = 0

        def stored(n):
            nonlocal done
            done += n
            say("store", done, len(result.pairs))

        with transaction.atomic():
            pair_count = _store_pairs(run, result.pairs, progress=stored)
            clusters = sorted((sorted(c, key=int) for c in result.clusters if len(c) > 1), key=lambda c: int(c[0]))
            timing["store"] = round(time.perf_counter() - started, 3)
            LinkRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, finished_at=timezone.now(), records=len(records), decisions_used=len(decisions),
                pair_count=pair_count, cluster_count=len(clusters), clusters=clusters, timing=timing,
                parameters=_json_safe(result.parameters or {}), message="\n".join(notes),
            )
    except Exception as exc:
        LinkRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, finished_at=timezone.now(),
                                                 timing=timing, message=f"{type(exc).__name__}: {exc}")
        raise
    run.refresh_from_db()
    return run


# -- decisions and clusters

def _visible_record(user, kind: str, record_id: int):
    from sijill.incidents.models import Incident
    from sijill.people.models import Person

    model = Person if kind == Kind.PERSONS else Incident
    if not visible_to(model.objects.filter(pk=record_id), user).exists():
        raise NotFound(_("No %(kind)s record %(id)s.") % {"kind": kind, "id": record_id})


def _accepted_edges(person_ids) -> dict[int, set[int]]:
    """Accepted pairs in force that touch `person_ids`, as adjacency."""
    ids = list(person_ids)
    rows = Decision.objects.filter(kind=Kind.PERSONS).filter(Q(left_id__in=ids) | Q(right_id__in=ids)).order_by(
        "-id").values_list("left_id", "right_id", "verdict")
    latest: dict[tuple[int, int], str] = {}
    for left, right, verdict in rows:
        latest.setdefault((left, right), verdict)
    edges: dict[int, set[int]] = {}
    for (left, right), verdict in latest.items():
        if verdict == Verdict.ACCEPT:
            edges.setdefault(left, set()).add(right)
            edges.setdefault(right, set()).add(left)
    return edges


def _component(person_id: int) -> set[int]:
    """The persons joined to `person_id` through accepted pairs in force."""
    seen = {person_id}
    frontier = {person_id}
    while frontier:
        edges = _accepted_edges(frontier)
        frontier = {n for p in frontier for n in edges.get(p, ())} - seen
        seen |= frontier
    return seen


def _cluster_snapshot(cluster: PersonCluster) -> dict:
    members = sorted(cluster.members.filter(left_at__isnull=True).values_list("person_id", flat=True))
    return {"canonical": cluster.canonical_id, "members": members,
            "dissolved": cluster.dissolved_at.isoformat() if cluster.dissolved_at else None}


def _reconcile(*, user, decision: Decision, person_ids) -> list[PersonCluster]:
    """Make the clusters of `person_ids` (and of everyone sharing a cluster with them) equal the
    connected groups of accepted pairs; record each changed cluster's before and after."""
    active = {m.person_id: m for m in ClusterMember.objects.filter(
        left_at__isnull=True, cluster__members__person_id__in=list(person_ids),
        cluster__members__left_at__isnull=True).select_related("cluster").distinct()}
    affected = set(person_ids) | set(active)
    components: list[set[int]] = []
    placed: set[int] = set()
    for pid in sorted(affected):
        if pid not in placed:
            component = _component(pid)
            components.append(component)
            placed |= component
    for component in components:
        for pid in component - set(active):
            for m in ClusterMember.objects.filter(person_id=pid, left_at__isnull=True).select_related("cluster"):
                active[pid] = m
    touched = {m.cluster_id: m.cluster for m in active.values()}
    before = {cid: _cluster_snapshot(c) for cid, c in touched.items()}
    now = timezone.now()
    changed: dict[int, PersonCluster] = {}

    def leave(member: ClusterMember) -> None:
        member.left_at, member.left_by = now, decision
        member.save(update_fields=["left_at", "left_by"])
        changed[member.cluster_id] = member.cluster

    kept: set[int] = set()  # a cluster split in two lives on in one part; the other gets a new cluster
    for component in sorted(components, key=lambda c: (-len(c), min(c))):
        if len(component) < 2:
            for pid in component:
                if pid in active:
                    leave(active.pop(pid))
            continue
        counts: dict[int, int] = {}
        for pid in component:
            if pid in active and active[pid].cluster_id not in kept:
                counts[active[pid].cluster_id] = counts.get(active[pid].cluster_id, 0) + 1
        if counts:
            keep = touched[min(counts, key=lambda cid: (-counts[cid], cid))]
        else:
            keep = PersonCluster.objects.create(canonical_id=min(component))
            before[keep.pk] = None
        kept.add(keep.pk)
        for pid in sorted(component):
            member = active.get(pid)
            if member is not None and member.cluster_id == keep.pk:
                continue
            if member is not None:
                leave(member)
            active[pid] = ClusterMember.objects.create(cluster=keep, person_id=pid, joined_by=decision)
            changed[keep.pk] = keep
        if keep.canonical_id not in component:
            keep.canonical_id = min(component)
            keep.save(update_fields=["canonical"])
            changed[keep.pk] = keep
    for cluster in list(changed.values()):
        remaining = list(cluster.members.filter(left_at__isnull=True))
        if len(remaining) < 2 and cluster.dissolved_at is None:
            for member in remaining:
                member.left_at, member.left_by = now, decision
                member.save(update_fields=["left_at", "left_by"])
            cluster.dissolved_at = now
            cluster.save(update_fields=["dissolved_at"])
    for cid, cluster in changed.items():
        after = _cluster_snapshot(cluster)
        if after != before.get(cid):
            record_changed(user=user, action="merge" if before.get(cid) is None else "update",
                           record_type="person_cluster", record_id=cid, before=before.get(cid),
                           after={**after, "decision": decision.pk})
    return list(changed.values())


@transaction.atomic
def pair_decide(*, user, kind: str, left_id: int, right_id: int, verdict: str, note: str = "",
                pair: CandidatePair | None = None) -> Decision:
    """Record an analyst's verdict on two records; for persons, merge or split their clusters.

    accept: the two are one individual (their clusters join); reject: they are not (clusters
    change only if this pair had been accepted); split: take the right-hand record out of any
    cluster it shares with the left one, undoing the merges that put it there.
    """
    require_role(user, DECIDE)
    if verdict not in Verdict.values:
        raise NotFound(_("Unknown decision %(verdict)r.") % {"verdict": verdict})
    left_id, right_id = int(left_id), int(right_id)
    if left_id == right_id:
        raise NotFound(_("A record cannot be paired with itself."))
    for record_id in (left_id, right_id):
        _visible_record(user, kind, record_id)
    take_out = right_id
    left_id, right_id = sorted((left_id, right_id))
    decision = Decision.objects.create(kind=kind, left_id=left_id, right_id=right_id, verdict=verdict,
                                       pair=pair, user=user, note=note[:500])
    record_changed(user=user, action=f"linkage-{verdict}", record_type="linkage_decision", record_id=decision.pk,
                   before=None, after={"kind": kind, "left": left_id, "right": right_id, "verdict": verdict,
                                       "note": decision.note, "pair": pair.pk if pair else None})
    if kind != Kind.PERSONS:
        return decision
    if verdict == Verdict.SPLIT and take_out in _component(left_id if take_out == right_id else right_id):
        # Still joined through other accepted pairs: take the record out of the cluster.
        for other in sorted(_accepted_edges([take_out]).get(take_out, ())):
            a, b = sorted((take_out, other))
            split = Decision.objects.create(kind=kind, left_id=a, right_id=b, verdict=Verdict.SPLIT, user=user,
                                            note=_("split with decision %(id)s") % {"id": decision.pk})
            record_changed(user=user, action="linkage-split", record_type="linkage_decision", record_id=split.pk,
                           before=None, after={"kind": kind, "left": a, "right": b, "verdict": Verdict.SPLIT,
                                               "note": split.note, "pair": None})
    _reconcile(user=user, decision=decision, person_ids={left_id, right_id})
    return decision


def pair_decide_by_id(*, user, pair_id, verdict: str, note: str = "") -> Decision:
    """Decide on a stored candidate pair (the review queue's buttons and keys)."""
    from .selectors import pair_get

    pair = pair_get(user=user, pair_id=pair_id)
    return pair_decide(user=user, kind=pair.kind, left_id=pair.left_id, right_id=pair.right_id, verdict=verdict,
                       note=note, pair=pair)


def person_split(*, user, cluster_id: int, person_id: int) -> Decision:
    """Take one person out of a cluster (undo the merges that put them there)."""
    from .selectors import cluster_get

    cluster = cluster_get(user=user, cluster_id=cluster_id)
    members = set(cluster.members.filter(left_at__isnull=True).values_list("person_id", flat=True))
    person_id = int(person_id)
    if person_id not in members:
        raise NotFound(_("Person %(id)s is not in this cluster.") % {"id": person_id})
    neighbours = _accepted_edges([person_id]).get(person_id, set()) & members
    others = sorted(neighbours or (members - {person_id}))
    _visible_record(user, Kind.PERSONS, person_id)
    visible = list(visible_to(Person.objects.filter(pk__in=others), user).order_by("pk").values_list("pk", flat=True))
    if not visible:
        raise NotFound(_("Person %(id)s is not in this cluster.") % {"id": person_id})
    return pair_decide(user=user, kind=Kind.PERSONS, left_id=visible[0], right_id=person_id, verdict=Verdict.SPLIT)
