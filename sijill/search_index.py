"""Full-text search over normalised text: SQLite FTS5 on a laptop, PostgreSQL full text for teams.

Each searchable table keeps a `search_text` column filled by its service with
`sijill.text.normalise.search_text(...)`. This module creates the index for that column and
turns a user's query into a filter. Both engines see the same normalised tokens, so Arabic with or
without hamza, ta marbuta or diacritics, and Latin text in any case or accent, match alike.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection

from sijill.text.normalise import query_tokens

# Tables whose SQLite FTS document also says who may see the row (see create_visible_index_sql).
VISIBLE_INDEX_TABLES = ("incidents_incident",)
# Clearances the visibility tokens cover (sijill.confidentiality.Confidentiality).
VISIBILITY_LEVELS = (0, 1, 2, 3)


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


def _visibility_sql(row: str) -> str:
    """The visibility tokens of a row, from its own columns: `zzvis{k}` for every clearance k
    that `visible_to` lets see it (confidentiality <= k, deleted_at NULL); none once deleted.

    The same rule as sijill.confidentiality.visible_to, written for the FTS document. A NULL
    or out-of-range confidentiality gets exactly the tokens `<=` gives it, so the rule holds.
    """
    levels = " || ".join(f"(CASE WHEN {row}.confidentiality <= {k} THEN 'zzvis{k} ' ELSE '' END)"
                         for k in VISIBILITY_LEVELS)
    return f"(CASE WHEN {row}.deleted_at IS NULL THEN {levels} ELSE '' END)"


def create_visible_index_sql(vendor: str, table: str) -> list[str]:
    """SQLite: the FTS table of `table` as a contentless index of two columns, `search_text`
    (the stored column, unchanged) and `vis` (visibility tokens derived from confidentiality
    and deleted_at), kept by triggers, then filled from the existing rows.

    Searches name the `search_text` column, so a query word can never match a visibility token;
    the exact total of a search is then one FTS count with no join (`visible_match_count`).
    Replaces the index create_index_sql made. Other engines: nothing (their index is unchanged).
    """
    if vendor != "sqlite":
        return []
    fts = _fts_table(table)
    new_doc, old_doc = f"new.id, new.search_text, {_visibility_sql('new')}", f"old.id, old.search_text, {_visibility_sql('old')}"
    return [
        *drop_index_sql(vendor, table),
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_text, vis, content='', "
        f"tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_text, vis) VALUES ({new_doc}); END",
        # A contentless index deletes a row given the values it indexed: recomputed from old.*.
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text, vis) VALUES ('delete', {old_doc}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF search_text, confidentiality, deleted_at ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_text, vis) VALUES ('delete', {old_doc}); "
        f"INSERT INTO {fts}(rowid, search_text, vis) VALUES ({new_doc}); END",
        f"INSERT INTO {fts}(rowid, search_text, vis) SELECT id, search_text, {_visibility_sql(table)} FROM {table}",
    ]


def _insert_trigger(table: str) -> str:
    return f"{_fts_table(table)}_ai"


def _index_rows_sql(table: str) -> str:
    """SQLite: the rows of `table` with ids in [%s, %s] into its FTS index, as its insert trigger
    would put them one by one (the visible index carries the visibility tokens too)."""
    fts = _fts_table(table)
    if table in VISIBLE_INDEX_TABLES:
        return (f"INSERT INTO {fts}(rowid, search_text, vis) SELECT id, search_text, {_visibility_sql(table)} "
                f"FROM {table} WHERE id BETWEEN %s AND %s")
    return f"INSERT INTO {fts}(rowid, search_text) SELECT id, search_text FROM {table} WHERE id BETWEEN %s AND %s"


@contextmanager
def indexed_after_insert(table: str, first_id: int, last_id: int):
    """Rows inserted into `table` inside this block, all with ids in [first_id, last_id], are
    added to the SQLite FTS index in one statement at the end instead of by the insert trigger
    row by row (five times faster for a batch of thousands). Must run inside a transaction:
    the trigger is dropped and re-created within it, so no other connection ever sees it
    missing, and a rollback restores it. Other engines: nothing changes (PostgreSQL's index
    is not a trigger).
    """
    if connection.vendor != "sqlite" or not connection.in_atomic_block:
        yield
        return
    trigger = _insert_trigger(table)
    with connection.cursor() as cur:
        cur.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s", [trigger])
        row = cur.fetchone()
    if row is None:
        yield
        return
    with connection.cursor() as cur:
        cur.execute(f"DROP TRIGGER {trigger}")
    try:
        yield
        with connection.cursor() as cur:
            cur.execute(_index_rows_sql(table), [first_id, last_id])
    finally:
        with connection.cursor() as cur:
            cur.execute(row[0])


def _search_table(table: str) -> str:
    return f"{table}_search"


# Bytes of blank padding that push every new side-table row over PostgreSQL's fixed 2 kB
# toasting threshold, so its tsvector is always moved out of line (STORAGE EXTERNAL) and the
# padding compressed to a few bytes (STORAGE MAIN): about 90 bytes per heap row instead of ~1.3 kB.
_PAD_BYTES = 2100


def create_search_table_sql(vendor: str, table: str) -> list[str]:
    """PostgreSQL: a narrow side table `{table}_search(id, vis, doc)` holding, for every live row
    (deleted_at IS NULL), its confidentiality and `to_tsvector('simple', search_text)`, kept exact
    by row triggers on INSERT (COPY included), DELETE, UPDATE OF search_text, confidentiality,
    deleted_at, id and by a TRUNCATE trigger, with a GIN index on doc; then filled from the
    existing rows. A count reads the GIN index and the side table's ~2,300 narrow heap pages
    instead of the ~39,000 of the wide table (the bitmap heap scan always visits the heap).
    `search_count_sql` counts through a function that keeps the planner off a sequential scan
    (which would detoast every document). Other engines: nothing.
    """
    if vendor != "postgresql":
        return []
    side = _search_table(table)
    doc = "to_tsvector('simple'::regconfig, {r}.search_text)"
    return [
        *drop_search_table_sql(vendor, table),
        f"CREATE TABLE {side} (id bigint PRIMARY KEY, vis smallint NOT NULL, doc tsvector NOT NULL, "
        f"pad text NOT NULL DEFAULT repeat(' ', {_PAD_BYTES})) WITH (toast_tuple_target = 128)",
        f"ALTER TABLE {side} ALTER COLUMN doc SET STORAGE EXTERNAL, ALTER COLUMN pad SET STORAGE MAIN",
        f"""CREATE FUNCTION {side}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM {side} WHERE id = OLD.id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.deleted_at IS NULL THEN
    INSERT INTO {side} (id, vis, doc) VALUES (NEW.id, NEW.confidentiality, {doc.format(r='NEW')});
  END IF;
  RETURN NULL;
