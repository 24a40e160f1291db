"""Overlap queries over sorted, non-overlapping character spans, in logarithmic time.

Long texts have tens of thousands of items; checking each new span against all others would make
extraction quadratic, so rules keep the spans they have taken in a `SpanSet`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort


class SpanSet:
    """A set of non-overlapping [start, end) spans."""

    def __init__(self, spans=()):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for s, e in sorted(spans):
            if not self.overlaps(s, e):
                self.add(s, e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return True
        return i < len(self.starts) and self.starts[i] < max(end, start + 1)

    def contains(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos)
        return bool(i) and self.starts[i - 1] <= pos < self.ends[i - 1]

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def near(sorted_starts: list[int], pos: int, distance: int) -> bool:
    """True when some start lies within `distance` of `pos`."""
    i = bisect_left(sorted_starts, pos - distance + 1)
    return i < len(sorted_starts) and sorted_starts[i] < pos + distance


__all__ = ["SpanSet", "insort", "near"]
