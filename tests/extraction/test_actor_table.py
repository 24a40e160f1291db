"""The alias table the library reads is generated from the actor seed migrations and in step with them."""

import importlib
import json

import pytest

from sijill.extraction.actors import DATA_FILE

SEEDS = ("sijill.actors.migrations.0002_seed_actors", "sijill.actors.migrations.0003_seed_battar")


def test_actor_table_matches_the_seed_migrations():
    seeded = [row for module in SEEDS for row in importlib.import_module(module).ACTORS]
    table = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert [row["slug"] for row in table] == [row[0] for row in seeded]
    for row, seed in zip(table, seeded, strict=True):
        slug, parent, _type, _acled, name_en, name_ar, _desc, en, ar = seed
        assert row["parent"] == parent
        assert row["aliases"] == [name_en, *en, name_ar, *ar], (
            f"{slug}: run bench/extraction/build_actor_table.py after editing a seed"
        )


def test_battalion_al_battar_is_a_unit_of_isis():
    from sijill.extraction.actors import ActorFinder

    finder = ActorFinder()
    found = finder.find("اشتباكات مع كتيبة البتار قرب الرقة")
    assert [a["actor"] for a in found] == ["isis-battar"]
    assert finder.root("isis-battar") == "isis"


@pytest.mark.django_db(transaction=True)
def test_battar_seed_migration_is_reversible():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from sijill.actors.models import Actor

    assert Actor.objects.get(slug="isis-battar").parent.slug == "isis"
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()  # every app: reversing actors also reverses the apps built on it
    executor.migrate([("actors", "0002_seed_actors")])
    assert not Actor.objects.filter(slug="isis-battar").exists()
    assert Actor.objects.filter(slug="isis").exists()
    MigrationExecutor(connection).migrate(leaves)
    battar = Actor.objects.get(slug="isis-battar")
    assert battar.path == f"{battar.parent.path}{battar.pk}/" and battar.aliases.count() == 10
