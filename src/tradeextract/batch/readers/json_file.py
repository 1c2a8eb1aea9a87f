"""JSON files: one record object, or a list of records indexed by position.

The whole file is read within `max_bytes`, parsed, and each record handed to `records`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from tradeextract.batch.decoding import decode_bytes
from tradeextract.batch.discover import InputFile
from tradeextract.batch.identity import Identities, without_extension
from tradeextract.batch.items import Item
from tradeextract.batch.problems import InputProblem
from tradeextract.batch.readers.reading import ReaderOptions, encoding_warnings, read_limited
from tradeextract.batch.readers.records import describe_json_error, json_type, record_items


def read_json_file(
    file: InputFile, source: dict[str, Any], options: ReaderOptions, ids: Identities
) -> Iterator[Item]:
    """A .json file: one record object, or a list of them (index = position, from 0)."""
    data = read_limited(
        file.path, source["compressed"] is not None, options.max_bytes, whole="JSON file"
    )
    decoded = decode_bytes(data)
    try:
        parsed = json.loads(decoded.text)
    except (ValueError, RecursionError) as error:
        raise InputProblem(
            "malformed_json", f"not valid JSON: {describe_json_error(error)}"
        ) from None
    if isinstance(parsed, dict):
        records: Iterable[tuple[int | None, Any]] = [(None, parsed)]
    elif isinstance(parsed, list) and parsed:
        records = enumerate(parsed)
    elif isinstance(parsed, list):
        raise InputProblem("empty", "an empty list: no records to extract")
    else:
        raise InputProblem(
            "malformed_json",
            f"top level is {json_type(parsed)}: expected an object or a list of objects",
        )
    yield from encoding_warnings(file.shown, None, decoded)
    stem = without_extension(file.rel)
    for index, record in records:
        default_id = stem if index is None else f"{stem}:{index}"
        yield from record_items(record, file.shown, index, default_id, source, options, ids)
