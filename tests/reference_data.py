"""Put back what data migrations seed (vocabularies, actors, crimes, content types) after a
transactional test emptied every table."""

from __future__ import annotations

SEED_MIGRATIONS = (
    "sijill.vocabularies.migrations.0002_seed_terms",
    "sijill.actors.migrations.0002_seed_actors",
    "sijill.actors.migrations.0003_seed_battar",
    "sijill.review.migrations.0002_seed_crimes",
)


def reseed() -> None:
    """Put back the vocabularies and actors that data migrations seed, after a test flushed them."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.management import create_contenttypes
    from django.db import migrations

    from sijill.vocabularies.models import Term

    # Content types too: left to be created on first use, the test thread and a live server's
    # thread may both create one at once (PostgreSQL then refuses the second: duplicate key).
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
    if Term.objects.exists():
        return
    for name in SEED_MIGRATIONS:
        for operation in importlib.import_module(name).Migration.operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, None)
