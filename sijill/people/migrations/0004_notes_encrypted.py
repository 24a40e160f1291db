"""Persons' notes are encrypted at rest (AES-GCM, the record bound as associated data).

Forward: every note already stored is sealed in place, and the person snapshots kept in
`audit_version` get the keyed fingerprint new snapshots carry instead of the clear text.
Backward: the notes are opened again into clear text; snapshots keep their fingerprints (the
clear text is not kept anywhere to bring back). Audit events are hash-chained and are not
rewritten: notes changed before this migration stay in their change history (docs/threat-model.md).
"""

from django.db import migrations

import sijill.security.fields

CHUNK = 2000


def _chunks(ids):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def seal_notes(apps, schema_editor):
    from sijill.security import crypto
    from sijill.security.fields import seal_in_bulk

    Person = apps.get_model("people", "Person")
    Version = apps.get_model("audit", "Version")
    ids = list(Person._base_manager.exclude(notes="").order_by("pk").values_list("pk", flat=True))
    for part in _chunks(ids):
        plain = {pk: {"notes": notes} for pk, notes in Person._base_manager.filter(pk__in=part).values_list("pk", "notes")
                 if not crypto.is_token(notes)}
        seal_in_bulk(Person, plain)
    ids = list(Version.objects.filter(record_type="person").order_by("pk").values_list("pk", flat=True))
    for part in _chunks(ids):
        changed = []
        for version in Version.objects.filter(pk__in=part):
            notes = version.data.get("notes") if isinstance(version.data, dict) else None
            if notes and not str(notes).startswith("sealed:"):
                version.data["notes"] = crypto.sealed_fingerprint(notes, context="people.Person.notes")
                changed.append(version)
        Version.objects.bulk_update(changed, ["data"])


def open_notes(apps, schema_editor):
    from sijill.security import crypto

    Person = apps.get_model("people", "Person")
    ids = list(Person._base_manager.exclude(notes="").order_by("pk").values_list("pk", flat=True))
    for part in _chunks(ids):
        for pk, token in Person._base_manager.filter(pk__in=part).values_list("pk", "notes"):
            if crypto.is_token(token):
                plain = crypto.decrypt_text(token, context=f"people.Person:{pk}:notes")
                Person._base_manager.filter(pk=pk).update(notes=plain)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0003_death_fields'),
        ('audit', '0001_initial'),
    ]

    operations = [
        # Runs while the field is still a plain TextField, which stores tokens and clear text alike.
        migrations.RunPython(seal_notes, open_notes),
        # The column stays `text`: only the model state changes. (A database AlterField of the field
        # class would make SQLite rebuild people_person and drop its full-text index triggers.)
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='person',
                name='notes',
                field=sijill.security.fields.EncryptedTextField(blank=True, help_text='stored encrypted',
                                                                verbose_name='notes'),
            ),
        ]),
    ]
