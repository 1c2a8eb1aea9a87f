"""What every rule-based component shares: its rules live in data files, and it saves them.

`nlp.to_disk` copies a component's data files into the pipeline folder and `spacy.load`
reads them back from there, so a saved pipeline is self-contained (models/); `to_bytes` carries
the same files, which `from_bytes` reads from memory. `exclude=["rules"]` leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import srsly

from tradeextract.resources import DATA_DIR, DataDir, RuleFiles, rule_text

RULES = "rules"  # what `exclude` names to leave a component's rule files out


def literal_atoms(form: str) -> list[str]:
    """A word as regex atoms, one per character; a space matches any whitespace."""
    return [r"\s" if char == " " else re.escape(char) for char in form]


def alternation(forms: Iterable[str], atoms: Callable[[str], list[str]] = literal_atoms) -> str:
    """A regex for any of `forms`, built as a character trie: 'US dollars' and 'US$' share
    their 'US'. The longest form wins where several match, and a gazetteer of hundreds of
    words costs about what one word does, where a flat alternation tries every form at every
    character."""
    trie: dict = {}
    for form in forms:
        node = trie
        for atom in atoms(form):
            node = node.setdefault(atom, {})
        node[""] = {}
    return _trie_regex(trie) or "(?!)"


def _trie_regex(node: dict) -> str:
    branches = [atom + _trie_regex(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class DataComponent:
    """A pipeline component configured by data files; subclasses set `data_files`, `load_rules`."""

    data_files: tuple[str, ...] = ()

    def __init__(self, data_dir: str | Path | None = None) -> None:
        self.data_dir: DataDir = Path(data_dir) if data_dir else DATA_DIR
        self.load_rules(self.data_dir)

    def load_rules(self, data_dir: DataDir) -> None:
        raise NotImplementedError

    def _use_rules(self, data_dir: DataDir) -> None:
        """Rules read and checked before they replace the ones in use."""
        self.load_rules(data_dir)
        self.data_dir = data_dir

    def rule_texts(self) -> dict[str, str]:
        return {name: rule_text(name, self.data_dir) for name in self.data_files}

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({} if RULES in exclude else {RULES: self.rule_texts()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> DataComponent:
        texts = srsly.msgpack_loads(data).get(RULES)
        if texts is not None and RULES not in exclude:
            self._use_rules(RuleFiles.of(texts))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        if RULES not in exclude:
            for name, text in self.rule_texts().items():
                (path / name).write_text(text, encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DataComponent:
        if RULES not in exclude:
            self._use_rules(Path(path))
        return self


def matches_at(
    text: str, pattern: re.Pattern[str], starts: list[int] | None
) -> Iterator[re.Match[str]]:
    """A pattern's matches, tried only at `starts` (where it can begin), or anywhere if None.

    Python's re tries a pattern at every character; most of ours can only begin at a digit,
    a currency sign or a month name, which a cheap anchor regex finds first."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    for start in starts:
        match = pattern.match(text, start)
        if match:
            yield match


# How far a match may reach from the required word it contains or follows ('between' before
# '$23 billion and $24 billion'), either side: in the fixtures, seeds, blind sets and benchmark
# corpus the farthest is 26 characters.
REQUIRED_WORD_REACH = 100


def required_word_windows(
    lowered: str, requires: Sequence[str], reach: int = REQUIRED_WORD_REACH
) -> list[tuple[int, int]]:
    """Stretches of the text within `reach` of a required word, merged: a pattern that must
    contain one of the words can only match there. Searching them instead of the whole text
    spares the regex engine the scan of every character, which a pattern opening with '\\b'
    and a case-insensitive word cannot skip."""
    hits = sorted((at, at + len(word)) for word in requires for at in _occurrences(lowered, word))
    windows: list[tuple[int, int]] = []
    for start, end in hits:
        low, high = max(0, start - reach), min(len(lowered), end + reach)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


def windows_near(text: str, lowered: str, requires: Sequence[str]) -> list[tuple[int, int]]:
    """`required_word_windows` of the text; the whole text as one window where lower() moved
    the offsets ('İ' becomes two characters)."""
    if len(lowered) != len(text):
        return [(0, len(text))]
    return required_word_windows(lowered, requires)


def _occurrences(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def matches_near(
    text: str, pattern: re.Pattern[str], windows: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    """A pattern's matches inside the windows, each matched again on the whole text: cut at
    the window's end, a match can come out shorter ('May' for 'May 2024')."""
    for low, high in windows:
        for found in pattern.finditer(text, low, high):
            match = pattern.match(text, found.start())
            if match:
                yield match


Candidate = tuple[int, int, int, str, re.Match[str]]  # start, end, priority, kind, match
PatternRow = tuple[str, re.Pattern[str], tuple[str, ...], str]  # kind, regex, requires, anchor


def find_candidates(
    text: str,
    patterns: Sequence[PatternRow],
    starts_for: Callable[[str, str], list[int] | None],
    keep: Callable[[str, re.Match[str]], bool] | None = None,
) -> list[Candidate]:
    """Every match of every pattern whose required words the text contains."""
    lowered = text.lower()
    starts: dict[str, list[int] | None] = {}
    windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}  # patterns share their words
    candidates: list[Candidate] = []
    for priority, (kind, pattern, requires, anchor) in enumerate(patterns):
        if requires and not any(map(lowered.__contains__, requires)):
            continue
        if anchor not in starts:
            starts[anchor] = starts_for(text, anchor)
        if starts[anchor] is None and requires:
            if requires not in windows:
                windows[requires] = windows_near(text, lowered, requires)
            found = matches_near(text, pattern, windows[requires])
        else:
            found = matches_at(text, pattern, starts[anchor])
        for match in found:
            if match.end() > match.start() and (keep is None or keep(kind, match)):
                candidates.append((match.start(), match.end(), priority, kind, match))
    return candidates


def longest_first(
    candidates: list[Candidate], convert: Callable[[str, re.Match[str]], Any]
) -> list:
    """The longest of overlapping matches (earlier pattern on a tie), in text order; a match
    `convert` turns into None is dropped and leaves room for the next one, and an item that
    ends before its match (its `end`) leaves room after it."""
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    found = []
    taken_until = -1
    for start, end, _priority, kind, match in candidates:
        if start < taken_until:
            continue
        item = convert(kind, match)
        if item is not None:
            found.append(item)
            taken_until = getattr(item, "end", end)  # shorter than its match: a range read as
            # its lower end alone leaves the upper end to the next candidate
    return found
