"""Verification and case building: review workflow, corroboration, legal elements."""
