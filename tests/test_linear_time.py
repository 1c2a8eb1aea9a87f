"""No slow path: the tokenizer never sees a long run, the linker looks only near each number.

These tests assert structure (how long a token can be, how many mentions a number is compared
with), not speed; benchmarks/worst_case.py measures the time. The one timed test is an end-to-end
call that must finish within the batch's per-document timeout, with a wide margin.
"""

from __future__ import annotations

import dataclasses
import string
import time
from collections.abc import Iterator

import pytest
import spacy
from spacy.language import Language

import tradeextract
from tradeextract.batch.runner import BatchOptions
from tradeextract.extensions import Provenance, provenance
from tradeextract.link import KEYS
from tradeextract.link.context import Context
from tradeextract.link.drafts import group_drafts
from tradeextract.link.long_sentences import bound_sentences
from tradeextract.link.mentions import Mention, collect_mentions
from tradeextract.link.nearby import Nearby
from tradeextract.link.state import DocState, load_link_rules
from tradeextract.link.window import window_of
from tradeextract.resources import DATA_DIR
from tradeextract.segment.layout import normalise
from tradeextract.segment.sentences import Sentence
from tradeextract.tokenizer import (
    MAX_CHUNK,
    MAX_RUN,
    TOKENIZER_NAME,
    GuardedTokenizer,
    chunk_cuts,
    english_tokenizer,
)

RULES = load_link_rules(DATA_DIR)


def batch_timeout() -> float:
    return next(f.default for f in dataclasses.fields(BatchOptions) if f.name == "timeout")


# ---------------------------------------------------------------- the tokenizer guard


@pytest.mark.parametrize("char", ["$", "(", "=", "-", "'", "_", "."])
def test_a_100000_character_run_becomes_bounded_tokens(nlp: Language, char: str) -> None:
    text = char * 100_000
    assert chunk_cuts(text) == list(range(MAX_RUN, 100_000, MAX_RUN))
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(token) for token in doc) <= MAX_RUN
    assert len(doc) >= 100_000 // MAX_RUN


@pytest.mark.parametrize(
    "chunk", ["a" * 100_000, "exports" * 10_000, "中国出口增长" * 10_000, "x's" * 30_000]
)
def test_a_long_whitespace_free_chunk_is_cut_into_bounded_pieces(nlp: Language, chunk: str) -> None:
    text = f"Exports rose 5%. {chunk} Imports fell."
    doc = nlp.make_doc(text)
    assert doc.text == text
    assert max(len(token) for token in doc) <= MAX_CHUNK
    assert [t.text for t in doc[:5]] == ["Exports", "rose", "5", "%", "."]
    assert [t.text for t in doc[-3:]] == ["Imports", "fell", "."]


