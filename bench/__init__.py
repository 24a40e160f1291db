"""Benchmarks of the documentation core at scale: generate.py builds the data, measure.py times it."""
