"""drafts models."""
