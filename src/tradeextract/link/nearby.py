"""A sentence's mentions found by character offset, so that each number looks only near itself.

The linker asks, for every number, which words lie just before it, just after it, or between
two offsets. Scanning the sentence's whole list for each number is quadratic in a sentence with
thousands of numbers (a table or a list of quotes without sentence ends). Here every question
is a binary search over sorted starts, and no question reaches further than `reach` characters
from the number that asks it: a sentence with n numbers costs O(n log n), whatever n is.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from tradeextract.link.mentions import Mention


class Nearby:
    """One sentence's mentions (sorted by start, longest first), with an index per kind."""

    def __init__(self, mentions: list[Mention], reach: int) -> None:
        self.mentions = mentions
        self.reach = reach
        self.starts = [m.start for m in mentions]
        # walks back stop once a mention starts this far before the floor: none reaching past
        # the floor can start earlier (mentions longer than `reach` are cut off at it)
        self.longest = min(max((m.end - m.start for m in mentions), default=0), reach)
        self._by_kind: dict[str, tuple[list[int], list[Mention]]] = {}
        self._words: Nearby | None = None

    def _of_kind(self, kind: str | None) -> tuple[list[int], list[Mention]]:
        if kind is None:
            return self.starts, self.mentions
        if kind not in self._by_kind:
            chosen = [m for m in self.mentions if m.kind == kind]
            self._by_kind[kind] = ([m.start for m in chosen], chosen)
        return self._by_kind[kind]

    @property
    def words(self) -> Nearby:
        """The same sentence without its numbers: what can describe a number."""
        if self._words is None:
            self._words = Nearby([m for m in self.mentions if m.kind != "QUANTITY"], self.reach)
        return self._words

    def starting(self, low: int, high: int, kind: str | None = None) -> list[Mention]:
        """Mentions with low <= start < high, in text order."""
        starts, mentions = self._of_kind(kind)
        return mentions[bisect.bisect_left(starts, low) : bisect.bisect_left(starts, high)]

    def inside(self, low: int, high: int, kind: str | None = None) -> list[Mention]:
        """Mentions with low <= start and end <= high, in text order."""
        return [m for m in self.starting(low, high, kind) if m.end <= high]

    def ending(self, low: int, high: int, kind: str | None = None) -> list[Mention]:
        """Mentions with low <= end <= high, in text order."""
        return [m for m in self.starting(low - self.longest, high, kind) if low <= m.end <= high]

    def before(self, position: int, floor: int) -> Iterator[Mention]:
        """Mentions ending in [floor, position], nearest first (the sentence's order reversed),
        no further back than `reach` characters."""
        low = max(floor, position - self.reach)
        index = bisect.bisect_left(self.starts, position) - 1
        while index >= 0:
            m = self.mentions[index]
            if m.start < low - self.longest:
                return
            if low <= m.end <= position:
                yield m
            index -= 1

    def near(self, position: int) -> tuple[int, int]:
        """The offsets `reach` characters either side of a position: a number's horizon."""
        return position - self.reach, position + self.reach
