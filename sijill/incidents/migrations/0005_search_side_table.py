"""PostgreSQL: a narrow side table of the live incidents' search documents and confidentiality,
kept by triggers, so a search's exact total is counted without reading the wide incidents table
(sijill.search_index.create_search_table_sql). Fills it from the existing rows; reversing drops
it. SQLite: nothing changes."""

from django.db import migrations

from sijill.search_index import search_table_operations


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_search_index_visibility")]
    operations = search_table_operations("incidents_incident")
