"""Sijill: documentation of violations against civilians, from field report to evidence."""

__version__ = "0.1.0"
