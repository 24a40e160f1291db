"""Prototype: the exact search total read next to visibility tokens (the SQLite form is what
incidents/0004 applies; the PostgreSQL form was measured and not applied, see docs/benchmarks.md).

    .venv/bin/python bench/visible_count.py [--database-url URL] [--repeat 20] [--keep]

Builds, beside the live schema of a benchmark database, an index whose documents are the
incident's `search_text` (unchanged) plus visibility tokens derived from its own columns: for
confidentiality L the tokens for "visible to clearance k", k = L..3, and none when `deleted_at` is
set. SQLite: a contentless FTS5 table `proto_vis_fts(search_text, vis)`; the total is
`count(*) ... MATCH 'search_text : ("w") AND vis : "zzvis2"'`, no join. PostgreSQL: a partial
expression GIN index over `to_tsvector(search_text) || array_to_tsvector(<'~k' tokens>)` WHERE
deleted_at IS NULL (lexemes with `~` cannot come out of the text parser, so no query word can
forge one). For clearances 0-3 and a few searches it checks the total equals the ORM count of
`incident_list` and times both, plus the first page alone. Drops what it built unless --keep.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import vocabulary as V  # noqa: E402
from bench.environment import DEFAULT_HOME, check_bench_url, configure  # noqa: E402
from bench.measure import percentile  # noqa: E402

SQLITE_VIS = ("CASE WHEN {r}.deleted_at IS NULL THEN "
              + " || ".join(f"(CASE WHEN {{r}}.confidentiality <= {k} THEN 'zzvis{k} ' ELSE '' END)" for k in range(4))
              + " ELSE '' END")
PG_VIS = ("array_to_tsvector(CASE WHEN confidentiality <= 0 THEN ARRAY['~0','~1','~2','~3'] "
          "WHEN confidentiality = 1 THEN ARRAY['~1','~2','~3'] WHEN confidentiality = 2 THEN ARRAY['~2','~3'] "
          "WHEN confidentiality = 3 THEN ARRAY['~3'] ELSE ARRAY[]::text[] END)")
PG_DOC = f"(to_tsvector('simple'::regconfig, search_text) || {PG_VIS})"


def build(cur, vendor: str) -> None:
    if vendor == "sqlite":
        cur.execute("CREATE VIRTUAL TABLE proto_vis_fts USING fts5(search_text, vis, content='', "
                    "tokenize='unicode61 remove_diacritics 0')")
        cur.execute(f"INSERT INTO proto_vis_fts(rowid, search_text, vis) SELECT id, search_text, "
                    f"{SQLITE_VIS.format(r='incidents_incident')} FROM incidents_incident")
    else:
        cur.execute(f"CREATE INDEX proto_vis_gin ON incidents_incident USING gin ({PG_DOC}) WHERE deleted_at IS NULL")
        cur.execute("VACUUM ANALYZE incidents_incident")


def drop(cur, vendor: str) -> None:
    cur.execute("DROP TABLE IF EXISTS proto_vis_fts" if vendor == "sqlite" else "DROP INDEX IF EXISTS proto_vis_gin")


def fast_count(cur, vendor: str, words: list[str], clearance: int) -> int:
    if vendor == "sqlite":
        match = "search_text : (" + " ".join(f'"{w}"' for w in words) + f') AND vis : "zzvis{clearance}"'
        cur.execute("SELECT count(*) FROM proto_vis_fts WHERE proto_vis_fts MATCH %s", [match])
    else:
        cur.execute(f"SELECT count(*) FROM incidents_incident WHERE deleted_at IS NULL AND {PG_DOC} @@ "
                    f"to_tsquery('simple'::regconfig, %s) AND {PG_DOC} @@ %s::tsquery",
                    [" & ".join(words), f"'~{clearance}'"])
    return cur.fetchone()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    check_bench_url(args.database_url)
    configure(database_url=args.database_url, home=args.home.resolve())

    from django.db import connection, transaction

    from sijill.accounts.models import User
    from sijill.incidents.selectors import IncidentFilters, incident_list
    from sijill.text.normalise import query_tokens

    vendor = connection.vendor
    with connection.cursor() as cur:
        drop(cur, vendor)
        t = time.perf_counter()
        with transaction.atomic():
            build(cur, vendor) if vendor == "sqlite" else None
        if vendor != "sqlite":
            build(cur, vendor)
        print(f"{vendor}: built in {time.perf_counter() - t:.1f} s")
        differences = 0
        queries = [*V.COMMON_WORDS, *V.RARE_WORDS, V.NAME_QUERY, f"{V.COMMON_WORDS[1]} {V.RARE_WORDS[1]}"]
        for q in queries:
            words = query_tokens(q)
            for clearance in (0, 1, 2, 3):
                user = User(username=f"proto-{clearance}", role="analyst", clearance=clearance, is_active=True)
                orm = incident_list(user=user, filters=IncidentFilters(q=q)).count()
                fast = fast_count(cur, vendor, words, clearance)
                differences += orm != fast
                if orm != fast:
                    print(f"DIFFERENT: {q!r} clearance {clearance}: {fast} vs {orm}")
        print(f"{len(queries)} searches x 4 clearances: {differences} differences")
        user = User(username="proto-2", role="analyst", clearance=2, is_active=True)
        for q in V.COMMON_WORDS:
            words = query_tokens(q)
            qs = incident_list(user=user, filters=IncidentFilters(q=q))
            times = {"ORM count": [], "visibility-index count": [], "first page (50 rows)": []}
            for _ in range(args.repeat + 2):
                f = IncidentFilters(q=q)
                for name, run in (("ORM count", lambda f=f: incident_list(user=user, filters=f).count()),
                                  ("visibility-index count", lambda w=words: fast_count(cur, vendor, w, 2)),
                                  ("first page (50 rows)", lambda f=f: list(incident_list(user=user, filters=f)[:50]))):
                    s = time.perf_counter()
                    run()
                    times[name].append((time.perf_counter() - s) * 1000)
            for name, ts in times.items():
                ts = ts[2:]
                print(f"{q} {name}: p50 {percentile(ts, 50):.1f} ms, p95 {percentile(ts, 95):.1f} ms")
            del qs
        if not args.keep:
            drop(cur, vendor)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
