"""Creating actors and adding aliases: validation, paths, audit events, the resolver cache;
and the read selectors."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sijill.actors.models import Actor
from sijill.actors.selectors import actor_get, actor_list, actor_resolver, actor_subtree_ids
from sijill.actors.services import actor_alias_add, actor_create
from sijill.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_actor_create_sets_path_aliases_and_audits(editor, seeded):
    sna = seeded["sna"]
    unit = actor_create(
        user=editor, name_en="Jaysh al-Nukhba", name_ar="جيش النخبة", parent=sna,
        actor_type="unit", aliases=[("Elite Army", "en"), "النخبة"],
    )
    assert unit.path == f"{sna.path}{unit.pk}/"
    assert unit.actor_type.code == "unit" and unit.created_by == editor
    assert unit.pk in actor_subtree_ids(actor=sna)
    assert set(unit.aliases.values_list("name", "language")) == {
        ("Jaysh al-Nukhba", "en"), ("جيش النخبة", "ar"), ("Elite Army", "en"), ("النخبة", "ar"),
    }
    event = AuditEvent.objects.get(record_type="actor", record_id=str(unit.pk))
    assert event.action == "create" and event.changes["parent"] == sna.pk


def test_new_actor_is_resolved_at_once(editor):
    actor = actor_create(user=editor, name_en="Jaysh al-Izza", name_ar="جيش العزة")
    assert actor_resolver().resolve("جيش العزه")[0].actor_id == actor.pk
    assert actor.path == f"/{actor.pk}/"


def test_actor_create_refuses_an_empty_name(editor):
    with pytest.raises(ValidationError) as error:
        actor_create(user=editor, name_en="  ")
    assert "name_en" in error.value.message_dict


def test_actor_create_refuses_an_unknown_type(editor):
    with pytest.raises(ValidationError) as error:
        actor_create(user=editor, name_en="Some brigade", actor_type="battalion")
    assert "actor_type" in error.value.message_dict
    assert not Actor.objects.filter(name_en="Some brigade").exists()


def test_actor_create_refuses_the_same_alias_twice(editor):
    with pytest.raises(ValidationError) as error:
        actor_create(user=editor, name_en="Brigade X", aliases=["Liwa X", "liwa x"])
    assert "aliases" in error.value.message_dict


def test_alias_add_refuses_a_duplicate_on_the_same_actor(editor, seeded):
    with pytest.raises(ValidationError) as error:
        actor_alias_add(user=editor, actor=seeded["isis"], name="DAESH", language="en")
    assert "name" in error.value.message_dict


def test_alias_add_refuses_empty_names_and_unknown_languages(editor, seeded):
    with pytest.raises(ValidationError) as error:
        actor_alias_add(user=editor, actor=seeded["isis"], name=" ", language="en")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actor_alias_add(user=editor, actor=seeded["isis"], name="Daech", language="fr")
    assert "language" in error.value.message_dict


def test_alias_add_allows_a_name_another_actor_uses(editor, seeded):
    alias = actor_alias_add(user=editor, actor=seeded["sna"], name="Coalition", language="en")
    assert alias.normalised == "coalition"
    readings = {m.actor_id for m in actor_resolver().resolve("Coalition")}
    assert readings == {seeded["sna"].pk, seeded["international-coalition"].pk}


def test_alias_add_audits_and_bumps_the_actor_version(editor, seeded):
    actor = seeded["ypj"]
    before = actor.lock_version
    actor_alias_add(user=editor, actor=actor, name="Yekîneyên Parastina Jinê", language="en")
    actor.refresh_from_db()
    assert actor.lock_version == before + 1 and actor.updated_by == editor
    event = AuditEvent.objects.filter(record_type="actor", record_id=str(actor.pk)).last()
    assert event.action == "update"
    assert event.changes == {"aliases": {"added": [["Yekîneyên Parastina Jinê", "en"]]}}
    assert actor_resolver().resolve("Yekineyen Parastina Jine")[0].actor_id == actor.pk


def test_actor_list_matches_names_and_aliases_in_both_scripts(seeded):
    assert seeded["hts"] in actor_list(query="النصره")
    assert seeded["hts"] in actor_list(query="Nusra")
    assert seeded["isis"] in actor_list(query="daesh")
    assert seeded["sdf"] in actor_list(query="قسد")
    assert seeded["isis"] not in actor_list(query="قسد")
    assert actor_list().count() == len(seeded)


def test_actor_list_and_get_leave_out_deleted_actors(seeded):
    from django.utils import timezone

    actor = seeded["wagner-group"]
    actor.deleted_at = timezone.now()
    actor.save()
    assert actor not in actor_list(query="Wagner")
    assert actor_get(actor_id=actor.pk) is None
    assert actor.pk not in actor_subtree_ids(actor=seeded["russian-forces"])
    assert all(m.actor_id != actor.pk for m in actor_resolver().resolve("Wagner"))
    assert actor_get(actor_id=seeded["sdf"].pk) == seeded["sdf"]
