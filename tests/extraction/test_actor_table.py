"""The alias table the library reads is generated from the actor seed migration and in step with it."""

import importlib
import json

from sijill.extraction.actors import DATA_FILE


def test_actor_table_matches_the_seed_migration():
    seed = importlib.import_module("sijill.actors.migrations.0002_seed_actors")
    table = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert [row["slug"] for row in table] == [row[0] for row in seed.ACTORS]
    for row, seeded in zip(table, seed.ACTORS, strict=True):
        slug, parent, _type, _acled, name_en, name_ar, _desc, en, ar = seeded
        assert row["parent"] == parent
        assert row["aliases"] == [name_en, *en, name_ar, *ar], (
            f"{slug}: run bench/extraction/build_actor_table.py after editing the seed"
        )
