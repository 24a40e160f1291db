"""Analysis: statistics, maps, timelines and charts from the live record."""
