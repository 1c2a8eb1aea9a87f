"""Turning input files into documents to extract: one reader per format.

Plain text and Markdown are one document each, HTML one document whose main text the worker
extracts, JSON a record or a list of records, JSON Lines one record a line; any of them may be
gzipped. A bad file or record becomes an `InputError` in the stream and reading goes on.
Files are never opened unless they are regular files (a FIFO would block), never read past
`max_bytes` (a gzip bomb stops there), and JSON Lines are streamed line by line. A file or
list with no records at all is an `empty` error, not silence.

Each document's doc_id, resume key and content hash come from `identity`. With --resume a
document already in the output is `Skipped`, after the same warnings as when it was read
first, so that every run's errors file describes all its inputs.

The package by concern: `reading` holds the options and what every format shares (opening
regular files within limits, gzip, decoding notes), `inputs` sends each file to its
format's reader, `documents` reads text, Markdown and HTML, `json_file` and `json_lines`
read JSON and JSON Lines, and `records` turns a JSON record into a document.
"""

from __future__ import annotations

from tradeextract.batch.readers.inputs import read_file, read_inputs
from tradeextract.batch.readers.reading import DEFAULT_MAX_BYTES, ReaderOptions

__all__ = ["DEFAULT_MAX_BYTES", "ReaderOptions", "read_file", "read_inputs"]
