"""`tradeextract extract ... --db DB`: the batch's documents written straight into the store.

The store is written in transactions of `chunk` documents, so a killed run leaves the store as
it was after its last complete chunk, never half a document; `close()` (which the runner calls
in a `finally`) writes the rest.
"""

from __future__ import annotations

import json
from typing import Any

from tradeextract.store.database import Store

CHUNK_DOCUMENTS = 100


class StoreWriter:
    """The batch's `Writer` for a store; with `also`, every document goes to that writer too,
    without its text unless `keep_text` (the store always keeps the text)."""

    def __init__(
        self, store: Store, also: Any = None, keep_text: bool = False, chunk: int = CHUNK_DOCUMENTS
    ) -> None:
        self.store = store
        self.also = also
        self.keep_text = keep_text
        self.chunk = chunk
        self.pending: list[dict[str, Any]] = []

    def write_line(self, line: str) -> None:
        record = json.loads(line)
        if self.also is not None:
            if self.keep_text or "text" not in record:
                self.also.write_line(line)
            else:
                self.also.write({key: value for key, value in record.items() if key != "text"})
        self._add(record)

    def write(self, record: dict[str, Any]) -> None:
        if self.also is not None:
            self.also.write(record)
        self._add(record)

    def _add(self, record: dict[str, Any]) -> None:
        self.pending.append(record)
        if len(self.pending) >= self.chunk:
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            pending, self.pending = self.pending, []
            self.store.load(pending)

    def close(self) -> None:
        try:
            self._flush()
        finally:
            try:
                self.store.close()
            finally:
                if self.also is not None:
                    self.also.close()
