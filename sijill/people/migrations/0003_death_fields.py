from django.db import migrations, models

from sijill.search_index import create_index_sql


def recreate_search_triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cur:
        for sql in create_index_sql(schema_editor.connection.vendor, "people_person"):
            cur.execute(sql)


class Migration(migrations.Migration):
    """Date and cause of death on the person, so linkage compares them (VDC gives both).

    On SQLite, adding or removing a NOT NULL column rebuilds the table, which drops the triggers
    that keep the full-text index current; they are created again (IF NOT EXISTS) after the
    change in either direction.
    """

    dependencies = [
        ("people", "0002_search_index"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, recreate_search_triggers),
        migrations.AddField(
            model_name="person",
            name="death_date",
            field=models.DateField(blank=True, null=True, verbose_name="date of death"),
        ),
        migrations.AddField(
            model_name="person",
            name="cause_of_death",
            field=models.CharField(blank=True, db_default="", default="", max_length=200,
                                   verbose_name="cause of death"),
        ),
        migrations.RunPython(recreate_search_triggers, migrations.RunPython.noop),
    ]
