"""Fixtures for the review tests: users in each part of the workflow, and a small incident."""

from __future__ import annotations

import pytest

from sijill.confidentiality import Confidentiality


@pytest.fixture
def crimes(db):
    """The seeded crimes; a transactional test elsewhere may have flushed them, so put them back."""
    import importlib

    from django.apps import apps

    from sijill.review.models import Crime

    if not Crime.objects.exists():
        importlib.import_module("sijill.review.migrations.0002_seed_crimes").seed(apps, None)
    return Crime.objects.all()


@pytest.fixture
def documenter(make_user):
    return make_user("documenter", Confidentiality.RESTRICTED, "dana")


@pytest.fixture
def reviewer(make_user):
    return make_user("analyst", Confidentiality.RESTRICTED, "rami")


@pytest.fixture
def second_reviewer(make_user):
    return make_user("analyst", Confidentiality.RESTRICTED, "sara")


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator", Confidentiality.SECRET, "omar")


@pytest.fixture
def make_source(documenter):
    from sijill.sources.services import source_create

    def make(title="Report", *, user=None, **fields):
        fields.setdefault("source_type", "media-article")
        return source_create(user=user or documenter, title=title, **fields)

    return make


@pytest.fixture
def make_incident(documenter, make_source):
    from sijill.incidents.services import incident_create

    def make(title="Shelling of a market", *, user=None, sources=None, place=None, acts=None, **fields):
        if sources is None:
            sources = [make_source("Field report", origin="Our field team")]
        return incident_create(
            user=user or documenter, title_en=title, start_date=fields.pop("start_date", "2019-03-04"),
            place=place, sources=[s.pk for s in sources], acts=acts or [], **fields,
        )

    return make
