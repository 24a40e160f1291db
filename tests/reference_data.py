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

    # Content types too: left to be created on first use, the test thread and a live server's
    # thread may both create one at once (PostgreSQL then refuses the second: duplicate key).
    from django.contrib.contenttypes.models import ContentType
    from django.db import IntegrityError, migrations, transaction

    from sijill.vocabularies.models import Term

    for app_config in apps.get_app_configs():
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    create_contenttypes(app_config, verbosity=0)
                break
            except IntegrityError:  # another thread (a live server) created one meanwhile
                ContentType.objects.clear_cache()
    if Term.objects.exists():
        return
    for name in SEED_MIGRATIONS:
        for operation in importlib.import_module(name).Migration.operations:
            if isinstance(operation, migrations.RunPython):
                operation.code(apps, None)
