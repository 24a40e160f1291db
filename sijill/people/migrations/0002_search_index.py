from django.db import migrations

from sijill.search_index import index_operations


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = index_operations("people_person")
