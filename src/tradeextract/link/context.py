"""Context carried between sentences (spec section 3): the frame news states once and drops.

Each field remembers the mention it came from, so an inherited field can point at the span it
was inherited from. `UNSET` differs from None: "foreign trade" sets product to None (all
goods) on purpose, which later sentences inherit instead of the headline's product.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

UNSET: Any = object()


@dataclass
class Slot:
    value: Any
    source: tuple[int, int] | None  # character span it was read from


@dataclass
class Frame:
    """What one scope (a section, or the headline + first paragraph) has stated so far."""

    slots: dict[str, Slot] = field(default_factory=dict)

    def set(self, name: str, value: Any, source: tuple[int, int] | None) -> None:
        self.slots[name] = Slot(value, source)

    def get(self, name: str) -> Slot | None:
        return self.slots.get(name)


PARAGRAPH_SCOPED = frozenset({"product", "hs_code", "period"})
HEAD_BEFORE_SECTION = frozenset({"period"})
# the lead's first period is the article's frame; later ones in the lead are details
HEAD_FIRST_STATED = frozenset({"period", "year", "article_year"})


@dataclass
class Context:
    """Paragraph, then section, then head frame: the order spec section 3 gives.

    A product a claim names carries through its own paragraph only: the next paragraph's bare
    "exports" are more often the total again than that product. A product a heading or the
    headline names carries through the section or the whole document."""

    head: Frame = field(default_factory=Frame)
    section: Frame = field(default_factory=Frame)
    paragraph: Frame = field(default_factory=Frame)
    section_index: int = 0
    paragraph_index: int = 0

    def enter(self, section: int, paragraph: int, run_on: bool = False) -> None:
        """A new sentence; in a run-on block (paragraph breaks lost), a sentence's period
        is its own: paragraph frames are kept for the rest."""
        if run_on:
            self.paragraph.slots.pop("period", None)
        if section != self.section_index:
            self.section_index = section
            self.section = Frame()
        if paragraph != self.paragraph_index:
            self.paragraph_index = paragraph
            self.paragraph = Frame()

    def lookup(self, name: str) -> Slot | None:
        """A period stated in another paragraph is usually a detail ('In June alone'); the
        lead's period is the article's frame, so it comes before the section's for periods."""
        if name in HEAD_BEFORE_SECTION:
            return self.paragraph.get(name) or self.head.get(name) or self.section.get(name)
        return self.paragraph.get(name) or self.section.get(name) or self.head.get(name)

    def state(
        self,
        name: str,
        value: Any,
        source: tuple[int, int] | None,
        in_head: bool,
        heading: bool = False,
    ) -> None:
        if name in PARAGRAPH_SCOPED and not heading:
            self.paragraph.set(name, value, source)
        if name not in PARAGRAPH_SCOPED or heading or name in HEAD_BEFORE_SECTION:
            self.section.set(name, value, source)
        if in_head and not (name in HEAD_FIRST_STATED and self.head.get(name)):
            self.head.set(name, value, source)
