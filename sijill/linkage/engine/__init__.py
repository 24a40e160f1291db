"""The record-linkage engine of Sijill: plain Python on Splink, no Django import.

    from sijill.linkage.engine import PersonRecord, link_persons
    result = link_persons(records, decisions=[("12", "57", True)])
    result.pairs      # candidate pairs at or above the review threshold, with per-feature detail
    result.clusters   # record ids per cluster (singletons omitted)
    result.parameters # the fitted model (JSON), to store with the run and pass to the next one

`link_persons` also takes a pyarrow Table or a Parquet path with PersonRecord's field names as
columns, for inputs too large for Python objects. `backend="spark"` runs the same SQL on Spark.
"""

from sijill.linkage.engine.incidents import link_incidents
from sijill.linkage.engine.names import ParsedName, parse_name, translit_key
from sijill.linkage.engine.persons import link_persons
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
