"""Errors a user can cause, raised by services and shown at the edge (view, API, CLI)."""

from __future__ import annotations


class NotFound(Exception):
    """The record does not exist, is deleted, or is above the user's clearance.

    The three are deliberately indistinguishable to the user.
    """


class PermissionDenied(Exception):
    """The user's role does not allow this action."""


class EditConflict(Exception):
    """Someone else saved the record after this user loaded it; nothing was written."""

    def __init__(self, *, record_type: str, record_id, yours: dict, theirs: dict, their_version: int):
        self.record_type = record_type
        self.record_id = record_id
        self.yours = yours
        self.theirs = theirs
        self.their_version = their_version
        from django.utils.translation import gettext

        super().__init__(
            gettext(
                "This record was changed by someone else (now at version %(version)d) after you opened it. "
                "Nothing was saved; compare both versions and apply your changes again."
            ) % {"version": their_version}
        )
