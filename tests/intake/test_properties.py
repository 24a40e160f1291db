"""Malformed files fed to every reader: no crash, no partial write, every bad row reported with a reason."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from sijill.intake.models import ImportRecord, RunStatus
from sijill.intake.services import ImportProblem, import_execute, import_prepare
from sijill.people.models import Person

cell = st.one_of(st.text(max_size=30), st.integers(-10**6, 10**6).map(str), st.sampled_from(["", "M", "F", "X", "٣٤"]))
row = st.lists(cell, min_size=0, max_size=7)

pytestmark = pytest.mark.django_db(transaction=False)


def _write(tmp_path, fmt: str, rows: list[list[str]], junk: bytes) -> object:
    header = ["id", "name_ar", "name", "sex", "age"]
    path = tmp_path / f"f.{fmt}"
    if fmt == "csv":
        lines = [",".join(header)] + [",".join(c.replace("\n", " ").replace("\r", " ") for c in r) for r in rows]
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + junk)
    elif fmt == "jsonl":
        lines = [json.dumps(dict(zip(header, r, strict=False))) if i % 3 else ",".join(r) for i, r in enumerate(rows)]
        path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + junk)
    else:
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for r in rows:
            sheet.append([c for c in r if not any(ord(ch) < 32 for ch in c)])
        book.save(path)
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, max_size=25), junk=st.binary(max_size=20))
def test_malformed_files_never_crash_and_every_row_is_accounted_for(tmp_path, importer, people_mapping, fmt,
                                                                    rows, junk):
    before = (Person.objects.count(), ImportRecord.objects.count())
    path = _write(tmp_path, fmt, rows, junk)
    try:
        run = import_prepare(user=importer, path=path, mapping_name="people-list", batch_size=7, resume=False)
    except ImportProblem as exc:
        assert str(exc)
        assert (Person.objects.count(), ImportRecord.objects.count()) == before
        return
    run = import_execute(run_id=run.pk)
    assert run.status in (RunStatus.DONE, RunStatus.FAILED)
    if run.status == RunStatus.FAILED:
        assert run.message
    created = Person.objects.count() - before[0]
    assert created == ImportRecord.objects.count() - before[1] == run.created
    assert run.created + run.updated + run.unchanged + run.rejected == run.rows_read
    for rejection in run.rejections.all():
        assert rejection.reasons and all(r["message"] for r in rejection.reasons)
