"""Reading import files row by row: CSV/TSV in any of the encodings field teams use, XLSX, JSON.

Plain Python, no Django import. `inspect_file` reads the whole file once (hash, encoding that
decodes every byte, delimiter, columns, row count); `read_rows` then streams
`(row_number, values, problem)` tuples, never holding the file in memory. Row numbers are
spreadsheet numbers: the header is row 1, the first record row 2 (JSON Lines: the line number).
A malformed row yields a problem instead of values; reading goes on with the next row.
"""

from __future__ import annotations

import codecs
import csv
import glob
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

FORMATS = ("csv", "tsv", "xlsx", "jsonl", "json")
DELIMITERS = ",;\t|"
# Tried in this order; the first that decodes the whole file wins. latin-1 decodes anything,
# so it is last and only chosen when Windows-1256 would not produce mostly Arabic letters.
_CHUNK = 1 << 20
csv.field_size_limit(10 * 1024 * 1024)


class FileProblem(Exception):
    """The file as a whole cannot be read (not a spreadsheet, no header...)."""


@dataclass
class FileInfo:
    path: str
    format: str
    sha256: str
    size: int
    encoding: str = ""
    delimiter: str = ""
    columns: list[str] = field(default_factory=list)
    rows: int = 0


def file_format(path: str | Path) -> str:
    """The format named by the file's extension (csv, tsv, txt -> csv, xlsx, jsonl/ndjson, json)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("csv", "txt"):
        return "csv"
    if suffix in ("tsv", "tab"):
        return "tsv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix in ("jsonl", "ndjson"):
        return "jsonl"
    if suffix == "json":
        return "json"
    raise FileProblem(f"{Path(path).name}: unknown file type .{suffix}; use CSV, TSV, XLSX or JSON Lines.")


def _arabic_share_cp1256(data: bytes) -> float:
    high = [b for b in data if b >= 0x80]
    if not high:
        return 0.0
    text = bytes(high).decode("cp1256", errors="replace")
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff")
    return arabic / len(text)


def detect_encoding(path: str | Path) -> str:
    """The encoding of a text file: UTF-8 (with or without BOM), UTF-16, Windows-1256 or latin-1."""
    with open(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        sample = handle.read(_CHUNK)
        if len(sample) >= 4:
            even, odd = sample[0::2].count(0), sample[1::2].count(0)
            if odd > len(sample) // 4 and even == 0:
                return "utf-16-le"
            if even > len(sample) // 4 and odd == 0:
                return "utf-16-be"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return "cp1256" if _arabic_share_cp1256(sample) >= 0.5 else "latin-1"


def detect_delimiter(first_lines: str, fmt: str) -> str:
    if fmt == "tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(first_lines, delimiters=DELIMITERS).delimiter
    except csv.Error:
        header = first_lines.splitlines()[0] if first_lines else ""
        counts = {d: header.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def header_names(raw: list) -> list[str]:
    """Column names made usable: stripped, empty ones named column_N, repeats suffixed _2, _3."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(raw, start=1):
        name = str(cell if cell is not None else "").strip().lstrip("\ufeff") or f"column_{i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        names.append(name)
    return names


def _hash_into(digest, path: str | Path) -> int:
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size


def inspect_file(path: str | Path) -> FileInfo:
    """Hash, format, encoding, delimiter, columns and number of data rows of a file.

    An ODK CSV export's repeat files (`repeat_files`) count as part of the file: they are in
    its hash, and each of their rows must belong to a submission of the file.
    """
    path = str(path)
    fmt = file_format(path)
    digest = hashlib.sha256()
    info = FileInfo(path=path, format=fmt, sha256="", size=_hash_into(digest, path))
    if fmt in ("csv", "tsv"):
        info.encoding = detect_encoding(path)
        with open(path, encoding=info.encoding, newline="") as handle:
            info.delimiter = detect_delimiter(handle.read(64 * 1024), fmt)
    rows = read_rows(info)
    try:
        info.columns = next(rows)  # type: ignore[assignment]
    except StopIteration:
        raise FileProblem(f"{Path(path).name}: the file is empty.") from None
    repeats = repeat_files(path, info.columns) if fmt == "csv" else {}
    keys = set()
    for _number, values, _problem in rows:
        info.rows += 1
        if repeats and values:
            keys.add(values.get("KEY", "").strip())
    for _name, repeat in sorted(repeats.items()):
        info.size += _hash_into(digest, repeat)
        for parent, children in _repeat_rows(repeat).items():
            if parent not in keys:
                raise FileProblem(
                    f"{repeat.name}, row {children[0][REPEAT_ROW]}: PARENT_KEY {parent!r} names no submission "
                    f"(KEY) of {Path(path).name}; export the submissions and their repeats together.")
    info.sha256 = digest.hexdigest()
    return info


