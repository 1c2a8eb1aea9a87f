"""Layout normalisation, sentences, furniture and the segmenter component."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from tradeextract.segment.layout import normalise
from tradeextract.segment.sentences import segment_text

WRAPPED = (
    "OTTAWA, March 12 - Canada's merchandise exports rose 4.1 pct\n"
    "in February to 10.3 billion dlrs from 9.9 billion dlrs in January,\n"
    "Statistics Canada said. Imports fell to 9.1 billion dlrs from 9.6\n"
    "billion dlrs, leaving a surplus of 1.2 billion dlrs.\n"
    "    The wheat board said exports for the 1986/87 crop year were\n"
    "running ahead of last year's pace.\n"
)


def nonspace_maps_back(source: str) -> None:
    result = normalise(source)
    for index, char in enumerate(result.text):
        if not char.isspace():
            start, end = result.to_source(index, index + 1)
            assert source[start:end] == char


def test_soft_wraps_join_and_indented_lines_start_paragraphs() -> None:
    text = normalise(WRAPPED).text
    assert "rose 4.1 pct in February" in text
    assert "from 9.6 billion dlrs" in text
    assert text.count("\n") == 1  # only before the indented paragraph
    assert text.split("\n")[1].startswith("The wheat board")
    nonspace_maps_back(WRAPPED)


def test_crlf_double_spaces_and_indentation_give_one_layout() -> None:
    plain = "Exports rose 5% in May.\n\nImports fell 2%."
    messy = "  Exports  rose 5%\tin May.  \r\n\r\n   Imports   fell 2%.  "
    assert normalise(messy).text == normalise(plain).text == plain
    nonspace_maps_back(messy)


def test_markdown_lines_keep_their_breaks() -> None:
    text = "# Trade\n- exports rose 5%\n- imports fell 2%\n| rice | 4.1 |\n| corn | 2.0 |"
    assert normalise(text).text == text


def test_a_span_of_the_normalised_text_maps_to_the_same_words_in_the_source() -> None:
    source = "Exports to the\nUnited  States rose\r\nsharply in the\nfirst half."
    result = normalise(source)
    start = result.text.index("United States")
    s, e = result.to_source(start, start + len("United States"))
    assert source[s:e] == "United  States"


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\r\t-#|")), max_size=200))
def test_every_character_maps_back(source: str) -> None:
    nonspace_maps_back(source)


def labels(text: str) -> list[tuple[str, str]]:
    out = []
    for s in segment_text(normalise(text).text):
        kind = "furniture" if s.is_furniture else "heading" if s.is_heading else "body"
        out.append((kind, normalise(text).text[s.start : s.end]))
    return out


def test_one_line_page_keeps_its_lead_and_drops_menu_and_related_list() -> None:
    page = (
        "Home | World | Business | Markets | Sign in Kenya's flower exports rise 11% "
        "NAIROBI - Kenya earned Sh110 billion from cut flowers in 2023, up 11.3%. "
        "Volumes grew 6.2%. Related stories Tea exports slip 4% as prices fall "
        "Coffee earnings climb 9% \u00a9 2024 Example Media. All rights reserved."
    )
    found = labels(page)
    assert found[0] == ("furniture", "Home | World | Business | Markets | Sign in")
    assert found[1][0] == "body" and found[1][1].startswith("Kenya's flower exports")
    assert ("body", "Volumes grew 6.2%.") in found
    related = [t for kind, t in found if "Tea exports" in t]
    assert related and all(kind == "furniture" for kind, t in found if "Tea" in t or "\u00a9" in t)


def test_head_of_a_one_line_page_is_its_first_sentences() -> None:
    text = " ".join(f"Sentence {i} says exports rose {i}%." for i in range(12))
    sentences = segment_text(text)
    assert [s.in_head for s in sentences[:3]] == [True, True, False]
    assert all(s.run_on for s in sentences)


def test_table_rows_are_tables_and_rules_and_fences_are_furniture() -> None:
    text = "Exports by product\n| Product | Value |\n|---|---|\n| Rice | 4.1 |\n```\nA   1.0   2.0"
    sentences = segment_text(normalise(text).text)
    kinds = [(s.is_table, s.is_furniture) for s in sentences]
    assert kinds == [
        (False, False),
        (True, False),
        (False, True),
        (True, False),
        (False, True),
        (True, False),
    ]


@pytest.fixture(scope="module")
def sentencizer_nlp(nlp: spacy.Language) -> spacy.Language:
    """The default pipeline with spaCy's sentencizer in place of trade_segmenter."""
    other = spacy.blank("en")
    other.tokenizer = nlp.tokenizer
    other.add_pipe("sentencizer")
    for name in nlp.pipe_names:
        if name != "trade_segmenter":
            other.add_pipe(name, source=nlp)
    return other


def test_structure_is_in_doc_spans(nlp: spacy.Language) -> None:
    doc = nlp("Trade news\n\nExports rose 5% in May. Imports fell 2%.\n\nRelated\nOther story")
    assert [s.label_ for s in doc.spans["trade_sentences"]] == [
        "heading",
        "body",
        "body",
        "furniture",
        "furniture",
    ]
    assert [s.text for s in doc.sents][1] == "Exports rose 5% in May."
    assert len(doc.spans["trade_sections"]) >= 1 and doc.spans["trade_head"]


def test_another_sentence_splitter_can_take_the_segmenters_place(
    nlp: spacy.Language, sentencizer_nlp: spacy.Language
) -> None:
    text = "Japan's exports rose 5.2% in May to 8.9 trillion yen. Imports fell 2.1%."
    claims: Any = sentencizer_nlp(text)._.claims
    assert "trade_segmenter" not in sentencizer_nlp.pipe_names
    assert [c.change.amount for c in claims] == [c.change.amount for c in nlp(text)._.claims]
