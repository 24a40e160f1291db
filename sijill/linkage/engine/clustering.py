"""Clusters from scored pairs and analysts' decisions: connected components over kept edges.

Accepted pairs are edges whatever their score; rejected pairs are never an edge (two records an
analyst rejected can still meet through a third record that matches both, which the review
queue then shows). Done with scipy's sparse graph routines, not Python loops, so a million
records cluster in seconds.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def cluster_ids(
    ids: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    decisions: Iterable[tuple[str, str, bool]] = (),
) -> np.ndarray:
    """Cluster label per id (same order as `ids`), from edges left[i]-right[i] and decisions.

    `ids` is an array of record ids; `left`/`right` arrays of ids of the kept edges.
    """
    ids = np.asarray(ids, dtype=object)
    # ids are looked up in a hash table (Arrow), as text: decisions name records by their text
    id_set = pa.array([str(i) for i in ids], pa.string())

    def positions(values) -> np.ndarray:
        if len(values) == 0:
            return np.zeros(0, dtype=np.int64)
        found = pc.index_in(pa.array([str(v) for v in values], pa.string()), value_set=id_set)
        return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)

    accepted, rejected = [], set()
    for left_id, right_id, is_match in decisions:
        if is_match:
            accepted.append((str(left_id), str(right_id)))
        else:
            rejected.add((str(left_id), str(right_id)))
            rejected.add((str(right_id), str(left_id)))
    left = np.asarray(left, dtype=object)
    right = np.asarray(right, dtype=object)
    if rejected and len(left):
        keep = np.array([(a, b) not in rejected for a, b in zip(left, right, strict=True)], dtype=bool)
        left, right = left[keep], right[keep]
    if accepted:
        left = np.concatenate([left, np.array([a for a, _ in accepted], dtype=object)])
        right = np.concatenate([right, np.array([b for _, b in accepted], dtype=object)])
    a, b = positions(left), positions(right)
    known = (a >= 0) & (b >= 0)
    a, b = a[known], b[known]
    n = len(ids)
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels


def clusters_as_lists(ids, labels, *, keep_singletons: bool = False) -> list[list[str]]:
    """Record ids grouped by cluster label, each cluster sorted, clusters sorted by first id."""
    ids = np.asarray(ids, dtype=object)
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    bounds = np.flatnonzero(np.diff(sorted_labels)) + 1
    groups = np.split(ids[order], bounds)
    result = [sorted(str(x) for x in g) for g in groups if keep_singletons or len(g) > 1]
    result.sort()
    return result


def separate(
    ids: np.ndarray,
    labels: np.ndarray,
    edges: Iterable[tuple[str, str, float]],
    apart: Iterable[tuple[str, str]],
) -> np.ndarray:
    """Labels where no cluster holds two records that must stay apart (`apart` pairs).

    Connected components join محمد and محمود through a Latin "Mohamed" that matches both.
    Only the components holding such a pair are rebuilt: their edges are added strongest first
    and an edge that would bring two records kept apart into one cluster is left out.
    """
    ids = np.asarray(ids, dtype=object)
    label_of = dict(zip(ids.tolist(), labels.tolist(), strict=True))
    conflicted = {label_of[a] for a, b in apart if a in label_of and label_of[a] == label_of.get(b)}
    if not conflicted:
        return labels
    # union-find over the conflicted components; each root keeps the records its cluster must
    # not hold (few: only records in `apart` pairs), merged smaller into larger
    forbidden: dict[str, set[str]] = {}
    for a, b in apart:
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)
    root = {x: x for x, lab in label_of.items() if lab in conflicted}

    def find(x: str) -> str:
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for a, b, _ in sorted(
        (e for e in edges if label_of.get(e[0]) in conflicted), key=lambda e: -e[2]
    ):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        fa, fb = forbidden.get(ra, set()), forbidden.get(rb, set())
        small, other = (fa, rb) if len(fa) <= len(fb) else (fb, ra)
        if any(y in root and find(y) == other for y in small):
            continue
        big_root, small_root = (ra, rb) if len(fa) >= len(fb) else (rb, ra)
        root[small_root] = big_root
        if fa or fb:
            forbidden[big_root] = fa | fb
    out = labels.copy()
    next_label = int(labels.max()) + 1 if len(labels) else 0
    new_label: dict[str, int] = {}
    for i, x in enumerate(ids.tolist()):
        if x in root:
            r = find(x)
            if r not in new_label:
                new_label[r] = next_label
                next_label += 1
            out[i] = new_label[r]
    return out
