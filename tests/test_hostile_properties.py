"""Properties that must hold for ANY input text, checked on generated hostile text.

`tradeextract.extract` never raises; every span it returns is `text[start:end]`; the same
input gives the same output, alone or in a batch; the output survives a JSON round trip
through the models. The batch readers likewise never raise on arbitrary bytes. The pipeline
is conftest's session-wide `nlp` fixture.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tradeextract
from tradeextract.batch.discover import Discovery
from tradeextract.batch.items import DocTask, FileDone, InputError, Skipped
from tradeextract.batch.readers import ReaderOptions, read_inputs
from tradeextract.model import Document

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FRAGMENTS = [
    "China's exports rose 5.2% year-on-year to $24.1 billion in the first half of 2025.",
    "Imports fell 3.1 percentage points to 2.5 billion yuan (about $350 million) in Q3.",
    "Exports to Germany, France and Italy all grew by more than 10%, a 15-fold rise.",
    "$$$", "%%%", "1e308", "1e308 trillion dollars", "999999999999999999999 trillion dollars",
    "-0.0%", "NaN%", "inf billion", "$-", "US$", "¥", "€1.2bn", "2-3 billion", "6-6.5%",
    "(about $2 trillion)", "up 3 pp", "January to May", "first half of 2025", "H1 2025",
    "صادرات الصين ارتفعت 5% في 2024", "\u202eexports rose 5%\u202c", "📦🚢 exports rose 🔥 7% 🇨🇳",
    "\x00", "\x1b[31m", "\ufeff", "\u200b", "\u2028", "\r\n", "\r", "\t", "\x0c",
    "出口增长5.2%，达到241亿美元", "１２３％", "٣٤٥", "½", "²", "Ⅻ", "0x1F", "1,2,3,4,5",
]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.from_regex(r"\A[0-9]{1,80}\Z"),
    st.from_regex(r"\A[0-9]{1,3}(,[0-9]{3}){0,8}(\.[0-9]{1,4})?\Z"),
    st.floats().map(str),
    st.text(max_size=20),
    st.sampled_from([" ", "  ", "\n", ". ", ", ", "\n\n"]),
)
HOSTILE_TEXT = st.lists(PIECES, max_size=25).map("".join)
ANY_TEXT = st.text(max_size=400)


def spans_in(value: Any, where: str = "doc") -> list[tuple[str, dict[str, Any]]]:
    """Every {start, end, text} object anywhere in the output (evidence, value, change, spans...)."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            found.append((where, value))
        for key, inner in value.items():
            found += spans_in(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += spans_in(inner, f"{where}[{index}]")
    return found


def check_document(document: Document, text: str) -> None:
    assert isinstance(document, Document)
    dumped = document.model_dump()
    for where, span in spans_in(dumped):
        assert 0 <= span["start"] <= span["end"] <= len(text), f"{where} out of range: {span}"
        assert span.get("text") == text[span["start"] : span["end"]], f"{where}: {span}"
    as_json = document.model_dump_json()
    assert Document.model_validate_json(as_json).model_dump_json() == as_json


@SETTINGS
@given(text=HOSTILE_TEXT)
def test_hostile_text_never_raises_and_spans_hold(nlp: Any, text: str) -> None:
    check_document(tradeextract.extract(text, doc_id="h", nlp=nlp), text)


@SETTINGS
@given(text=ANY_TEXT)
def test_any_unicode_never_raises_and_spans_hold(nlp: Any, text: str) -> None:
    check_document(tradeextract.extract(text, doc_id="u", nlp=nlp), text)


@SETTINGS
@given(text=HOSTILE_TEXT, other=HOSTILE_TEXT)
def test_same_input_same_output_alone_or_in_a_batch(nlp: Any, text: str, other: str) -> None:
    alone = tradeextract.extract(text, doc_id="d", nlp=nlp).model_dump_json()
    assert tradeextract.extract(text, doc_id="d", nlp=nlp).model_dump_json() == alone
    items = [(text, "d", None), (other, "o", None), (text, "d", None)]
    batch = [doc.model_dump_json() for doc in tradeextract.extract_many(items, nlp=nlp)]
    assert batch[0] == alone and batch[2] == alone


@SETTINGS
@given(
    data=st.one_of(
        st.binary(max_size=1500), HOSTILE_TEXT.map(lambda t: t.encode("utf-8", "replace"))
    ),
    suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]),
    gzipped=st.booleans(),
)
def test_readers_never_raise_on_arbitrary_bytes(data: bytes, suffix: str, gzipped: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        name = f"x{suffix}.gz" if gzipped else f"x{suffix}"
        (Path(folder) / name).write_bytes(gzip.compress(data) if gzipped else data)
        items = list(read_inputs(Discovery([folder]), ReaderOptions(max_bytes=1000)))
    assert isinstance(items[-1], FileDone)
    for item in items[:-1]:
        assert isinstance(item, (DocTask, InputError, Skipped))
        if isinstance(item, DocTask):
            assert item.text.strip()
            item.text.encode("utf-8")  # no lone surrogates: the outputs are UTF-8
        elif isinstance(item, InputError):
            assert item.reason and item.kind
