"""The pairs a list's blocking rules put up for comparison, read straight from DuckDB."""

from __future__ import annotations

import duckdb

from sijill.linkage.engine.blocking import keyed
from sijill.linkage.engine.features import person_features


def blocked_pairs(records) -> set[tuple[str, str]]:
    table, rules = keyed(person_features(records))
    con = duckdb.connect()
    con.register("f", table)
    pairs = set()
    for rule in rules:
        sql = (f"SELECT l.unique_id, r.unique_id FROM f l JOIN f r "
               f"ON l.unique_id < r.unique_id AND ({rule.sql_condition})")
        pairs.update(con.execute(sql).fetchall())
    return pairs
