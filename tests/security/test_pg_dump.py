"""On PostgreSQL, a pg_dump of the database holds no witness name and no victim's notes (the
fields are sealed before they reach the server, so no dump, replica or log can show them)."""

from __future__ import annotations

import os
import subprocess

import pytest
from django.db import connection

from sijill.people.services import person_create
from sijill.sources.services import source_create

from .seed import VICTIM_NOTE_MARKERS, VICTIM_NOTES

NAMES = ["رهف الماردينلي", "Tammam Shaykhani"]


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="PostgreSQL only (run with DATABASE_URL=postgres://...)")
@pytest.mark.django_db(transaction=True)
def test_pg_dump_holds_no_witness_name_and_no_victims_notes(make_user, keys_folder):
    user = make_user("analyst", 3)
    for i, name in enumerate(NAMES):
        source_create(user=user, title=f"Dump control title {i}", source_type="witness-testimony",
                      witness_name=name, witness_contact=f"{name} via Signal")
    for i, notes in enumerate(VICTIM_NOTES):
        person_create(user=user, name_latin=f"Dump control victim {i}", notes=notes)
    db = connection.settings_dict
    url = f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    dump = subprocess.run(["pg_dump", "--data-only", "-d", url], capture_output=True, check=True).stdout
    assert b"Dump control title 0" in dump  # positive control: clear columns are in the dump
    assert b"Dump control victim 4" in dump
    for name in NAMES:
        for part in name.split():
            assert part.encode() not in dump, part
    for marker in VICTIM_NOTE_MARKERS:
        assert marker.encode() not in dump, marker
