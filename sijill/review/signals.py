"""Keep each source's stored origin key (review.SourceOrigin) in step with the source."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from sijill.sources.models import Source


@receiver(post_save, sender=Source, dispatch_uid="review_source_origin")
def source_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .services import origin_refresh

    origin_refresh([instance.pk])
