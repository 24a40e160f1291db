"""CorroborationSummary: what the single-source and contested queues count, per incident; filled
here for the incidents already stored (the services keep it from then on)."""

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    # The service's own computation (SQL over the link tables and the claims), so the rows are
    # exactly what the services would write; batched, and a no-op on an empty database.
    from sijill.review.services import corroboration_refresh

    Incident = apps.get_model("incidents", "Incident")
    corroboration_refresh(Incident.objects.order_by("pk").values_list("pk", flat=True))


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0005_search_side_table'),
        ('review', '0002_seed_crimes'),
    ]

    operations = [
        migrations.CreateModel(
            name='CorroborationSummary',
            fields=[
                ('incident', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='corroboration_summary', serialize=False, to='incidents.incident')),
                ('open', models.BooleanField(default=True)),
                ('confidentiality', models.PositiveSmallIntegerField(default=0)),
                ('corroborated_from', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('contested', models.BooleanField(default=False)),
            ],
            options={
                'indexes': [models.Index(fields=['open', 'confidentiality', 'corroborated_from'], name='review_summary_single_idx'), models.Index(condition=models.Q(('contested', True)), fields=['open', 'confidentiality'], name='review_summary_contested_idx')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
