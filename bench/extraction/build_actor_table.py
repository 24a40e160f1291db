"""Write sijill/extraction/data/actors.json from the actor seed migration's data.

The extraction library must not import Django, and the seed migration does (it is a migration
module), so the aliases reach the library through this generated file. Run it after editing the
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


def actor_table() -> list[dict]:
    """One entry per seeded actor: slug, parent slug, names and every alias."""
    sys.path.insert(0, str(ROOT))
    seed = importlib.import_module("sijill.actors.migrations.0002_seed_actors")
    rows = []
    for slug, parent, type_code, _acled, name_en, name_ar, _description, en, ar in seed.ACTORS:
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
