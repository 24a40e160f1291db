"""reports/0002 turns the two-language report row into a one-language report, and back."""

from __future__ import annotations

import pytest


@pytest.mark.django_db(transaction=True)
def test_the_one_language_migration_keeps_the_text_both_ways(writer):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from sijill.reports.models import Report
    from sijill.reports.services import report_create

    report_create(user=writer, title="Raqqa report", body="English text", language="en")
    report_create(user=writer, title="تقرير الرقة", body="نص عربي", language="ar")

    # Back to two text fields per row: each text lands in the field of its language.
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()  # every app: reversing reports also reverses the apps built on it
    old = executor.migrate([("reports", "0001_initial")]).apps
    back = {(r.title_en, r.body_en, r.title_ar, r.body_ar) for r in old.get_model("reports", "Report").objects.all()}
    assert back == {("Raqqa report", "English text", "", ""), ("", "", "تقرير الرقة", "نص عربي")}

    # And forward again: a row with only Arabic text becomes an Arabic report, with a slug and word counts.
    executor.loader.build_graph()
    executor.migrate(leaves)
    rows = {r.language: r for r in Report.objects.all()}
    assert (rows["en"].title, rows["en"].body) == ("Raqqa report", "English text")
    assert (rows["ar"].title, rows["ar"].body) == ("تقرير الرقة", "نص عربي")
    assert rows["en"].slug.startswith("raqqa-report-") and rows["ar"].slug.startswith("تقرير-الرقة-")
    assert rows["ar"].terms == {"تقرير": 1, "رقه": 1, "نص": 1, "عربي": 1}
