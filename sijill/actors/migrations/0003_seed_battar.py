"""Seed Battalion al-Battar (كتيبة البتار), a unit of the Islamic State, with its aliases.

A Libyan-founded battalion that fought in Syria before joining ISIS in 2014 and then served it as
a unit; reports name it on its own ("Katibat al-Battar al-Libi"), so the alias resolver needs it
to attribute those reports to ISIS. Same row shape as 0002's ACTORS.

Reversible: unapplying removes the unit and its aliases (records that refer to it block that).
"""

from django.db import migrations

from sijill.text.normalise import normalise

# (slug, parent slug, actor_type code, ACLED inter code, name_en, name_ar, description,
#  English aliases, Arabic aliases)
ACTORS = [
    (
        "isis-battar", "isis", "unit", 2,
        "Battalion al-Battar", "كتيبة البتار",
        "Battalion of mostly Libyan fighters (Katibat al-Battar al-Libi) that pledged allegiance "
        "to the Islamic State in 2014 and fought as its unit in Syria and Iraq.",
        ["Katibat al-Battar", "Katibat al-Battar al-Libi", "al-Battar Battalion",
         "Battar Battalion", "al-Battar Brigade"],
        ["كتيبة البتار الليبية", "كتيبة البتار الليبي", "كتائب البتار"],
    ),
]

SLUGS = [row[0] for row in ACTORS]


def seed(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    ActorAlias = apps.get_model("actors", "ActorAlias")
    Term = apps.get_model("vocabularies", "Term")
    types = {t.code: t for t in Term.objects.filter(kind="actor_type")}
    for slug, parent_slug, type_code, acled, name_en, name_ar, description, en, ar in ACTORS:
        parent = Actor.objects.get(slug=parent_slug)
        actor, _ = Actor.objects.update_or_create(
            slug=slug,
            defaults={
                "name_en": name_en, "name_ar": name_ar, "description": description,
                "actor_type": types.get(type_code), "acled_inter_code": acled, "parent": parent,
            },
        )
        actor.path = f"{parent.path}{actor.pk}/"
        actor.save(update_fields=["path"])
        existing = set(ActorAlias.objects.filter(actor=actor).values_list("normalised", flat=True))
        rows = [(name_en, "en"), *((n, "en") for n in en), (name_ar, "ar"), *((n, "ar") for n in ar)]
        new = []
        for name, language in rows:
            normalised = normalise(name)
            if normalised and normalised not in existing:
                existing.add(normalised)
                new.append(ActorAlias(actor=actor, name=name, language=language, normalised=normalised))
        ActorAlias.objects.bulk_create(new)


def unseed(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    ActorAlias = apps.get_model("actors", "ActorAlias")
    actors = list(Actor.objects.filter(slug__in=SLUGS))
    ActorAlias.objects.filter(actor__in=actors).delete()
    for actor in actors:
        actor.delete()


class Migration(migrations.Migration):
    dependencies = [("actors", "0002_seed_actors")]
    operations = [migrations.RunPython(seed, unseed)]
