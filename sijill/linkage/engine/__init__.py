"""The record-linkage engine of Sijill: plain Python on Splink, no Django import.

    from sijill.linkage.engine import PersonRecord, link_persons
    result = link_persons(records, decisions=[("12", "57", True)])
    result.pairs      # candidate pairs at or above the review threshold, with per-feature detail
    result.clusters   # record ids per cluster (singletons omitted)
    result.parameters # the fitted model (JSON), to store with the run and pass to the next one

`link_persons` also takes a pyarrow Table or a Parquet path with PersonRecord's field names as
columns, for inputs too large for Python objects. `backend="spark"` runs the same SQL on Spark.
"""

from importlib import import_module

from sijill.linkage.engine.records import (
    IncidentRecord,
    LinkageInputError,
    LinkResult,
    PersonRecord,
    ScoredPair,
)

__all__ = [
    "IncidentRecord",
    "LinkResult",
    "LinkageInputError",
    "ParsedName",
    "PersonRecord",
    "ScoredPair",
    "link_incidents",
    "link_persons",
    "parse_name",
    "translit_key",
]

# Splink, DuckDB and pyarrow weigh about 150 MB and a second of start-up: loaded on first use, so
# every other command (and the web server until someone links) goes without them.
_LAZY = {
    "link_incidents": "incidents", "link_persons": "persons",
    "ParsedName": "names", "parse_name": "names", "translit_key": "names",
}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f"sijill.linkage.engine.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
