"""evidence models."""