# -- ODK repeat groups exported as their own CSV files

REPEAT_ROW = "\0row"  # where a repeat row came from, for messages; never a column name


def repeat_files(path: str | Path, columns: list[str]) -> dict[str, Path]:
    """{repeat name: file} of the repeat groups an ODK Central or Briefcase CSV export wrote beside
    the submissions: `FORM-victims.csv` beside `FORM.csv` (`FORM-group-victims.csv` for a repeat
    inside a group), whose rows name their submission's KEY in PARENT_KEY.

    Only for a submissions file (one with a KEY column); files beside it without PARENT_KEY and
    KEY columns are not repeats and are left alone.
    """
    path = Path(path)
    if "KEY" not in columns:
        return {}
    found: dict[str, Path] = {}
    for candidate in sorted(path.parent.glob(f"{glob.escape(path.stem)}-*{path.suffix}")):
        with open(candidate, encoding=detect_encoding(candidate), newline="") as handle:
            header = header_names(next(csv.reader(line.replace("\0", "") for line in handle), []))
        if "PARENT_KEY" in header and "KEY" in header:
            found[candidate.stem[len(path.stem) + 1:].rsplit("-", 1)[-1]] = candidate
    return found


def _repeat_rows(path: Path) -> dict[str, list[dict]]:
    """The rows of a repeat file by the KEY of their submission, in file order, each without the
    export's own bookkeeping columns (PARENT_KEY, KEY, SET-OF-...)."""
    out: dict[str, list[dict]] = {}
    with open(path, encoding=detect_encoding(path), newline="") as handle:
        reader = csv.reader(line.replace("\0", "") for line in handle)
        header = header_names(next(reader, []))
        for number, cells in enumerate(reader, start=2):
            row = dict(zip(header, cells, strict=False))
            parent = row.pop("PARENT_KEY", "").strip()
            if not parent and not "".join(cells).strip():
                continue
            child = {k: v for k, v in row.items() if k != "KEY" and not k.startswith("SET-OF-")}
            child[REPEAT_ROW] = number
            out.setdefault(parent, []).append(child)
    return out


Row = tuple[int, dict[str, str] | None, str | None]


def read_rows(info: FileInfo, *, start_after: int = 0) -> Iterator:
    """First the column names, then (row number, {column: text}, problem) for every row.

    Rows up to `start_after` are skipped (read but not converted) so a resumed import starts
    right after the last committed batch.
    """
    if info.format in ("csv", "tsv"):
        return _csv_rows(info, start_after)
    if info.format == "xlsx":
        return _xlsx_rows(info, start_after)
    return _json_rows(info, start_after)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv_rows(info: FileInfo, start_after: int) -> Iterator:
    handle = open(info.path, encoding=info.encoding or "utf-8", newline="")  # noqa: SIM115
    try:
        # NUL bytes are not allowed by the csv module; they are never meaningful in a spreadsheet.
        lines = (line.replace("\0", "") for line in handle)
        reader = csv.reader(lines, delimiter=info.delimiter or ",")
        try:
            header = header_names(next(reader))
        except StopIteration:
            return
        repeats = {name: _repeat_rows(path) for name, path in repeat_files(info.path, header).items()} \
            if info.format == "csv" else {}
        yield [*header, *(name for name in repeats if name not in header)]
        width = len(header)
        number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                number += 1
                if number > start_after:
                    yield number, None, f"unreadable CSV row: {exc}"
                continue
            number += 1
            if number <= start_after:
                continue
            if not "".join(cells).strip():
                continue
            if len(cells) > width and "".join(cells[width:]).strip():
                yield number, None, f"the row has {len(cells)} cells but the header names {width} columns"
                continue
            cells = cells + [""] * (width - len(cells))
            values = dict(zip(header, cells, strict=False))
            for name, children in repeats.items():
                # Joined as KoboToolbox's JSON export gives a repeat: a list of {field: value}.
                values[name] = json.dumps([{k: v for k, v in child.items() if k != REPEAT_ROW}
                                           for child in children.get(values.get("KEY", "").strip(), [])],
                                          ensure_ascii=False)
            yield number, values, None
    finally:
        handle.close()


