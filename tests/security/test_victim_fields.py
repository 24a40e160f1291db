"""Victims' sensitive details: a person's notes are stored encrypted, bound to the record; the
names stay in clear (the public record documentation keeps) and searchable."""

from __future__ import annotations

import pytest
from django.db import connection

from sijill.audit.models import AuditEvent, Version
from sijill.people.models import Person
from sijill.people.selectors import person_list
from sijill.people.services import person_create, person_update
from sijill.security import crypto

NOTES = "Held at the Mezzeh airport branch; his sister Rasha Qudsi answers on +963 933 210 987"


@pytest.fixture
def victim(analyst, keys_folder):
    return person_create(user=analyst, name_ar="ماهر الحمصي", name_latin="Maher al-Homsi", notes=NOTES)


def _raw_notes(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM people_person WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_notes_are_stored_as_a_token_bound_to_the_person(victim, analyst):
    raw = _raw_notes(victim.pk)
    assert crypto.is_token(raw) and "Mezzeh" not in raw
    assert crypto.decrypt_text(raw, context=f"people.Person:{victim.pk}:notes") == NOTES
    assert Person.objects.get(pk=victim.pk).notes == NOTES
    other = person_create(user=analyst, name_latin="Someone else")
    Person.objects.filter(pk=other.pk).update(notes=raw)
    with pytest.raises(crypto.DecryptionFailed):
        _ = Person.objects.get(pk=other.pk).notes


def test_names_stay_searchable_and_notes_never_enter_the_index(victim, analyst):
    # The migration that sealed the notes must leave the persons' full-text index in place.
    assert list(person_list(user=analyst, q="الحمصي")) == [victim]
    assert list(person_list(user=analyst, q="homsi")) == [victim]
    assert list(person_list(user=analyst, q="Mezzeh")) == []
    indexed = set(Person.objects.get(pk=victim.pk).search_text.split())
    assert not {"mezzeh", "rasha", "qudsi"} & indexed


def test_versions_and_audit_never_hold_the_clear_notes(victim, analyst):
    person_update(user=analyst, person_id=victim.pk, lock_version=victim.lock_version,
                  notes="Released in 2019; Rasha Qudsi confirmed")
    stored = [str(v.data) for v in Version.objects.filter(record_type="person")]
    stored += [str(e.changes) for e in AuditEvent.objects.filter(record_type="person")]
    assert stored and not any("Mezzeh" in s or "Rasha" in s or "933 210" in s for s in stored)
    diff = AuditEvent.objects.filter(record_type="person", action="update").last().changes
    assert diff["notes"][0] != diff["notes"][1]
    assert Person.objects.get(pk=victim.pk).notes == "Released in 2019; Rasha Qudsi confirmed"


def test_the_api_and_the_person_page_show_the_notes_to_staff(victim, client, analyst, no_2fa):
    client.force_login(analyst)
    assert client.get(f"/api/persons/{victim.pk}").json()["notes"] == NOTES


def test_the_migration_seals_stored_notes_and_opens_them_when_reversed(analyst, keys_folder):
    """The data migration on the tables as they were before it (notes a plain TextField)."""
    from importlib import import_module

    from django.db.migrations.loader import MigrationLoader

    migration = import_module("sijill.people.migrations.0004_notes_encrypted")
    before = MigrationLoader(connection).project_state([("people", "0003_death_fields"), ("audit", "0001_initial")]).apps
    person = person_create(user=analyst, name_latin="Old record")
    blank = person_create(user=analyst, name_latin="No notes")
    with connection.cursor() as cursor:  # as a database from before the migration holds them
        cursor.execute("UPDATE people_person SET notes = %s WHERE id = %s", [NOTES, person.pk])
    Version.objects.create(record_type="person", record_id=str(person.pk), number=9, data={"notes": NOTES})

    migration.seal_notes(before, None)
    raw = _raw_notes(person.pk)
    assert crypto.is_token(raw) and Person.objects.get(pk=person.pk).notes == NOTES
    assert _raw_notes(blank.pk) == ""
    assert Version.objects.get(record_id=str(person.pk), number=9).data["notes"].startswith("sealed:")
    migration.seal_notes(before, None)  # run twice: tokens are not sealed again
    assert crypto.decrypt_text(_raw_notes(person.pk), context=f"people.Person:{person.pk}:notes") == NOTES

    migration.open_notes(before, None)
    assert _raw_notes(person.pk) == NOTES


def test_key_rotation_reseals_the_notes_with_the_new_key(victim):
    from sijill.security import keys

    before = crypto.token_key_id(_raw_notes(victim.pk))
    keys.rotate(batch=2)
    after = crypto.token_key_id(_raw_notes(victim.pk))
    assert after != before and Person.objects.get(pk=victim.pk).notes == NOTES
