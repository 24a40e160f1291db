"""Security and reliability: deployment check, backups, keys and field encryption."""