def _xlsx_rows(info: FileInfo, start_after: int) -> Iterator:
    from openpyxl import load_workbook

    try:
        book = load_workbook(info.path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign file
        raise FileProblem(f"{Path(info.path).name}: not a readable XLSX workbook ({exc}).") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        try:
            header = header_names(list(next(rows)))
        except StopIteration:
            return
        repeats = {name: _repeat_rows(path) for name, path in repeat_files(info.path, header).items()} \
            if info.format == "csv" else {}
        yield [*header, *(name for name in repeats if name not in header)]
        width = len(header)
        for number, cells in enumerate(rows, start=2):
            if number <= start_after:
                continue
            cells = list(cells)
            if not any(_text(c).strip() for c in cells):
                continue
            if len(cells) > width and any(_text(c).strip() for c in cells[width:]):
                yield number, None, f"the row has {len(cells)} cells but the header names {width} columns"
                continue
            cells += [None] * (width - len(cells))
            yield number, {h: _text(c) for h, c in zip(header, cells, strict=False)}, None
    finally:
        book.close()


def flatten(record: dict, prefix: str = "") -> dict[str, str]:
    """A nested JSON object as {"group/field": text}: the path names KoboToolbox and ODK use."""
    out: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}/"))
        else:
            out[name] = _text(value)
    return out


def _json_records(info: FileInfo) -> Iterator[tuple[int, object, str | None]]:
    if info.format == "jsonl":
        with open(info.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    raise FileProblem(f"{Path(info.path).name}, line {number}: not UTF-8 text ({exc.reason} at "
                                      f"byte {exc.start}); JSON Lines files are UTF-8.") from exc
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line), None
                except ValueError as exc:
                    yield number, None, f"not valid JSON: {exc}"
        return
    # A JSON export (KoboToolbox API, ODK Central): a list of submissions or {"results": [...]}.
    try:
        with open(info.path, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FileProblem(f"{Path(info.path).name}: not valid JSON ({exc}).") from exc
    if isinstance(data, dict):
        data = data.get("results", data.get("value", [data]))
    if not isinstance(data, list):
        raise FileProblem(f"{Path(info.path).name}: expected a list of records.")
    for number, record in enumerate(data, start=1):
        yield number, record, None


def _json_rows(info: FileInfo, start_after: int) -> Iterator:
    # Columns are the union of the keys of the first 1,000 records, in order of appearance.
    columns: dict[str, None] = {}
    for i, (_number, record, _problem) in enumerate(_json_records(info)):
        if i >= 1000:
            break
        if isinstance(record, dict):
            columns.update(dict.fromkeys(flatten(record)))
    yield list(columns)
    for number, record, problem in _json_records(info):
        if number <= start_after:
            continue
        if problem:
            yield number, None, problem
        elif not isinstance(record, dict):
            yield number, None, f"expected a JSON object, found {type(record).__name__}"
        else:
            yield number, flatten(record), None


def write_rows(path: str | Path, columns: list[str], rows: list[dict]) -> None:
    """Write rows to a UTF-8 CSV (with BOM, so spreadsheet programs open Arabic correctly)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
