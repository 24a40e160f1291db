"""Fixtures for the actor tests: the seeded actors by slug, a resolver over them, a user."""

from __future__ import annotations

import pytest


@pytest.fixture
def seeded(db) -> dict:
    """The actors seeded by actors/0002_seed_actors, keyed by slug."""
    from sijill.actors.models import Actor

    return {actor.slug: actor for actor in Actor.objects.all()}


@pytest.fixture
def resolver(db):
    from sijill.actors.selectors import actor_resolver

    return actor_resolver()


@pytest.fixture
def editor(db, django_user_model):
    user, _ = django_user_model.objects.get_or_create(username="actor-editor")
    return user
