"""The bulk person writer's shortcuts give exactly what the services give: search text word by
word, and a full-text index filled once per batch instead of by the insert trigger."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from sijill.intake.services import import_execute, import_prepare
from sijill.intake.writers import names_search_text
from sijill.people.models import Person
from sijill.people.services import person_create
from sijill.search_index import indexed_after_insert, search_filter
from sijill.text.normalise import search_text

# Arabic letters with their hamza/ta marbuta/diacritic forms, Latin with accents and apostrophes,
# digits of three scripts, punctuation and whitespace of several kinds (NBSP, tab, newline).
_ALPHABET = "محمدأإآةىؤئًٌٍَُِّْـ abcçéşĀ'’ʿ-،,.٣۴5 \u00a0\t\n\u00a8\ufe70"
_PEOPLE = [["1", "محمد الأحمد", "Mohammad al-Ahmad"], ["2", "فاطمة العلي", "Fatima al-Ali"]]


@given(st.lists(st.one_of(st.none(), st.text(alphabet=_ALPHABET, max_size=40), st.text(max_size=20)), max_size=4))
@settings(max_examples=300, deadline=None)
def test_names_search_text_equals_the_normalisers_search_text(parts):
    assert names_search_text(*parts) == search_text(*parts)


@pytest.fixture
def plain_people(importer):
    from sijill.intake.services import mapping_save

    return mapping_save(user=importer, name="plain-people", target="person", source_name="test-bulk", spec={
        "key": ["id"], "fields": {"name_ar": "name_ar", "name_latin": "name"}})


def _found(query: str) -> set[str]:
    return set(search_filter(Person.objects.all(), query).values_list("name_latin", flat=True))


def _insert_trigger_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'people_person_fts_ai'")
        return cursor.fetchone()[0] == 1


def test_imported_persons_are_found_by_full_text_search(importer, plain_people, write_csv):
    run = import_prepare(user=importer, path=write_csv("p.csv", ["id", "name_ar", "name"], _PEOPLE),
                         mapping_name="plain-people")
    assert import_execute(run_id=run.pk).created == 2
    assert _found("الاحمد") == {"Mohammad al-Ahmad"}
    assert _found("fatima") == {"Fatima al-Ali"}
    # The insert trigger is back: a person filed afterwards by the service is indexed as ever.
    person_create(user=importer, name_latin="Khaled Omar")
    assert _found("khaled") == {"Khaled Omar"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the trigger is SQLite's FTS5 index (PostgreSQL: a GIN index)")
def test_a_failed_batch_leaves_the_insert_trigger_in_place(db):
    with pytest.raises(RuntimeError), transaction.atomic(), indexed_after_insert("people_person", 1, 10):
        assert not _insert_trigger_exists()
        raise RuntimeError("the batch failed")
    assert _insert_trigger_exists()