END $$""",
        f"""CREATE FUNCTION {side}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE {side};
  RETURN NULL;
END $$""",
        f"CREATE TRIGGER {side}_ai AFTER INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION {side}_sync()",
        f"CREATE TRIGGER {side}_ad AFTER DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {side}_sync()",
        f"CREATE TRIGGER {side}_au AFTER UPDATE OF id, search_text, confidentiality, deleted_at ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {side}_sync()",
        f"CREATE TRIGGER {side}_at AFTER TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {side}_truncate()",
        f"""CREATE FUNCTION {side}_count(query tsquery, clearance integer) RETURNS bigint
LANGUAGE sql STABLE SET enable_seqscan = off AS $$
  SELECT count(*) FROM {side} WHERE doc @@ query AND vis <= clearance
$$""",
        f"INSERT INTO {side} (id, vis, doc) SELECT id, confidentiality, {doc.format(r=table)} "
        f"FROM {table} WHERE deleted_at IS NULL",
        f"CREATE INDEX {side}_doc_gin ON {side} USING gin (doc)",
        f"ANALYZE {side}",
    ]


def drop_search_table_sql(vendor: str, table: str) -> list[str]:
    if vendor != "postgresql":
        return []
    side = _search_table(table)
    return [
        *(f"DROP TRIGGER IF EXISTS {side}_{t} ON {table}" for t in ("ai", "ad", "au", "at")),
        f"DROP FUNCTION IF EXISTS {side}_count(tsquery, integer)",
        f"DROP FUNCTION IF EXISTS {side}_sync()",
        f"DROP FUNCTION IF EXISTS {side}_truncate()",
        f"DROP TABLE IF EXISTS {side}",
    ]


def search_table_operations(table: str):
    """Migration operations creating the PostgreSQL side table of create_search_table_sql (and
    dropping it on the way back). SQLite: nothing."""
    from django.db import migrations

    def run(schema_editor, statements):
        with schema_editor.connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)

    def forward(apps, schema_editor):
        run(schema_editor, create_search_table_sql(schema_editor.connection.vendor, table))

    def backward(apps, schema_editor):
        run(schema_editor, drop_search_table_sql(schema_editor.connection.vendor, table))

    return [migrations.RunPython(forward, backward)]


def current_index_sql(vendor: str, table: str) -> list[str]:
    """The index as the latest migration leaves it (for scripts that drop and recreate it)."""
    if vendor == "sqlite" and table in VISIBLE_INDEX_TABLES:
        return create_visible_index_sql(vendor, table)
    if vendor == "postgresql" and table in VISIBLE_INDEX_TABLES:
        return [*create_index_sql(vendor, table), *create_search_table_sql(vendor, table)]
    return create_index_sql(vendor, table)


def visible_index_operations(table: str):
    """Migration operations switching `table`'s SQLite index to create_visible_index_sql (and back)."""
    from django.db import migrations

    def run(schema_editor, statements):
        with schema_editor.connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            run(schema_editor, create_visible_index_sql(vendor, table))

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            run(schema_editor, [*drop_index_sql(vendor, table), *create_index_sql(vendor, table)])

    return [migrations.RunPython(forward, backward)]


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


