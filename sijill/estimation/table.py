"""Capture-pattern tables: which lists documented how many victims, read and checked.

A table has one 0/1 column per list and a count column (named `count`, or the last column under
another name such as `frequency` or `n`, as in the SparseMSE data sets). Zero-count patterns may
be omitted; the all-zero pattern (nobody's list) can never be observed and is refused.
Plain Python: no Django import, so the estimators can be used and tested as a library.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_LISTS = 12  # 4,095 cells; beyond that the log-linear search and the sampler stop being cheap
COUNT_NAMES = ("count", "counts", "freq", "frequency", "n", "total")


class TableError(ValueError):
    """A capture table a user gave cannot be used; says which row and column and why.

    `code` names the problem for translation at the edge; `row` is the 1-based line of the CSV
    file (the header is line 1) or the 1-based position in a list of rows; `column` is the
    column name or list name.
    """

    def __init__(self, message: str, *, code: str, row: int | None = None,
                 column: str | None = None, value: str | None = None):
        self.code = code
        self.row = row
        self.column = column
        self.value = value
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__((", ".join(where) + ": " if where else "") + message)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of victims per capture pattern, one entry for every pattern except all-zero.

    `patterns` is a (2**J - 1) x J array of 0/1 in a fixed order (by binary code), `counts` the
    number of documented victims with each pattern (0 where the table omitted the pattern).
    """

    lists: tuple[str, ...]
    patterns: np.ndarray
    counts: np.ndarray
    dropped: tuple[str, ...] = ()  # lists given but documenting nobody, left out

    @property
    def observed(self) -> int:
        return int(self.counts.sum())

    @property
    def list_totals(self) -> dict[str, int]:
        return {name: int(self.counts @ self.patterns[:, j]) for j, name in enumerate(self.lists)}


def all_patterns(n_lists: int) -> np.ndarray:
    """Every non-empty pattern of n_lists lists, ordered by its binary code (first list = bit 0)."""
    codes = np.arange(1, 2**n_lists)
    return ((codes[:, None] >> np.arange(n_lists)) & 1).astype(np.int8)


def _pattern_code(pattern) -> int:
    return sum(int(bit) << j for j, bit in enumerate(pattern))


def from_rows(lists, rows) -> CaptureTable:
    """Build a table from list names and (pattern, count) pairs, checking every entry.

    `rows` is an iterable of (tuple of 0/1 per list, count). Raises TableError naming the row
    (1-based position) and list when a pattern or count is malformed, repeated or all zero.
    """
    lists = tuple(str(name).strip() for name in lists)
    _check_lists(lists)
    counts = np.zeros(2 ** len(lists) - 1, dtype=np.int64)
    seen: dict[int, int] = {}
    for position, entry in enumerate(rows, start=1):
        try:
            pattern, count = entry
        except (TypeError, ValueError):
            raise TableError("expected a (pattern, count) pair", code="shape", row=position) from None
        pattern = tuple(pattern)
        if len(pattern) != len(lists):
            raise TableError(f"pattern has {len(pattern)} entries for {len(lists)} lists",
                             code="width", row=position)
        bits = [_bit(value, row=position, column=name) for value, name in zip(pattern, lists, strict=True)]
        _store(counts, seen, bits, _count(count, row=position, column="count"), position)
    return _finish(lists, counts)


def read_table(source: str | Path | io.TextIOBase) -> CaptureTable:
    """Read a capture table from a CSV path or open text file; see the module docstring."""
    if isinstance(source, str | Path):
        try:
            with open(source, newline="", encoding="utf-8-sig") as handle:
                return read_table(handle)
        except UnicodeDecodeError:
            raise TableError("the file is not UTF-8 text", code="encoding") from None
    reader = csv.reader(source)
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise TableError("the table is empty: expected a header of list names and a count column",
                         code="empty", row=1)
    header = [cell.strip() for cell in header]
    for position, name in enumerate(header, start=1):
        if not name:
            raise TableError(f"column {position} of the header has no name", code="header", row=1)
    lowered = [name.lower() for name in header]
    if "count" in lowered:
        count_at = lowered.index("count")
    elif lowered[-1] in COUNT_NAMES or len(header) >= 3:
        count_at = len(header) - 1  # SparseMSE tables: the count is the last column, any name
    else:
        raise TableError("no count column: name it 'count' or put it last", code="no_count",
                         row=1)
    lists = tuple(name for i, name in enumerate(header) if i != count_at)
    _check_lists(lists, row=1)
    count_name = header[count_at]
    counts = np.zeros(2 ** len(lists) - 1, dtype=np.int64)
    seen: dict[int, int] = {}
    for line, record in enumerate(reader, start=2):
        if not record or not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise TableError(f"has {len(record)} values where the header has {len(header)}",
                             code="width", row=line)
        bits = [_bit(record[i], row=line, column=header[i]) for i in range(len(header)) if i != count_at]
        _store(counts, seen, bits, _count(record[count_at], row=line, column=count_name), line)
    return _finish(lists, counts)


def _check_lists(lists, row=None) -> None:
    if len(lists) < 2:
        raise TableError("at least two lists are needed to estimate anything", code="few_lists",
                         row=row)
    if len(lists) > MAX_LISTS:
        raise TableError(f"{len(lists)} lists; at most {MAX_LISTS} are supported",
                         code="many_lists", row=row)
    names = set()
    for name in lists:
        if not name:
            raise TableError("a list has no name", code="header", row=row)
        if name in names:
            raise TableError("list name appears twice", code="duplicate_list", row=row, column=name)
        names.add(name)


def _bit(value, *, row, column) -> int:
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if number not in (0.0, 1.0):
        raise TableError(f"{text!r} is not 0 or 1", code="not_binary", row=row, column=column,
                         value=text)
    return int(number)


def _count(value, *, row, column) -> int:
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0 or number != int(number):
        raise TableError(f"{text!r} is not a whole number of zero or more", code="bad_count",
                         row=row, column=column, value=text)
    return int(number)


def _store(counts, seen, bits, count, row) -> None:
    code = _pattern_code(bits)
    if code == 0:
        raise TableError("the pattern with no list (the undocumented) cannot be observed; remove the row",
                         code="all_zero", row=row)
    if code in seen:
        raise TableError(f"repeats the capture pattern of row {seen[code]}", code="duplicate",
                         row=row)
    seen[code] = row
    counts[code - 1] = count


def _finish(lists, counts) -> CaptureTable:
    """Check the totals and drop lists that document nobody in this table (a stratum often
    lacks a list): they carry no information, and every model with them is unidentifiable."""
    if counts.sum() == 0:
        raise TableError("no documented victims: every count is zero or the table has no rows",
                         code="no_counts")
    patterns = all_patterns(len(lists))
    keep = [j for j in range(len(lists)) if counts @ patterns[:, j] > 0]
    dropped = tuple(name for j, name in enumerate(lists) if j not in keep)
    if dropped:
        if len(keep) < 2:
            raise TableError(f"only {len(keep)} list documents anyone here ({', '.join(dropped)} "
                             "document nobody); at least two are needed", code="few_lists")
        reduced = np.zeros(2 ** len(keep) - 1, dtype=np.int64)
        codes = patterns[:, keep] @ (1 << np.arange(len(keep)))
        np.add.at(reduced, codes[codes > 0] - 1, counts[codes > 0])
        lists, counts, patterns = tuple(lists[j] for j in keep), reduced, all_patterns(len(keep))
    return CaptureTable(lists=lists, patterns=patterns, counts=counts, dropped=dropped)
