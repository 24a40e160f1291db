"""Reports get a language, a slug, the review status, authors, tags and a linked translation.

A report becomes one language: title_en/body_en become title/body; a report that had only Arabic
text takes title_ar/body_ar and the language "ar". Reversible: going back puts the text into the
field of its language again.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import F, Q
from django.utils.text import slugify


def _to_one_language(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.all():
        if not report.title and (report.title_ar or report.body_ar):
            report.language = "ar"
            report.title = report.title_ar
            report.body = report.body_ar
        report.slug = f"{slugify(report.title, allow_unicode=True)[:100] or 'report'}-{report.pk}"
        report.save(update_fields=["language", "title", "body", "slug"])


def _to_two_fields(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.filter(language="ar"):
        report.title_ar, report.body_ar = report.title, report.body
        report.title, report.body = "", ""
        report.save(update_fields=["title", "body", "title_ar", "body_ar"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Author",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_en", models.CharField(blank=True, max_length=200, verbose_name="name (English)")),
                ("name_ar", models.CharField(blank=True, max_length=200, verbose_name="name (Arabic)")),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True)),
                ("kind", models.CharField(choices=[("person", "person"), ("organisation", "organisation")],
                                          default="person", max_length=12, verbose_name="kind")),
                ("bio_en", models.TextField(blank=True, verbose_name="about (English)")),
                ("bio_ar", models.TextField(blank=True, verbose_name="about (Arabic)")),
            ],
            options={"ordering": ["name_en", "name_ar"]},
        ),
        migrations.CreateModel(
            name="Tag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("slug", models.SlugField(allow_unicode=True, max_length=100, unique=True)),
                ("name_en", models.CharField(blank=True, max_length=100, verbose_name="name (English)")),
                ("name_ar", models.CharField(blank=True, max_length=100, verbose_name="name (Arabic)")),
            ],
            options={"ordering": ["slug"]},
        ),
        migrations.RenameField("report", "title_en", "title"),
        migrations.RenameField("report", "body_en", "body"),
        migrations.AddField(
            model_name="report", name="language",
            field=models.CharField(choices=[("en", "English"), ("ar", "Arabic")], default="en", max_length=2,
                                   verbose_name="language"),
        ),
        migrations.AddField(
            model_name="report", name="slug",
            # Without an index until it is filled: the unique index comes with the AlterField below
            # (on PostgreSQL an index here and the unique one would both create the same _like index).
            field=models.SlugField(allow_unicode=True, max_length=120, null=True, db_index=False),
        ),
        migrations.RunPython(_to_one_language, _to_two_fields),
        migrations.AlterField(
            model_name="report", name="slug",
            field=models.SlugField(allow_unicode=True, max_length=120, unique=True),
        ),
        migrations.RemoveField("report", "title_ar"),
        migrations.RemoveField("report", "body_ar"),
        migrations.RemoveField("report", "author"),
        migrations.AlterField(
            model_name="report", name="title",
            field=models.CharField(max_length=500, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="report", name="body",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="report", name="status",
            field=models.CharField(choices=[("draft", "draft"), ("review", "in review"), ("published", "published")],
                                   default="draft", max_length=10, verbose_name="status"),
        ),
        migrations.AlterField(
            model_name="report", name="published_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True, verbose_name="publication time"),
        ),
        migrations.AddField(
            model_name="report", name="summary", field=models.TextField(blank=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="report", name="review_note",
            field=models.TextField(blank=True, verbose_name="note to the author"),
        ),
        migrations.AddField(
            model_name="report", name="translation",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                       related_name="+", to="reports.report", verbose_name="translation"),
        ),
        migrations.AddField(
            model_name="report", name="authors",
            field=models.ManyToManyField(blank=True, related_name="reports", to="reports.author",
                                         verbose_name="authors"),
        ),
        migrations.AddField(
            model_name="report", name="tags",
            field=models.ManyToManyField(blank=True, related_name="reports", to="reports.tag", verbose_name="tags"),
        ),
        migrations.AlterModelOptions(name="report", options={"ordering": ["-published_at", "-id"]}),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="report_published_has_time"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=Q(translation__isnull=True) | ~Q(translation=F("id")), name="report_not_own_translation"
            ),
        ),
    ]
