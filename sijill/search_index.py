"""Full-text search over normalised text: SQLite FTS5 on a laptop, PostgreSQL full text for teams.

Each searchable table keeps a `search_text` column filled by its service with
`sijill.text.normalise.search_text(...)`. This module creates the index for that column and
turns a user's query into a filter. Both engines see the same normalised tokens, so Arabic with or
without hamza, ta marbuta or diacritics, and Latin text in any case or accent, match alike.
"""

from __future__ import annotations

from django.db import connection

from sijill.text.normalise import query_tokens


def _fts_table(table: str) -> str:
    return f"{table}_fts"


def create_index_sql(vendor: str, table: str) -> list[str]:
    """SQL that creates the full-text index (and, on SQLite, the triggers that keep it current)."""
    if vendor == "sqlite":
        fts = _fts_table(table)
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(search_text, content='{table}', "
            f"content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES('delete', old.id, old.search_text); END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF search_text ON {table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, search_text) VALUES('delete', old.id, old.search_text); "
            f"INSERT INTO {fts}(rowid, search_text) VALUES (new.id, new.search_text); END",
            f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
        ]
    if vendor == "postgresql":
        return [
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, search_text))"
        ]
    return []


def drop_index_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        fts = _fts_table(table)
        return [
            f"DROP TRIGGER IF EXISTS {fts}_ai",
            f"DROP TRIGGER IF EXISTS {fts}_ad",
            f"DROP TRIGGER IF EXISTS {fts}_au",
            f"DROP TABLE IF EXISTS {fts}",
        ]
    if vendor == "postgresql":
        return [f"DROP INDEX IF EXISTS {table}_search_gin"]
    return []


def index_operations(table: str):
    """Migration operations creating the index on whichever engine the migration runs."""
    from django.db import migrations

    def forward(apps, schema_editor):
        with schema_editor.connection.cursor() as cur:
            for sql in create_index_sql(schema_editor.connection.vendor, table):
                cur.execute(sql)

    def backward(apps, schema_editor):
        with schema_editor.connection.cursor() as cur:
            for sql in drop_index_sql(schema_editor.connection.vendor, table):
                cur.execute(sql)

    return [migrations.RunPython(forward, backward)]


# Matches above which SQLite probes the FTS set instead of driving by it (see search_filter).
_COMMON_MATCHES = 2_000


def _fts_matches_at_least(fts: str, match: str, n: int) -> bool:
    with connection.cursor() as cur:
        cur.execute(f"SELECT 1 FROM {fts} WHERE {fts} MATCH %s LIMIT 1 OFFSET %s", [match, n - 1])
        return cur.fetchone() is not None


def search_filter(queryset, query: str):
    """Filter a queryset whose table has a full-text index to rows matching every query word.

    An empty query (or one with no searchable word) returns the queryset unchanged.
    """
    words = query_tokens(query)
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    pk = f'"{table}"."id"'
    if connection.vendor == "sqlite":
        fts = _fts_table(table)
        match = " ".join(f'"{w}"' for w in words)
        # A query matching few rows is best driven from the FTS row list. One matching many
        # (a word in most records) is not: SQLite would look up every match and sort them all
        # for one page. The unary `+` keeps it from driving by the list, so it walks an index
        # (the date order for a page, the live-rows index for the count) and probes the set.
        # Same rows either way; one cheap, bounded look at the FTS index decides.
        common = _fts_matches_at_least(fts, match, _COMMON_MATCHES)
        return queryset.extra(
            where=[f"{'+' if common else ''}{pk} IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)"],
            params=[match],
        )
    if connection.vendor == "postgresql":
        tsquery = " & ".join(words)
        return queryset.extra(
            where=[
                f"to_tsvector('simple'::regconfig, \"{table}\".\"search_text\") @@ "
                "to_tsquery('simple'::regconfig, %s)"
            ],
            params=[tsquery],
        )
    # Any other engine: a plain substring match on the normalised column, slow but correct.
    for w in words:
        queryset = queryset.filter(search_text__contains=w)
    return queryset
