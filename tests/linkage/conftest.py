"""Fixtures for the linkage tests: persons filed through the service, and runs of the real engine
over persons generated from real Syrian names."""

from __future__ import annotations

import pytest

from sijill.confidentiality import Confidentiality


@pytest.fixture
def filer(make_user):
    return make_user("admin", Confidentiality.SECRET, username="filer")


@pytest.fixture
def person(filer):
    """File a person through the service: person(name_ar, name_latin, **fields)."""
    from sijill.people.services import person_create

    def make(name_ar: str = "", name_latin: str = "", **fields):
        return person_create(user=filer, name_ar=name_ar, name_latin=name_latin, **fields)

    return make


@pytest.fixture
def proposed(db):
    """Store a run of proposed pairs as the engine would return them: proposed(kind, [(a, b, weight)])."""
    from sijill.linkage.engine import ScoredPair
    from sijill.linkage.models import LinkRun, RunStatus
    from sijill.linkage.services import _store_pairs

    def make(kind: str, pairs):
        run = LinkRun.objects.create(kind=kind, status=RunStatus.DONE)
        scored = [ScoredPair(str(a.pk), str(b.pk), weight, 1 / (1 + 2 ** -weight), {
            "given": {"left": a.name_latin or a.name_ar, "right": b.name_latin or b.name_ar, "level": "same key",
                      "agrees": True, "weight": 5.0},
            "sex": {"left": "m", "right": "f", "level": "different", "agrees": False, "weight": -2.0},
        }) for a, b, weight in pairs]
        run.pair_count = _store_pairs(run, scored)
        run.save()
        return run

    return make


def synthetic_persons(people: int, *, seed: int = 7, confidentiality=Confidentiality.INTERNAL):
    """Persons from sijill.linkage.synthetic (real names from the Airwars victims file, varied as
    lists vary), written to the database; returns {person pk: true identity}."""
    from real_data import shared_data

    from sijill.intake.models import ImportRecord, ImportRun
    from sijill.linkage.synthetic import generate
    from sijill.people.models import Person

    victims = shared_data("events/airwars_syria/airwars_syria_victims.csv")
    records = generate(victims, people=people, seed=seed)
    truth = {}
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get_or_create(username="synthetic-importer", defaults={"role": "admin",
                                                                                           "clearance": 3})[0]
    run = ImportRun.objects.create(user=user, file_name="synthetic", file_path="-", file_sha256="0" * 64)
    for i, s in enumerate(records):
        r = s.record
        if not (r.name_ar or r.name_latin):
            continue
        p = Person.objects.create(
            name_ar=r.name_ar, name_latin=r.name_latin, sex=r.sex or "unknown", age=r.age, birth_year=r.birth_year,
            death_date=r.event_date, confidentiality=confidentiality, search_text="",
        )
        ImportRecord.objects.create(source=r.source, source_key=r.id, target_type="person", target_id=p.pk,
                                    first_run=run, run=run, row_number=i + 2, content_hash="-")
        truth[p.pk] = s.person_id
    return truth
