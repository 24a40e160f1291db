"""Read a file holding many reports: a ZIP of text files, a JSON Lines file or a CSV with a text column.

`read_batch_file(name, data)` returns every report with where it stands in the file ("reports/a.txt",
"line 12", "row 7"), or raises `BatchFileError` listing every problem with its place, so that a
batch is read whole or not at all: nothing is queued from a file with a bad entry.

* ZIP: every `.txt` or `.md` entry is one report (UTF-8); folders, hidden files and macOS resource
  forks are passed over; any other entry is a problem (a PDF or image is evidence, not a report).
* JSON Lines: one object per line with `text` and optionally `title`, `published` (YYYY-MM-DD)
  and `lang` (auto, ar or en); blank lines are passed over.
* CSV: a header row with a `text` column and optionally the same other columns.

A text given twice in one file is read once; the later places are reported as repeats.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

MAX_REPORTS = 5_000
MAX_TEXT = 1_000_000
# What a ZIP may hold once unpacked: a small archive must not unpack into gigabytes.
MAX_UNPACKED = 200_000_000
MAX_PROBLEMS = 50
LANGS = ("auto", "ar", "en")
TEXT_SUFFIXES = (".txt", ".md")
FORMATS = (".zip", ".jsonl", ".csv")
# A report of up to MAX_TEXT characters fits in one CSV cell (Python's default limit is 131,072).
csv.field_size_limit(max(csv.field_size_limit(), 4 * MAX_TEXT))


class BatchFileError(ValueError):
    """The file cannot be read as a batch; `problems` says what, where, for each bad entry."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class BatchReport:
    where: str
    text: str
    title: str = ""
    published_on: date | None = None
    lang: str = "auto"


@dataclass(frozen=True)
class BatchFile:
    reports: list[BatchReport]
    repeats: list[tuple[str, str]]  # (where, where the same text was read first)


def read_batch_file(name: str, data: bytes) -> BatchFile:
    suffix = PurePosixPath(name.lower()).suffix
    if suffix == ".zip":
        reports, problems = _read_zip(data)
    elif suffix == ".jsonl":
        reports, problems = _read_jsonl(_decode(data, name))
    elif suffix == ".csv":
        reports, problems = _read_csv(_decode(data, name))
    else:
        raise BatchFileError([_("%(name)s: read many reports from a .zip of text files, a .jsonl or a .csv file.")
                              % {"name": name}])
    return _finish(name, reports, problems)


def read_batch_reports(items: list) -> BatchFile:
    """The same checks for reports given as a list of objects (the API): `text` and optionally
    `title`, `published` and `lang`; places are "reports[0]", "reports[1]", ..."""
    reports, problems = [], []
    for n, value in enumerate(items):
        _add_object(f"reports[{n}]", value, reports, problems)
    return _finish("reports", reports, problems)


def _finish(name: str, reports: list[BatchReport], problems: list[str]) -> BatchFile:
    seen: dict[str, str] = {}
    unique, repeats = [], []
    for report in reports:
        key = report.text.strip()
        if key in seen:
            repeats.append((report.where, seen[key]))
            continue
        seen[key] = report.where
        unique.append(report)
    if not problems and not unique:
        problems.append(_("%(name)s holds no report.") % {"name": name})
    if len(unique) > MAX_REPORTS:
        problems.append(_("%(name)s holds %(n)d reports; at most %(max)d can be read in one batch.")
                        % {"name": name, "n": len(unique), "max": MAX_REPORTS})
    if problems:
        shown = problems[:MAX_PROBLEMS]
        if len(problems) > MAX_PROBLEMS:
            shown.append(_("and %(n)d more problems.") % {"n": len(problems) - MAX_PROBLEMS})
        raise BatchFileError(shown)
    return BatchFile(unique, repeats)


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BatchFileError([_("%(where)s: not UTF-8 text (byte %(at)d).") % {"where": where, "at": exc.start}]) from exc


def _check(report: BatchReport) -> list[str]:
    out = []
    if not report.text.strip():
        out.append(_("%(where)s: the report has no text.") % {"where": report.where})
    elif len(report.text) > MAX_TEXT:
        out.append(_("%(where)s: %(n)d characters; at most %(max)d can be read at once.")
                   % {"where": report.where, "n": len(report.text), "max": MAX_TEXT})
    return out


