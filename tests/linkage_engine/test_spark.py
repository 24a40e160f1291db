"""The Spark backend scores and clusters like DuckDB (local mode, one core) with the same model."""

import shutil

import pytest
from real_data import shared_data

from sijill.linkage.engine import link_persons
from sijill.linkage.engine.evaluation import DEFAULT_DATA, load


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (Makefile installs it)")
def test_spark_and_duckdb_give_the_same_clusters(monkeypatch, tmp_path):
    shared_data("events/airwars_syria/airwars_syria_victims.csv")
    monkeypatch.setenv("SIJILL_SPARK_MASTER", "local[1]")
    monkeypatch.setenv("SIJILL_SPARK_PARTITIONS", "1")
    monkeypatch.setenv("SIJILL_SPARK_CHECKPOINTS", str(tmp_path))
    records = load("arabic-synthetic", data=DEFAULT_DATA, people=60, seed=5).records
    duck = link_persons(records, backend="duckdb", explain=False)
    # the model DuckDB estimated, scored and clustered by Spark (EM on Spark is the same SQL
    # but takes minutes in local mode; the bench runs it)
    spark = link_persons(records, backend="spark", explain=False,
                         previous_parameters=duck.parameters, retrain=False)
    assert duck.clusters, "the small set has duplicates to find"
    assert spark.clusters == duck.clusters
    assert {(p.left, p.right) for p in spark.pairs} == {(p.left, p.right) for p in duck.pairs}
