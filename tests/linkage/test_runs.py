"""Runs of the real engine (Splink on DuckDB) over persons in the database: stored pairs with
their evidence, analysts' decisions fed to the next run, the command line."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sijill.linkage import selectors, services
from sijill.linkage.models import LinkRun

from .conftest import synthetic_persons

pytestmark = pytest.mark.django_db


def _together(run: LinkRun) -> dict[int, int]:
    return {int(pid): n for n, cluster in enumerate(run.clusters) for pid in cluster}


def test_run_stores_pairs_with_features_and_decisions_change_the_next_run(analyst):
    truth = synthetic_persons(150)
    first = services.link_run(kind="persons")
    assert first.status == "done" and first.records == len(truth) and first.pair_count > 20
    assert set(first.timing) == {"read", "link", "store"}
    pair = first.pairs.order_by("-match_weight").first()
    assert pair.left_id < pair.right_id and {"given", "family"} <= set(pair.features)
    assert all({"left", "right", "level", "agrees", "weight"} <= set(f) for f in pair.features.values())
    together = _together(first)
    pairs_only = {n for n, cluster in enumerate(first.clusters) if len(cluster) == 2}
    clustered = [p for p in first.pairs.all() if together.get(p.left_id) in pairs_only
                 and together.get(p.left_id) == together.get(p.right_id)]
    apart = [p for p in first.pairs.all() if together.get(p.left_id) is None or together.get(p.right_id) is None
             or together[p.left_id] != together[p.right_id]]
    assert clustered and apart
    rejected, accepted = clustered[0], apart[0]
    services.pair_decide_by_id(user=analyst, pair_id=rejected.pk, verdict="reject")
    services.pair_decide_by_id(user=analyst, pair_id=accepted.pk, verdict="accept")

    second = services.link_run(kind="persons")
    assert second.decisions_used == 2
    together = _together(second)
    assert together.get(accepted.left_id) is not None and together[accepted.left_id] == together[accepted.right_id]
    # A rejected pair is never in one cluster, not even through a third record.
    assert together.get(rejected.left_id) is None or together.get(rejected.left_id) != together.get(rejected.right_id)
    # The second run's queue leaves out what was decided.
    queued = {(p.left_id, p.right_id) for p in selectors.review_queue(user=analyst, kind="persons")}
    assert (rejected.left_id, rejected.right_id) not in queued
    assert (accepted.left_id, accepted.right_id) not in queued
    assert second.parameters


def test_link_command_runs_and_reports(capsys):
    synthetic_persons(150, seed=11)
    call_command("link", "persons", "--no-progress", "--threshold", "0.6")
    out = capsys.readouterr().out
    run = LinkRun.objects.get()
    assert f"Linkage run #{run.pk} (persons, duckdb)" in out and run.threshold == 0.6
    assert run.pairs.filter(match_probability__lt=0.6).count() == 0


def test_unknown_backend_or_threshold_is_refused_with_a_message():
    with pytest.raises(services.LinkageError, match="Unknown backend 'hadoop'"):
        services.link_run(kind="persons", backend="hadoop")
    with pytest.raises(services.LinkageError, match="between 0 and 1"):
        services.link_run(kind="persons", threshold=1.5)
    assert LinkRun.objects.count() == 0


@pytest.fixture
def immediate_jobs():
    from huey.contrib.djhuey import HUEY

    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


def test_the_review_page_starts_a_run_as_a_background_job(analyst, client, no_2fa, immediate_jobs):
    synthetic_persons(150, seed=13)
    client.force_login(analyst)
    response = client.post("/linkage/runs/new/", {"kind": "persons"})
    assert response.status_code == 302
    run = LinkRun.objects.get()
    assert (run.status, run.user, run.kind) == ("done", analyst, "persons") and run.pair_count > 0
    assert f"Run {run.pk} (duckdb" in client.get("/linkage/").content.decode()


def test_a_run_the_engine_cannot_start_from_the_previous_estimates_estimates_afresh_and_says_so():
    synthetic_persons(150, seed=17)
    first = services.link_run(kind="persons")
    broken = first.parameters
    for comparison in broken.get("model", broken).get("comparisons", []):
        for level in comparison.get("comparison_levels", []):
            if "m_probability" in level:
                level["m_probability"] = 0.0
    LinkRun.objects.filter(pk=first.pk).update(parameters=broken)
    second = services.link_run(kind="persons")
    assert second.status == "done" and second.pair_count > 0
    assert second.message == "" or "estimated afresh" in second.message
