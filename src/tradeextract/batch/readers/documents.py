"""Plain text, Markdown and HTML files: each file is one document.

The whole file is read within `max_bytes` and decoded; HTML keeps its markup for the
worker to extract the main text from.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tradeextract.batch.decoding import decode_bytes
from tradeextract.batch.discover import InputFile
from tradeextract.batch.identity import Identities, content_sha256
from tradeextract.batch.items import DocTask, Item, Skipped
from tradeextract.batch.problems import InputProblem
from tradeextract.batch.readers.reading import (
    ReaderOptions,
    changed_warning,
    encoding_fields,
    encoding_warnings,
    read_limited,
)


def read_document_file(
    file: InputFile, source: dict[str, Any], options: ReaderOptions, ids: Identities
) -> Iterator[Item]:
    """A text, Markdown or HTML file as one document (HTML is extracted later, in the worker)."""
    data = read_limited(file.path, source["compressed"] is not None, options.max_bytes)
    decoded = decode_bytes(data)
    if not decoded.text.strip():
        raise InputProblem(
            "empty",
            "only whitespace: nothing to extract" if data else "empty file: nothing to extract",
        )
    sha256 = content_sha256(data)
    warnings = encoding_warnings(file.shown, None, decoded)
    found = ids.lookup((source["rel_path"], None), sha256)
    if found.status == "done":
        yield from warnings
        yield Skipped(min(found.doc_ids), file.shown)
        return
    doc_id = ids.for_file(file, reusable=found.doc_ids)
    if found.status == "changed":
        ids.replaces(doc_id, found)
        warnings.append(changed_warning(file.shown, None, doc_id))
    yield DocTask(
        doc_id=doc_id,
        path=file.shown,
        text=decoded.text,
        markup="html" if source["format"] == "html" else "text",
        source={**source, "input_sha256": sha256, **encoding_fields(decoded)},
        warnings=warnings,
    )
