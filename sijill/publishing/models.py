"""Public submissions: testimony and tips sent through the portal, sealed at rest.

Everything the submitter writes is encrypted field by field (sijill.security.crypto) with the
submission's random reference bound as associated data, so a sealed value copied to another
row does not open. Name and contact are stored only when the submitter chose to give them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    TESTIMONY = "testimony", _("testimony (I saw or lived it)")
    TIP = "tip", _("tip (I know about it)")


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("new")
    ACCEPTED = "accepted", _("taken into documentation")
    DISCARDED = "discarded", _("discarded")


# The sealed fields and what each holds once opened.
SEALED_FIELDS = ("account", "place", "when", "name", "contact")


class Submission(models.Model):
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SubmissionKind.choices)
    language = models.CharField(max_length=2, blank=True)
    account_sealed = models.TextField()
    place_sealed = models.TextField(blank=True)
    when_sealed = models.TextField(blank=True)
    identity_given = models.BooleanField(default=False)
    name_sealed = models.TextField(blank=True)
    contact_sealed = models.TextField(blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(identity_given=True) | (models.Q(name_sealed="") & models.Q(contact_sealed="")),
                name="submission_identity_only_when_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_at:%Y-%m-%d %H:%M}"

    def context(self, field: str) -> str:
        """The associated data a sealed field is bound to."""
        return f"publishing.Submission:{self.ref}:{field}"
