"""reports/0002 turns the two-language report row into a one-language report, and back."""

from __future__ import annotations

import pytest


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_one_language_migration_keeps_the_text_both_ways():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    leaves = [key for key in executor.loader.graph.leaf_nodes() if key[0] == "reports"]
    old = executor.migrate([("reports", "0001_initial")]).apps
    OldReport = old.get_model("reports", "Report")
    OldReport.objects.create(title_en="Raqqa report", body_en="English text")
    OldReport.objects.create(title_ar="تقرير الرقة", body_ar="نص عربي")

    executor.loader.build_graph()
    executor.migrate(leaves)
    from sijill.reports.models import Report

    rows = {r.language: (r.title, r.body, r.slug) for r in Report.objects.all()}
    assert rows["en"][:2] == ("Raqqa report", "English text") and rows["en"][2].startswith("raqqa-report-")
    assert rows["ar"][:2] == ("تقرير الرقة", "نص عربي") and rows["ar"][2].startswith("تقرير-الرقة-")

    executor.loader.build_graph()
    old = executor.migrate([("reports", "0001_initial")]).apps
    back = {(r.title_en, r.body_en, r.title_ar, r.body_ar) for r in old.get_model("reports", "Report").objects.all()}
    assert back == {("Raqqa report", "English text", "", ""), ("", "", "تقرير الرقة", "نص عربي")}
    executor.loader.build_graph()
    executor.migrate(leaves)
