"""Raw bulk inserts for the import's hot path: ids reserved up front, one executemany per table.

Django's `bulk_create` spends most of its time preparing each value of each row through the
field machinery; a person import writes three rows per record (person, provenance, version),
so that cost is most of an import. Here values are prepared once per column type and sent with
`executemany` (PostgreSQL: COPY) inside the batch's transaction, so a failure still rolls the batch back whole.

Ids: SQLite runs the batch in an IMMEDIATE transaction (settings), so nobody else writes while
`max(id)` is read and used; PostgreSQL hands out ids from the table's own sequence.
"""

from __future__ import annotations

import json

from django.db import connection


def reserve_ids(table: str, count: int) -> list[int]:
    """`count` new primary keys for `table`, to be inserted in this transaction."""
    if count == 0:
        return []
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                           [quoted, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {quoted}")  # noqa: S608 - table name from the model
        highest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            highest = max(highest, row[0] if row else 0)
        return list(range(highest + 1, highest + 1 + count))


def db_datetime(value):
    """A datetime as the backend stores it (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(value)


def insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        # COPY: one stream per table, an order of magnitude faster than row-by-row INSERTs. With
        # the columns' types given, psycopg picks each column's dumper once, not once per value.
        types = _column_types(table)
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            copy.set_types([types[c] for c in columns])
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


_TYPES: dict[tuple[str, str], dict[str, str]] = {}


def _column_types(table: str) -> dict[str, str]:
    """PostgreSQL: {column: type name} of `table`, read once per database and table."""
    key = (connection.settings_dict["NAME"], table)
    if key not in _TYPES:
        with connection.cursor() as cursor:
            cursor.execute("SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                           "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped", [table])
            _TYPES[key] = dict(cursor.fetchall())
    return _TYPES[key]


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
