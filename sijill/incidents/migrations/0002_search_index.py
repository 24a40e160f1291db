from django.db import migrations

from sijill.search_index import index_operations


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = index_operations("incidents_incident")
