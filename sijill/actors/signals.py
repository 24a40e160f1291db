"""Keep the cached actor resolver in step with the actor tables of this process."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Actor, ActorAlias
from .selectors import actor_resolver_forget


@receiver(post_save, sender=Actor, dispatch_uid="actors_forget_resolver_actor_saved")
@receiver(post_delete, sender=Actor, dispatch_uid="actors_forget_resolver_actor_deleted")
@receiver(post_save, sender=ActorAlias, dispatch_uid="actors_forget_resolver_alias_saved")
@receiver(post_delete, sender=ActorAlias, dispatch_uid="actors_forget_resolver_alias_deleted")
def forget_resolver(**kwargs) -> None:
    actor_resolver_forget()
