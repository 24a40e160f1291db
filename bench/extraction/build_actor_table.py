"""Write sijill/extraction/data/actors.json from the actor seed migrations' data.

The extraction library must not import Django, and the seed migration does (it is a migration
module), so the aliases reach the library through this generated file. Run it after editing a
seed: `.venv/bin/python bench/extraction/build_actor_table.py`. tests/extraction checks the file
is in step with the migration.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "sijill" / "extraction" / "data" / "actors.json"


# The seed migrations that add actors, in order; each holds ACTORS rows of the same shape.
SEEDS = ("sijill.actors.migrations.0002_seed_actors", "sijill.actors.migrations.0003_seed_battar")


def seeded_actors() -> list[tuple]:
    """The ACTORS rows of every seed migration, in migration order."""
    sys.path.insert(0, str(ROOT))
    return [row for module in SEEDS for row in importlib.import_module(module).ACTORS]


def actor_table() -> list[dict]:
    """One entry per seeded actor: slug, parent slug, names and every alias."""
    rows = []
    for slug, parent, type_code, _acled, name_en, name_ar, _description, en, ar in seeded_actors():
        rows.append({
            "slug": slug, "parent": parent, "type": type_code, "name_en": name_en, "name_ar": name_ar,
            "aliases": [name_en, *en, name_ar, *ar],
        })
    return rows


def main() -> None:
    TARGET.write_text(json.dumps(actor_table(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
