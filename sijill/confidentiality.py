"""Confidentiality levels and the one filter that hides what a user may not see.

Every selector that reads incidents, persons, sources or reports passes its queryset through
`visible_to`; no view, API endpoint or export filters on its own.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidentiality(models.IntegerChoices):
    PUBLIC = 0, _("public")
    INTERNAL = 1, _("internal")
    RESTRICTED = 2, _("restricted")
    SECRET = 3, _("secret")


def clearance_of(user) -> int:
    """The highest level a user may see; anonymous users see nothing but public records."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return -1
    return int(user.clearance)


def visible_to(queryset, user, *, field: str = "confidentiality"):
    """Restrict a queryset of confidential records to what `user` is cleared for, not deleted."""
    query = {f"{field}__lte": clearance_of(user)}
    model = queryset.model
    if any(f.name == "deleted_at" for f in model._meta.get_fields()):
        query["deleted_at__isnull"] = True
    return queryset.filter(**query)
