"""Verification and case building: review workflow, corroboration, legal elements."""
from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "sijill.review"

    def ready(self):
        from . import signals  # noqa: F401
