"""A sentence's mentions found by character offset, so that each number looks only near itself.

The linker asks, for every number, which words lie just before it, just after it, or between
two offsets. Scanning the sentence's whole list for each number is quadratic in a sentence with
thousands of numbers (a table or a list of quotes without sentence ends). Here every question
is a binary search over sorted starts, and no question reaches further than `reach` characters
from the number that asks it: a sentence with n numbers costs O(n log n), whatever n is.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from tradeextract.link.mentions import Mention


class Nearby:
    """One sentence's mentions, sorted by start (longest first), and their starts."""

    def __init__(self, mentions: list[Mention], reach: int) -> None:
        self.mentions = mentions
        self.reach = reach
        self.starts = [m.start for m in mentions]
        self._longest = -1
        self._words: Nearby | None = None

    @property
    def words(self) -> Nearby:
        """The same sentence without its numbers: what can describe a number."""
        if self._words is None:
            self._words = Nearby([m for m in self.mentions if m.kind != "QUANTITY"], self.reach)
        return self._words

    @property
    def longest(self) -> int:
        """Walks back stop once a mention starts this far before the floor: none that reaches
        past the floor can start earlier (mentions longer than `reach` are cut off at it)."""
        if self._longest < 0:
            longest = max((m.end - m.start for m in self.mentions), default=0)
            self._longest = min(longest, self.reach)
        return self._longest

    def starting(self, low: int, high: int, kind: str | None = None) -> list[Mention]:
        """Mentions (of a kind) with low <= start < high, in text order."""
        found = self.mentions[bisect_left(self.starts, low) : bisect_left(self.starts, high)]
        return found if kind is None else [m for m in found if m.kind == kind]

    def inside(self, low: int, high: int) -> list[Mention]:
        """Mentions with low <= start and end <= high, in text order."""
        found = self.mentions[bisect_left(self.starts, low) : bisect_left(self.starts, high)]
        return [m for m in found if m.end <= high]

    def ending(self, low: int, high: int, kind: str | None = None) -> list[Mention]:
        """Mentions (of a kind) with low <= end <= high, in text order."""
        first = bisect_left(self.starts, low - self.longest)
        found = self.mentions[first : bisect_left(self.starts, high)]
        return [m for m in found if low <= m.end <= high and (kind is None or m.kind == kind)]

    def before(self, position: int, floor: int) -> Iterator[Mention]:
        """Mentions ending in [floor, position], nearest first (the sentence's order reversed),
        no further back than `reach` characters."""
        low = max(floor, position - self.reach)
        stop = low - self.longest
        index = bisect_left(self.starts, position) - 1
        while index >= 0:
            m = self.mentions[index]
            if m.start < stop:
                return
            if low <= m.end <= position:
                yield m
            index -= 1

    def near(self, position: int) -> tuple[int, int]:
        """The offsets `reach` characters either side of a position: a number's horizon."""
        return position - self.reach, position + self.reach
