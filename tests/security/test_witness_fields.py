"""Witness identities on sources: stored encrypted, bound to the record, searchable exactly."""

from __future__ import annotations

import pytest
from django.db import connection

from sijill.audit.models import AuditEvent, Version
from sijill.security import crypto
from sijill.sources.models import Source
from sijill.sources.selectors import source_list
from sijill.sources.services import source_create, source_update

NAME = "سلمى الخطيب"


@pytest.fixture
def source(analyst, keys_folder):
    return source_create(user=analyst, title="Field statement", source_type="witness-testimony",
                         witness_name=NAME, witness_contact="+963 944 000 111")


def _raw(pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM sources_source WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_witness_identity_is_stored_as_a_token_bound_to_the_record(source):
    raw = _raw(source.pk, "witness_name")
    assert crypto.is_token(raw) and NAME not in raw
    assert crypto.decrypt_text(raw, context=f"sources.Source:{source.pk}:witness_name") == NAME
    fresh = Source.objects.get(pk=source.pk)
    assert fresh.witness_name == NAME and fresh.witness_contact == "+963 944 000 111"


def test_token_copied_to_another_source_does_not_open(source, analyst):
    other = source_create(user=analyst, title="Other", source_type="witness-testimony")
    Source.objects.filter(pk=other.pk).update(witness_name=_raw(source.pk, "witness_name"))
    with pytest.raises(crypto.DecryptionFailed):
        _ = Source.objects.get(pk=other.pk).witness_name


def test_versions_and_audit_never_hold_the_clear_name(source, analyst):
    source_update(user=analyst, source_id=source.pk, lock_version=source.lock_version,
                  witness_name="Salma Khatib")
    stored = [str(v.data) for v in Version.objects.filter(record_type="source")]
    stored += [str(e.changes) for e in AuditEvent.objects.filter(record_type="source")]
    assert stored and not any(NAME in s or "Salma" in s or "944 000" in s for s in stored)
    diff = AuditEvent.objects.filter(record_type="source", action="update").last().changes
    assert diff["witness_name"][0] != diff["witness_name"][1]


def test_exact_search_by_witness_name_through_the_blind_index(source, analyst):
    assert list(source_list(user=analyst, q="سلمى   الخطيب")) == [source]
    assert list(source_list(user=analyst, q="سلمى")) == []


def test_plain_text_filters_on_sealed_fields_are_refused(source):
    with pytest.raises(ValueError, match="encrypted"):
        list(Source.objects.filter(witness_name=NAME))
