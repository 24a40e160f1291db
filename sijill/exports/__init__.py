"""Exports, redaction for publication, case files and public dataset releases."""