def test_cuts_fall_at_word_edges_and_bound_every_piece() -> None:
    chunk, run = "abc/" * 200, "!" * 50
    text = f"see {chunk} and {run}"
    cuts = chunk_cuts(text)
    run_start = text.index(run)
    assert [c for c in cuts if c > run_start] == [run_start + 16, run_start + 32, run_start + 48]
    in_chunk = [4, *(c for c in cuts if 4 < c < 4 + len(chunk)), 4 + len(chunk)]
    assert all(text[c - 1].isalnum() != text[c].isalnum() for c in in_chunk[1:-1])
    lengths = [b - a for a, b in zip(in_chunk, in_chunk[1:], strict=False)]
    assert all(MAX_CHUNK // 2 <= n <= MAX_CHUNK for n in lengths[:-1])
    assert 0 < lengths[-1] <= MAX_CHUNK


def test_offsets_stay_exact_where_the_guard_cuts(nlp: Language) -> None:
    text = (
        "Header\n"
        + "=" * 5_000
        + "\n\nChina's exports rose 5.2% to $24.1 billion "
        + "(" * 300
        + "in 2023"
        + ")" * 300
        + ".\n"
        + "$" * 20_000
        + "  \t end"
    )
    doc = nlp.make_doc(text)
    source = provenance(doc)
    assert source.text == text
    for token in doc:  # tokens have no white space: the layout step copies them as they are
        assert source.span(token.idx, token.idx + len(token))["text"] == token.text
    document = nlp(text)
    for claim in document._.claims:
        assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text


def test_every_ascii_punctuation_run_is_bounded(nlp: Language) -> None:
    for char in string.punctuation:
        doc = nlp.make_doc(char * 2_000)
        assert max(len(token) for token in doc) <= MAX_RUN, char


def test_prose_goes_through_the_tokenizer_untouched(
    nlp: Language, fixture_texts: dict[str, str]
) -> None:
    plain = english_tokenizer(nlp)
    for doc_id, text in fixture_texts.items():
        assert chunk_cuts(text) == [], doc_id
        laid_out = normalise(text).text  # the layout step runs first
        assert [t.text for t in nlp.make_doc(text)] == [t.text for t in plain(laid_out)], doc_id


def test_the_pipeline_config_names_the_guarded_tokenizer(nlp: Language, tmp_path) -> None:
    assert isinstance(nlp.tokenizer.base, GuardedTokenizer)  # behind the layout step
    assert nlp.config["nlp"]["tokenizer"]["@tokenizers"] == TOKENIZER_NAME
    nlp.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    assert isinstance(loaded.tokenizer.base, GuardedTokenizer)
    assert "U.S." in [t.text for t in loaded.make_doc("U.S.-China trade")]
    assert max(len(t) for t in loaded.make_doc("$" * 10_000)) <= MAX_RUN


def test_the_guard_pickles_with_its_bounds(nlp: Language) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(nlp.tokenizer))
    assert (again.max_chunk, again.max_run) == (MAX_CHUNK, MAX_RUN)
    assert [t.text for t in again("U.S.-China $$$")] == ["U.S.", "-", "China", "$", "$", "$"]


# ---------------------------------------------------------------- the linker


def numbers_sentence(nlp: Language, count: int) -> tuple[str, list[Mention]]:
    text = "5% " * count
    doc = nlp(text)
    return text, collect_mentions(doc, KEYS)


