"""SQLite: the incidents' FTS document carries visibility tokens, so a search's exact total is
read from the FTS index alone (sijill.search_index.create_visible_index_sql). Rebuilds the
index from the existing rows; reversing restores the external-content index of 0002.
PostgreSQL: nothing changes."""

from django.db import migrations

from sijill.search_index import visible_index_operations


class Migration(migrations.Migration):
    dependencies = [("incidents", "0003_live_list_indexes")]
    operations = visible_index_operations("incidents_incident")
