"""The pipeline's tokenizer: spaCy's English one, guarded so its cost is linear in the text.

spaCy strips prefixes and suffixes off a whitespace-free chunk one at a time, and every strip
searches the rest of the chunk again: a run of 8,000 '$', '(' or '=' (a separator line, a
broken encoding) takes seconds, 100,000 take minutes. Before the tokenizer sees the text, the
guard cuts every run of punctuation longer than `max_run` characters into pieces of that
length, and every whitespace-free chunk longer than `max_chunk` into pieces of at most that
length (preferably where a word meets punctuation); each piece is then tokenised as a chunk of
its own, so the cost is linear. The Doc is built from the pieces' words and spaces: the
Doc's text is the input's, character for character, so every offset stays exact. Text without
such a chunk (all ordinary prose) goes through spaCy's tokenizer untouched.

Registered as `tradeextract.Tokenizer.v1` in spaCy's tokenizer registry, so a pipeline saved
with `nlp.to_disk` names it in its config.cfg and `spacy.load` builds it again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language, create_tokenizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex, get_lang_class

from tradeextract.segment.tokenizer import LayoutTokenizer

TOKENIZER_NAME = "tradeextract.Tokenizer.v1"
# Bounds in characters. In the fixtures, seeds and benchmark corpus no whitespace-free chunk
# is longer than 24 and no run of punctuation longer than 3: prose never reaches them.
MAX_CHUNK = 256
MAX_RUN = 16

WORD_EDGE = re.compile(r"(?<=\w)(?=\W)|(?<=\W)(?=\w)")
HYPHEN_AFTER_ABBREVIATION = r"(?<=[A-Z]\.)-(?=[A-Z])"  # 'U.S.-China': the place 'U.S.' alone
FOOTNOTE_MARK = r"[¹²³⁴⁵⁶⁷⁸⁹⁰*†‡]+$"  # 'avocado¹', 'exports*': a footnote mark, not the word


@lru_cache(maxsize=8)
def _chunk_longer_than(length: int) -> re.Pattern[str]:
    """A whitespace-free chunk longer than `length`, after the space before it: starting with
    a space lets the regex engine skip to the next one quickly (prose has one every few
    characters), and the possessive repeat never scans a chunk twice."""
    return re.compile(rf"\s(\S{{{length + 1},}}+)")


@lru_cache(maxsize=8)
def _affix_run_longer_than(length: int) -> re.Pattern[str]:
    """A run of characters that are neither word nor space ('_' too: spaCy strips it)."""
    return re.compile(rf"(?:[^\w\s]|_){{{length + 1},}}+")


def _long_chunks(text: str, length: int) -> Iterator[tuple[int, int]]:
    """Start and end of every whitespace-free chunk longer than `length`, in text order."""
    first = re.match(rf"\S{{{length + 1},}}+", text)
    if first:
        yield first.span()
    for match in _chunk_longer_than(length).finditer(text):
        yield match.span(1)


def _last_word_edge(text: str, low: int, high: int) -> int | None:
    """The last position in [low, high] where a word character meets another character."""
    last = None
    for match in WORD_EDGE.finditer(text, low, high + 1):
        last = match.start()
    return last


def _cut_stretch(text: str, start: int, end: int, max_chunk: int) -> list[int]:
    """Cuts that leave no piece of text[start:end] longer than `max_chunk`: at the last word
    edge in the second half of each stretch, else at the bound itself."""
    cuts = []
    while end - start > max_chunk:
        edge = _last_word_edge(text, start + max_chunk // 2, start + max_chunk)
        start = edge if edge is not None else start + max_chunk
        cuts.append(start)
    return cuts


def _cuts_in_chunk(text: str, start: int, end: int, max_chunk: int, max_run: int) -> list[int]:
    """Every `max_run` characters of a long run of punctuation, then wherever a piece is still
    longer than `max_chunk`."""
    run_cuts = [
        cut
        for run in _affix_run_longer_than(max_run).finditer(text, start, end)
        for cut in range(run.start() + max_run, run.end(), max_run)
    ]
    bounds = [start, *run_cuts, end]
    cuts = run_cuts[:]
    for low, high in zip(bounds, bounds[1:], strict=False):
        cuts += _cut_stretch(text, low, high, max_chunk)
    return sorted(cuts)


def chunk_cuts(text: str, max_chunk: int = MAX_CHUNK, max_run: int = MAX_RUN) -> list[int]:
    """Where to cut the text so that no run of punctuation is longer than `max_run` and no
    whitespace-free piece longer than `max_chunk`; none in ordinary prose. Only chunks longer
    than `max_run` can need a cut, and prose has few: one regex pass finds them."""
    return [
        cut
        for start, end in _long_chunks(text, max_run)
        for cut in _cuts_in_chunk(text, start, end, max_chunk, max_run)
    ]


class GuardedTokenizer:
    """spaCy's tokenizer behind a bound on chunk length; everything else is the tokenizer's own
    (serialisation, special cases, `explain`)."""

    def __init__(
        self, tokenizer: Tokenizer, max_chunk: int = MAX_CHUNK, max_run: int = MAX_RUN
    ) -> None:
        if not 2 <= max_run <= max_chunk:
            raise ValueError(f"need 2 <= max_run <= max_chunk, not {max_run} and {max_chunk}")
        self.tokenizer = tokenizer
        self.max_chunk = max_chunk
        self.max_run = max_run

    def __call__(self, text: str) -> Doc:
        cuts = chunk_cuts(text, self.max_chunk, self.max_run)
        if not cuts:
            return self.tokenizer(text)
        return self._tokenize_cut(text, cuts)

    def _tokenize_cut(self, text: str, cuts: list[int]) -> Doc:
        """Tokenise with a space at every cut (so each piece is a chunk of its own), then build
        the Doc without those spaces: the same tokens, over the original text."""
        bounds = [0, *cuts, len(text)]
        spaced = " ".join(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False))
        inserted = {cut + shift for shift, cut in enumerate(cuts)}  # where the spaces are
        words, spaces = [], []
        for token in self.tokenizer(spaced):
            words.append(token.text)
            spaces.append(bool(token.whitespace_) and token.idx + len(token) not in inserted)
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def to_disk(self, path: str | Path, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: str | Path, **kwargs: Any) -> GuardedTokenizer:
        self.tokenizer.from_disk(path, **kwargs)
        return self

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> GuardedTokenizer:
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (unpickling): never recurse
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def english_tokenizer(nlp: Language) -> Tokenizer:
    """spaCy's default tokenizer for the language, plus one infix: 'U.S.-China' gives the
    place 'U.S.' a token of its own; and one suffix: a footnote mark leaves its word whole."""
    tokenizer = create_tokenizer()(nlp)
    infixes = [*nlp.Defaults.infixes, HYPHEN_AFTER_ABBREVIATION]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    suffixes = [*nlp.Defaults.suffixes, FOOTNOTE_MARK]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    return tokenizer


@spacy.registry.tokenizers(TOKENIZER_NAME)
def create_guarded_tokenizer(
    max_chunk: int = MAX_CHUNK, max_run: int = MAX_RUN
) -> Callable[[Language], LayoutTokenizer]:
    """The pipeline's tokenizer, as named in a saved pipeline's config.cfg: the layout undone
    (segment/tokenizer.py), then spaCy's tokenizer behind the bound on chunk length."""

    def make(nlp: Language) -> LayoutTokenizer:
        return LayoutTokenizer(GuardedTokenizer(english_tokenizer(nlp), max_chunk, max_run))

    return make


def tokenizer_config(max_chunk: int = MAX_CHUNK, max_run: int = MAX_RUN) -> dict[str, Any]:
    """The `[nlp.tokenizer]` block that selects the guarded tokenizer."""
    return {"@tokenizers": TOKENIZER_NAME, "max_chunk": max_chunk, "max_run": max_run}


def guarded_blank(lang: str = "en") -> Language:
    """`spacy.blank(lang)` with the guarded tokenizer (the config's sections in spaCy's order,
    so a saved pipeline's config.cfg reads like any other)."""
    language = get_lang_class(lang)
    config = language.default_config.copy()
    config["nlp"]["tokenizer"] = tokenizer_config()
    return language.from_config(config)