def candidates_of_middle_number(nlp: Language, count: int) -> tuple[int, int, int]:
    """How many mentions the middle number of a `count`-number sentence can look at."""
    _text, mentions = numbers_sentence(nlp, count)
    nearby = Nearby(mentions, RULES.reach)
    q = mentions[len(mentions) // 2]
    low, high = nearby.near(q.start)
    return (
        len(list(nearby.before(q.start, 0))),
        len(nearby.starting(low, high)),
        len(nearby.ending(0, q.start)),
    )


def test_a_numbers_candidate_set_does_not_grow_with_the_sentence(nlp: Language) -> None:
    small = candidates_of_middle_number(nlp, 2_000)
    large = candidates_of_middle_number(nlp, 10_000)
    assert small[:2] == large[:2]
    per_reach = RULES.reach // 3 + 1  # one '5%' every 3 characters
    assert large[0] <= per_reach
    assert large[1] <= 2 * per_reach
    assert large[2] > 4_000  # the index itself still sees the whole sentence when asked


class ScannedList(list):
    """A list that counts how often it is read from end to end."""

    scans = 0

    def __iter__(self) -> Iterator[Mention]:
        ScannedList.scans += 1
        return super().__iter__()


class CountingNearby(Nearby):
    """Nearby over ScannedLists that remembers the most mentions one question returned."""

    largest = 0

    def __init__(self, mentions: list[Mention], reach: int) -> None:
        super().__init__(ScannedList(mentions), reach)

    def starting(self, low: int, high: int, kind: str | None = None) -> list[Mention]:
        found = super().starting(low, high, kind)
        CountingNearby.largest = max(CountingNearby.largest, len(found))
        return found

    def before(self, position: int, floor: int) -> Iterator[Mention]:
        found = list(super().before(position, floor))
        CountingNearby.largest = max(CountingNearby.largest, len(found))
        return iter(found)

    @property
    def words(self) -> Nearby:
        if self._words is None:
            self._words = CountingNearby(
                [m for m in self.mentions if m.kind != "QUANTITY"], self.reach
            )
        return self._words


@pytest.mark.parametrize("count", [1_000, 10_000])
def test_the_linker_compares_each_number_with_a_bounded_set(nlp: Language, count: int) -> None:
    """Grouping and windows of a sentence of `count` numbers: the sentence's mentions are read
    end to end a fixed number of times (building the index), never once per number, and no
    question about one number returns more than the mentions within `reach` of it."""
    text, mentions = numbers_sentence(nlp, count)
    state = DocState(text, Provenance(text, []), None, None, None, Context(), RULES)
    ScannedList.scans = CountingNearby.largest = 0
    nearby = CountingNearby(mentions, RULES.reach)
    quantities = [m for m in mentions if m.kind == "QUANTITY"]
    drafts = group_drafts(quantities, nearby, state, 0)
    assert len(drafts) == count
    for i in range(count):
        prev, nxt = drafts[i - 1] if i else None, drafts[i + 1] if i + 1 < count else None
        window = window_of(drafts[i], prev, nxt, nearby, 0, len(text), state)
        assert [m.start for m in window.numbers] == [drafts[i].first]
    assert ScannedList.scans <= 20
    assert 0 < CountingNearby.largest <= 2 * (RULES.reach // 3 + 1)


def test_nearby_answers_as_a_scan_would(nlp: Language) -> None:
    text = "China's exports rose 5.2% to $24.1 billion, while imports from Japan fell 3% in 2023."
    mentions = collect_mentions(nlp(text), KEYS)
    nearby = Nearby(mentions, reach=1_000)
    for low in range(0, len(text), 7):
        for high in range(low, len(text) + 1, 11):
            assert nearby.inside(low, high) == [
                m for m in mentions if low <= m.start and m.end <= high
            ]
            assert nearby.ending(low, high) == [m for m in mentions if low <= m.end <= high]
            assert list(nearby.before(high, low)) == [
                m for m in reversed(mentions) if low <= m.end <= high
            ]


def test_a_long_sentence_is_linked_in_pieces_with_a_note(nlp: Language) -> None:
    row = "China exports $4.71 billion, up 11.2% year-on-year, imports 3.1 million tonnes, "
    text = row * (3 * RULES.max_sentence // len(row))
    doc = nlp(text)
    mentions = collect_mentions(doc, KEYS)
    sentence = Sentence(0, len(text.rstrip()), 0, False, True)
    pieces, notes = bound_sentences(
        [sentence], text, mentions, RULES.max_sentence, RULES.clause_break
    )
    assert len(pieces) >= 3 and len(notes) == 1
    assert all(p.end - p.start <= RULES.max_sentence for p in pieces)
    assert all(a.end <= b.start for a, b in zip(pieces, pieces[1:], strict=False))
    for piece in pieces:
        assert not any(m.start < piece.end < m.end for m in mentions)
    document = tradeextract.extract(text, "long", nlp=nlp)
    assert document.model_dump()["notes"] == doc._.notes
    assert "linked in" in document.model_dump()["notes"][0]
    assert len(document.claims) >= text.count("$4.71") * 2 - len(pieces)


def test_ordinary_documents_have_no_notes(nlp: Language, fixture_texts: dict[str, str]) -> None:
    for doc_id, text in fixture_texts.items():
        assert "notes" not in tradeextract.extract(text, doc_id, nlp=nlp).model_dump(), doc_id


# ---------------------------------------------------------------- end to end


def test_a_20000_dollar_run_finishes_within_the_batch_timeout(nlp: Language) -> None:
    text = "Exports rose 5% to $3 billion. " + "$" * 20_000 + " Imports fell 2%."
    start = time.perf_counter()
    document = tradeextract.extract(text, "dollars", nlp=nlp)
    seconds = time.perf_counter() - start
    assert seconds < batch_timeout() / 3
    found = [(c.flow, c.value.text if c.value else None, c.change.text) for c in document.claims]
    assert found == [("export", "$3 billion", "5%"), ("import", None, "2%")]


def test_collections_are_fewer_while_linking_and_restored_after(nlp: Language) -> None:
    import gc

    from tradeextract.gc_policy import YOUNG_THRESHOLD, fewer_collections

    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= YOUNG_THRESHOLD
    nlp("Exports rose 5% to $3 billion in May.")
    assert gc.get_threshold() == before
