"""`sijill gazetteer load` and `sijill gazetteer resolve` from the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> str:
    out = StringIO()
    call_command("gazetteer", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_prints_counts_and_a_second_load_changes_nothing():
    assert "6,428 created" in run("load")
    assert "0 created, 0 updated, 6,428 unchanged" in run("load")


def test_resolve_prints_a_table_best_first():
    lines = run("resolve", "الرقة").splitlines()
    assert lines[0].split()[:3] == ["score", "pcode", "level"]
    assert lines[1].split()[1] == "SY11"


def test_resolve_with_country_and_unknown_names():
    assert "IQG15Q05" in run("resolve", "Mosul", "--country", "IQ")
    assert "no place found" in run("resolve", "Xyzzyville")
    with pytest.raises(CommandError, match="no place has this p-code"):
        run("resolve", "Duma", "--within", "XX99")
