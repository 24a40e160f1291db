"""Incident linkage scored on Airwars' own texts: reports of one incident proposed as one."""

from __future__ import annotations

import json

import pytest
from real_data import shared_data

from sijill.linkage.engine.incident_evaluation import evaluate_incidents, report_drafts
from sijill.linkage.engine.records import LinkageInputError

TEXTS = "events/airwars_syria/airwars_source_texts_dev.jsonl"


def test_reports_are_drafted_with_their_incident_as_truth():
    records, truth, tally = report_drafts(shared_data(TEXTS), limit=60)
    assert len(truth) == 60
    assert {r.id for r in records} <= set(truth)
    assert tally["dated drafts"] == len(records)
    assert tally["dated drafts"] + tally["drafts without a day (kept alone)"] == 60
    assert all(r.start_date == r.end_date for r in records)


def test_texts_of_one_incident_are_linked_more_often_than_not():
    scores = evaluate_incidents("airwars-reports", data=shared_data(TEXTS).parents[2], baseline=False, limit=250)
    pairwise = scores["sijill"]["dated_drafts_only"]["pairwise"]
    # Most proposed pairs are right, and some reports of one incident are found.
    assert pairwise["precision"] >= 0.6
    assert pairwise["correct_pairs"] >= 10


def test_a_broken_line_is_named(tmp_path):
    path = tmp_path / "texts.jsonl"
    path.write_text(json.dumps({"source_id": "a", "incident_ids": ["x"], "text": "..."}) + "\n{broken\n")
    with pytest.raises(LinkageInputError, match="line 2: not JSON"):
        report_drafts(path)


def test_an_unknown_dataset_is_refused():
    with pytest.raises(LinkageInputError, match="airwars-reports"):
        evaluate_incidents("nothing")
