"""Reading files: encodings, delimiters, spreadsheets and JSON, with malformed rows reported."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook

from sijill.intake import readers

ROWS = [["1", "محمد الأحمد", "Mohammad al-Ahmad"], ["2", "فاطمة", "Fatima"]]


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1256", "cp1256"),
])
def test_arabic_csv_is_read_in_every_encoding_field_teams_use(write_csv, encoding, expected):
    path = write_csv("people.csv", ["id", "name_ar", "name"], ROWS, encoding=encoding)
    info = readers.inspect_file(path)
    assert info.encoding == expected
    rows = list(readers.read_rows(info))[1:]
    assert rows[0] == (2, {"id": "1", "name_ar": "محمد الأحمد", "name": "Mohammad al-Ahmad"}, None)
    assert info.rows == 2


def test_latin1_file_is_read_as_latin1(write_csv):
    path = write_csv("places.csv", ["id", "name"], [["1", "Alépo"], ["2", "Hôms"]], encoding="latin-1")
    info = readers.inspect_file(path)
    assert info.encoding == "latin-1"
    assert list(readers.read_rows(info))[2][1]["name"] == "Hôms"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected(write_csv, delimiter):
    path = write_csv("people.csv", ["id", "name_ar", "name"], ROWS, delimiter=delimiter)
    info = readers.inspect_file(path)
    assert info.delimiter == delimiter
    assert info.columns == ["id", "name_ar", "name"]


def test_row_with_more_cells_than_header_is_reported_and_reading_goes_on(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,name\n1,a\n2,b,extra\n3,c\n", encoding="utf-8")
    rows = list(readers.read_rows(readers.inspect_file(path)))[1:]
    assert rows[0][2] is None and rows[2][1] == {"id": "3", "name": "c"}
    assert rows[1][1] is None and "3 cells" in rows[1][2]


def test_xlsx_and_json_lines_are_read(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "age"])
    sheet.append([1, "Ahmad", 30.0])
    book.save(tmp_path / "p.xlsx")
    rows = list(readers.read_rows(readers.inspect_file(tmp_path / "p.xlsx")))
    assert rows[1] == (2, {"id": "1", "name": "Ahmad", "age": "30"}, None)

    lines = [json.dumps({"id": 1, "meta": {"instanceID": "uuid:1"}}), "{not json", "[1]"]
    (tmp_path / "s.jsonl").write_text("\n".join(lines), encoding="utf-8")
    rows = list(readers.read_rows(readers.inspect_file(tmp_path / "s.jsonl")))
    assert rows[0] == ["id", "meta/instanceID"]
    assert rows[1] == (1, {"id": "1", "meta/instanceID": "uuid:1"}, None)
    assert rows[2][1] is None and "JSON" in rows[2][2]
    assert rows[3][1] is None and "object" in rows[3][2]


def test_empty_or_unknown_file_is_a_clear_problem(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(readers.FileProblem, match="empty"):
        readers.inspect_file(tmp_path / "empty.csv")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with pytest.raises(readers.FileProblem, match="unknown file type"):
        readers.inspect_file(tmp_path / "x.pdf")