def _match(words: list[str]) -> str:
    """FTS5 query: every word, in the `search_text` column only."""
    return "search_text : (" + " ".join(f'"{w}"' for w in words) + ")"


def visible_match_count(model, query: str, clearance: int) -> int | None:
    """How many rows of `model` match every word of `query` and are visible at `clearance`.

    Exactly `search_filter(visible_to(model.objects.all(), user), query).count()` for a user of
    that clearance, read from an index that carries the rule of `sijill.confidentiality.visible_to`
    (confidentiality <= clearance, not deleted): on SQLite the visibility tokens of the FTS
    document, on PostgreSQL the live rows' side table (create_search_table_sql). None where there
    is no such index (other tables or engines, a clearance outside 0-3, a query without a
    searchable word): count the queryset.
    """
    table = model._meta.db_table
    words = query_tokens(query)
    if table not in VISIBLE_INDEX_TABLES or clearance not in VISIBILITY_LEVELS or not words:
        return None
    if connection.vendor == "sqlite":
        fts = _fts_table(table)
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s", [f'{_match(words)} AND vis : "zzvis{clearance}"'])
            return cur.fetchone()[0]
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"SELECT {_search_table(table)}_count(to_tsquery('simple'::regconfig, %s), %s)",
                        [" & ".join(words), clearance])
            return cur.fetchone()[0]
    return None


def search_filter(queryset, query: str):
    """Filter a queryset whose table has a full-text index to rows matching every query word.

    An empty query (or one with no searchable word) returns the queryset unchanged. The filter is
    built from column expressions, not from SQL naming the table, so it stays right when the
    queryset is used inside another query (Django renames the table there: analysis counts the
    acts of the incidents a search finds).
    """
    from django.db.models import BooleanField, F, Func, IntegerField, TextField, Value
    from django.db.models.expressions import RawSQL

    words = query_tokens(query)
    if not words:
        return queryset
    table = queryset.model._meta.db_table
    if connection.vendor == "sqlite":
        fts = _fts_table(table)
        match = _match(words)
        # A query matching few rows is best driven from the FTS row list. One matching many
        # (a word in most records) is not: SQLite would look up every match and sort them all
        # for one page. The unary `+` keeps it from driving by the list, so it walks an index
        # (the date order for a page, the live-rows index for the count) and probes the set.
        # Same rows either way; one cheap, bounded look at the FTS index decides.
        common = _fts_matches_at_least(fts, match, _COMMON_MATCHES)
        row = Func(F("pk"), template="+%(expressions)s", output_field=IntegerField()) if common else F("pk")
        return queryset.alias(_search_row=row).filter(
            _search_row__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", [match]))
    if connection.vendor == "postgresql":
        # The same expression as the GIN index, so the index answers it.
        vector = Func(F("search_text"), template="to_tsvector('simple'::regconfig, %(expressions)s)",
                      output_field=TextField())
        tsquery = Func(Value(" & ".join(words)), template="to_tsquery('simple'::regconfig, %(expressions)s)",
                       output_field=TextField())
        return queryset.filter(Func(vector, tsquery, template="%(expressions)s", arg_joiner=" @@ ",
                                    output_field=BooleanField()))
    # Any other engine: a plain substring match on the normalised column, slow but correct.
    for w in words:
        queryset = queryset.filter(search_text__contains=w)
    return queryset
