"""Capture tables are read in both shapes of the shared data and refused, with the row and
column named, when malformed."""

import io

import pytest

from sijill.estimation.table import TableError, from_rows, read_table


def read(text: str):
    return read_table(io.StringIO(text))


def test_zero_count_patterns_may_be_omitted_and_are_zero():
    table = read("A,B,C,count\n1,0,0,5\n0,1,1,2\n")
    assert table.observed == 7 and len(table.counts) == 7
    assert (table.counts == 0).sum() == 5


def test_count_may_be_the_last_column_under_another_name_with_float_values():
    table = read("I,K,frequency\n1.0,0.0,4.0\n0.0,1.0,3.0\n1.0,1.0,1.0\n")
    assert table.lists == ("I", "K") and table.observed == 8


def test_count_column_is_found_by_name_anywhere():
    table = read("count,A,B\n3,1,0\n2,0,1\n1,1,1\n")
    assert table.lists == ("A", "B") and table.list_totals == {"A": 4, "B": 3}


@pytest.mark.parametrize("text, row, column, code", [
    ("A,B,count\n1,0,5\n0,2,3\n", 3, "B", "not_binary"),
    ("A,B,count\n1,0,5\n0,1,-3\n", 3, "count", "bad_count"),
    ("A,B,n\n1,0,5\n0,1,2.5\n", 3, "n", "bad_count"),
    ("A,B,count\n1,0,5\n1,0,3\n", 3, None, "duplicate"),
    ("A,B,count\n0,0,9\n", 2, None, "all_zero"),
    ("A,B,count\n1,0,5\n0,1\n", 3, None, "width"),
    ("A,count\n1,5\n", 1, None, "few_lists"),
    ("A,A,count\n1,0,5\n", 1, "A", "duplicate_list"),
    ("A,B,count\n1,0,0\n", None, None, "no_counts"),
    ("A,B,C,count\n1,0,0,5\n0,0,1,0\n", None, None, "few_lists"),
    ("", 1, None, "empty"),
])
def test_malformed_tables_are_refused_naming_row_and_column(text, row, column, code):
    with pytest.raises(TableError) as caught:
        read(text)
    assert (caught.value.code, caught.value.row, caught.value.column) == (code, row, column)
    if row is not None:
        assert f"row {row}" in str(caught.value)


def test_a_list_that_documents_nobody_is_dropped_and_reported():
    table = read("A,B,C,count\n1,0,0,5\n0,1,0,3\n1,1,0,2\n0,0,1,0\n")
    assert table.lists == ("A", "B") and table.dropped == ("C",)
    assert table.list_totals == {"A": 7, "B": 5} and table.observed == 10


def test_rows_from_code_are_checked_like_a_file():
    with pytest.raises(TableError, match="row 2, column 'B'"):
        from_rows(["A", "B"], [((1, 0), 4), ((1, 3), 2)])
    with pytest.raises(TableError, match="row 1: pattern has 3 entries"):
        from_rows(["A", "B"], [((1, 0, 1), 4)])
