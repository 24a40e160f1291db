"""The seeded parties: every listed alias resolves to its actor, hierarchy and paths hold,
and the data migration can be unapplied and applied again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

LISTED_ALIASES = {
    "isis": ["ISIS", "ISIL", "IS", "Islamic State", "Daesh", "Da'esh", "داعش",
             "تنظيم الدولة الإسلامية", "تنظيم الدولة", "الدولة الإسلامية في العراق والشام"],
    "syrian-government-forces": ["Syrian government forces", "Syrian Arab Army", "SAA",
                                 "Assad regime", "the regime", "regime forces", "قوات النظام",
                                 "النظام السوري", "قوات الأسد", "جيش النظام",
                                 "الجيش العربي السوري", "النظام"],
    "syrian-arab-air-force": ["Syrian Arab Air Force", "سلاح الجو السوري",
                              "الطيران الحربي التابع للنظام"],
    "4th-armoured-division": ["4th Armoured Division", "الفرقة الرابعة"],
    "tiger-forces": ["Tiger Forces", "قوات النمر"],
    "national-defence-forces": ["National Defence Forces", "قوات الدفاع الوطني"],
    "air-force-intelligence": ["Air Force Intelligence", "المخابرات الجوية"],
    "russian-forces": ["Russian forces", "القوات الروسية"],
    "russian-air-force": ["Russian Air Force", "الطيران الروسي"],
    "irgc": ["IRGC", "الحرس الثوري"],
    "hezbollah": ["Hezbollah", "حزب الله"],
    "iranian-backed-militias": ["الميليشيات الإيرانية"],
    "international-coalition": ["International Coalition", "US-led coalition", "Coalition",
                                "CJTF-OIR", "التحالف الدولي", "طيران التحالف",
                                "التحالف الدولي بقيادة الولايات المتحدة"],
    "us-forces": ["US forces"], "uk-forces": ["UK forces"], "french-forces": ["French forces"],
    "sdf": ["SDF", "Syrian Democratic Forces", "قوات سوريا الديمقراطية", "قسد"],
    "ypg": ["YPG", "People's Protection Units", "وحدات حماية الشعب"],
    "ypj": ["YPJ"],
    "hts": ["HTS", "Hayat Tahrir al-Sham", "Tahrir al-Sham", "هيئة تحرير الشام",
            "Jabhat al-Nusra", "Nusra Front", "جبهة النصرة"],
    "sna": ["SNA", "Syrian National Army", "الجيش الوطني السوري"],
    "free-syrian-army": ["Free Syrian Army", "FSA", "الجيش السوري الحر"],
    "sultan-murad-division": ["Sultan Murad Division", "فرقة السلطان مراد"],
    "hamza-division": ["Hamza Division", "فرقة الحمزة"],
    "ahrar-al-sham": ["Ahrar al-Sham", "أحرار الشام"],
    "turkish-forces": ["Turkish forces", "Turkish Armed Forces", "TAF", "الجيش التركي",
                       "القوات التركية"],
    "israeli-forces": ["Israeli forces", "IDF", "الجيش الإسرائيلي", "الاحتلال الإسرائيلي"],
    "unknown": ["Unknown perpetrator", "unidentified", "مجهول", "جهة مجهولة"],
}

UNITS = {
    "syrian-government-forces": ["syrian-arab-air-force", "4th-armoured-division", "tiger-forces",
                                 "national-defence-forces", "air-force-intelligence"],
    "russian-forces": ["russian-air-force"],
    "iranian-forces": ["irgc", "hezbollah", "iranian-backed-militias"],
    "international-coalition": ["us-forces", "uk-forces", "french-forces"],
    "sdf": ["ypg", "ypj"],
    "sna": ["sultan-murad-division", "hamza-division", "ahrar-al-sham"],
}


@pytest.mark.parametrize(
    ("slug", "name"), [(slug, name) for slug, names in LISTED_ALIASES.items() for name in names]
)
def test_listed_alias_resolves_to_its_actor(resolver, seeded, slug, name):
    best = resolver.resolve(name)
    assert best, name
    assert best[0].actor_id == seeded[slug].pk
    # No other actor is as good a reading of the name.
    assert all(m.score < best[0].score for m in best[1:])


def test_every_stored_alias_resolves_exactly_to_its_actor(resolver):
    from sijill.actors.models import ActorAlias

    for alias in ActorAlias.objects.all():
        exact = {m.actor_id for m in resolver.resolve(alias.name) if m.score == 1.0}
        assert alias.actor_id in exact, alias.name


def test_aliases_are_language_tagged_and_normalised():
    from sijill.actors.models import ActorAlias
    from sijill.text.normalise import has_arabic, normalise

    for alias in ActorAlias.objects.all():
        assert alias.normalised == normalise(alias.name)
        assert alias.language == ("ar" if has_arabic(alias.name) else "en"), alias.name


def test_every_party_has_the_same_shape(seeded):
    for actor in seeded.values():
        assert actor.name_en and actor.name_ar and actor.description, actor.slug
        assert actor.actor_type is not None, actor.slug
        assert actor.aliases.filter(language="ar").exists(), actor.slug
        assert actor.aliases.filter(language="en").exists(), actor.slug
        if actor.slug != "unknown":
            assert actor.acled_inter_code in {1, 2, 3, 4, 8}, actor.slug


def test_paths_follow_the_hierarchy(seeded):
    for actor in seeded.values():
        parent_path = actor.parent.path if actor.parent else "/"
        assert actor.path == f"{parent_path}{actor.pk}/", actor.slug


def test_units_are_in_their_party_subtree(seeded):
    from sijill.actors.selectors import actor_subtree_ids

    for party, units in UNITS.items():
        subtree = actor_subtree_ids(actor=seeded[party])
        assert seeded[party].pk in subtree
        for unit in units:
            assert seeded[unit].pk in subtree, unit
    assert seeded["ypg"].parent == seeded["sdf"]
    assert seeded["isis"].pk not in actor_subtree_ids(actor=seeded["sdf"])


def test_find_in_on_seeded_actors(resolver, seeded):
    text = "وقصفت قوات النظام والطيران الروسي قرية في ريف إدلب، بينما استهدفت قسد خلايا لتنظيم الدولة."
    found = {text[m.start:m.end]: m.actor_id for m in resolver.find_in(text)}
    assert found == {
        "قوات النظام": seeded["syrian-government-forces"].pk,
        "الطيران الروسي": seeded["russian-air-force"].pk,
        "قسد": seeded["sdf"].pk,
        "تنظيم الدولة": seeded["isis"].pk,
    }
    text = "Turkish drones struck an SDF position; the YPG blamed Turkish Armed Forces."
    found = {text[m.start:m.end]: m.actor_id for m in resolver.find_in(text)}
    assert found == {
        "Turkish drones": seeded["turkish-air-force"].pk,
        "SDF": seeded["sdf"].pk,
        "YPG": seeded["ypg"].pk,
        "Turkish Armed Forces": seeded["turkish-forces"].pk,
    }


@pytest.mark.django_db(transaction=True)
def test_seed_migration_is_reversible():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from sijill.actors.models import Actor, ActorAlias

    actors, aliases = Actor.objects.count(), ActorAlias.objects.count()
    assert actors > 40 and aliases > 400

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()  # every app: reversing actors also reverses the apps built on it
    executor.migrate([("actors", "0001_initial")])
    assert (Actor.objects.count(), ActorAlias.objects.count()) == (0, 0)

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)
    assert (Actor.objects.count(), ActorAlias.objects.count()) == (actors, aliases)
