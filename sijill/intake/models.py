"""intake models."""