def _fields(where: str, values: dict) -> tuple[BatchReport | None, list[str]]:
    """A report from one JSON object or CSV row, or the problems of its fields."""
    problems = []
    text = values.get("text")
    if not isinstance(text, str):
        return None, [_("%(where)s: no \"text\" given.") % {"where": where}]
    title = values.get("title") or ""
    if not isinstance(title, str):
        problems.append(_("%(where)s: \"title\" must be text.") % {"where": where})
        title = ""
    published = values.get("published") or None
    if published is not None:
        try:
            published = date.fromisoformat(str(published).strip())
        except ValueError:
            problems.append(_("%(where)s: \"published\" is %(value)r, not a date written YYYY-MM-DD.")
                            % {"where": where, "value": published})
            published = None
    lang = (values.get("lang") or "auto")
    if lang not in LANGS:
        problems.append(_("%(where)s: \"lang\" is %(value)r; use auto, ar or en.") % {"where": where, "value": lang})
    report = BatchReport(where=where, text=text, title=title.strip()[:500], published_on=published, lang=lang)
    problems.extend(_check(report))
    if problems:
        return None, problems
    return report, []


def _read_jsonl(content: str) -> tuple[list[BatchReport], list[str]]:
    reports, problems = [], []
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        where = _("line %(n)d") % {"n": number}
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(_("%(where)s: not JSON (%(error)s).") % {"where": where, "error": exc.msg})
            continue
        _add_object(where, value, reports, problems)
    return reports, problems


def _add_object(where: str, value, reports: list[BatchReport], problems: list[str]) -> None:
    """One report from a JSON value, or its problems."""
    if not isinstance(value, dict):
        problems.append(_("%(where)s: a JSON object with \"text\" is needed.") % {"where": where})
        return
    report, found = _fields(where, value)
    problems.extend(found)
    if report:
        reports.append(report)


def _read_csv(content: str) -> tuple[list[BatchReport], list[str]]:
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "text" not in header:
        return [], [_("row 1: the header has no \"text\" column (it has: %(columns)s).")
                    % {"columns": ", ".join(reader.fieldnames or []) or "-"}]
    reader.fieldnames = header
    reports, problems = [], []
    try:
        for row in reader:
            where = _("row %(n)d") % {"n": reader.line_num}
            if None in row:
                problems.append(_("%(where)s: more cells than the header has columns.") % {"where": where})
                continue
            if not any((v or "").strip() for v in row.values()):
                continue
            report, found = _fields(where, {k: v for k, v in row.items() if v is not None})
            problems.extend(found)
            if report:
                reports.append(report)
    except csv.Error as exc:
        problems.append(_("row %(n)d: %(error)s") % {"n": reader.line_num, "error": exc})
    return reports, problems


def _read_zip(data: bytes) -> tuple[list[BatchReport], list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise BatchFileError([_("The file is not a readable ZIP archive (%(error)s).") % {"error": exc}]) from exc
    entries = [i for i in archive.infolist() if not i.is_dir() and not _hidden(i.filename)]
    if sum(i.file_size for i in entries) > MAX_UNPACKED:
        raise BatchFileError([_("The archive unpacks to more than %(mb)d MB; split it into smaller batches.")
                              % {"mb": MAX_UNPACKED // 1_000_000}])
    reports, problems = [], []
    for info in sorted(entries, key=lambda i: i.filename):
        where = info.filename
        if PurePosixPath(where.lower()).suffix not in TEXT_SUFFIXES:
            problems.append(_("%(where)s: not a text report (.txt or .md); evidence files are added in the evidence vault.")
                            % {"where": where})
            continue
        if info.file_size > MAX_TEXT * 4:
            problems.append(_("%(where)s: too large to be one report.") % {"where": where})
            continue
        try:
            raw = archive.read(info)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as exc:
            problems.append(_("%(where)s: cannot be unpacked (%(error)s).") % {"where": where, "error": exc})
            continue
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(_("%(where)s: not UTF-8 text (byte %(at)d).") % {"where": where, "at": exc.start})
            continue
        report = BatchReport(where=where, text=text, title=_first_line(text))
        found = _check(report)
        problems.extend(found)
        if not found:
            reports.append(report)
    return reports, problems


def _hidden(filename: str) -> bool:
    parts = PurePosixPath(filename).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")[:500]
