"""Record linkage: one victim, one record, across sources and scripts, with human review."""
