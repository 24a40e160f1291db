"""The SQL engines Splink runs on: DuckDB in process (default) and Spark (local or a cluster)."""

from __future__ import annotations

import os

import pyarrow as pa

from sijill.linkage.engine.records import LinkageInputError

BACKENDS = ("duckdb", "spark")
_spark_session = None


def dialect(backend: str) -> str:
    return "spark" if backend == "spark" else "duckdb"


def spark_session():
    """One Spark session per process; local[N] unless SIJILL_SPARK_MASTER names a cluster."""
    global _spark_session
    if _spark_session is None:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location

        master = os.environ.get("SIJILL_SPARK_MASTER", "local[1]")
        _spark_session = (
            SparkSession.builder.master(master)
            .appName("sijill-linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", os.environ.get("SIJILL_SPARK_PARTITIONS", "2"))
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.driver.memory", os.environ.get("SIJILL_SPARK_MEMORY", "2g"))
            .getOrCreate()
        )
        _spark_session.sparkContext.setLogLevel("ERROR")
        _spark_session.sparkContext.setCheckpointDir(
            os.environ.get("SIJILL_SPARK_CHECKPOINTS", "/tmp/sijill-spark-checkpoints")
        )
    return _spark_session


def db_api(backend: str):
    if backend == "duckdb":
        import duckdb
        from splink import DuckDBAPI

        threads = os.environ.get("SIJILL_DUCKDB_THREADS")
        memory = os.environ.get("SIJILL_DUCKDB_MEMORY")
        con = duckdb.connect()
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        if memory:
            con.execute(f"SET memory_limit = '{memory}'")
        return DuckDBAPI(connection=con)
    if backend == "spark":
        from splink import SparkAPI

        # In local mode, lineage is broken by caching in memory; on a cluster by Parquet files.
        local = os.environ.get("SIJILL_SPARK_MASTER", "local[1]").startswith("local")
        return SparkAPI(
            spark_session=spark_session(),
            break_lineage_method="persist" if local else "parquet",
        )
    raise LinkageInputError(f"unknown backend {backend!r}; use one of {BACKENDS}")


def register(api, table: pa.Table, name: str):
    """Register an Arrow table with the engine under a fresh name; returns a SplinkDataFrame."""
    if type(api).__name__ == "SparkAPI":
        session = api.spark
        frame = session.createDataFrame(table)
        return api.register(frame, table_name=None)
    return api.register(table)


def to_arrow(splink_df) -> pa.Table:
    if hasattr(splink_df, "as_pyarrow_table"):
        return splink_df.as_pyarrow_table()
    return pa.Table.from_pylist(splink_df.as_record_list())


def release(api) -> None:
    """Close an in-process DuckDB connection (Spark sessions are kept for the process)."""
    con = getattr(api, "_con", None)
    if con is not None and type(api).__name__ == "DuckDBAPI":
        con.close()
